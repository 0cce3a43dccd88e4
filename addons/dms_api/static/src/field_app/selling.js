/**
 * What the order screen shows beyond prices and schemes: the must-sell and focus products of the
 * outlet (``dms.assortment`` lists, matched on the device by the server's scope rule) and the
 * suggested order (``POST suggested_order``) turned into a basket, with what the server records
 * to measure how much of it reps keep (``suggested_qty`` per line, ``suggested_line_count``).
 *
 * Plain JavaScript without Odoo imports: the screen and the Hoot tests use the same functions.
 */

export const ASSORTMENTS = "assortments";
export const SUGGESTIONS = "suggestions";

/**
 * The lists of ``assortments`` (as pulled) whose scope covers ``outlet`` on ``date``
 * (YYYY-MM-DD), by ``dms.assortment._dms_matches``: company, dates, a territory covering the
 * outlet's (or an ancestor), channel, class, outlets; an empty scope covers everyone.
 */
export function outletAssortments(assortments, outlet, date) {
    const territories = new Set(outlet?.territory_path || []);
    const within = (ids, value) => !ids?.length || (value && ids.includes(value));
    return assortments.filter(
        (a) =>
            a.active !== false &&
            (!outlet.company_id || !a.company_id || a.company_id === outlet.company_id) &&
            (!a.date_from || a.date_from <= date) &&
            (!a.date_to || a.date_to >= date) &&
            (!a.territory_ids?.length || a.territory_ids.some((t) => territories.has(t))) &&
            within(a.channel_ids, outlet.dms_channel_id) &&
            within(a.outlet_class_ids, outlet.dms_outlet_class_id) &&
            within(a.partner_ids, outlet.id)
    );
}

/**
 * The outlet's flags: ``mustSell`` (product id -> minimum units, the highest of its lists) and
 * ``focus`` (product ids).
 *
 * @returns {{mustSell: Map<number, number>, focus: Set<number>}}
 */
export function outletFlags(assortments, outlet, date) {
    const mustSell = new Map();
    const focus = new Set();
    for (const list of outletAssortments(assortments, outlet, date)) {
        for (const line of list.lines || []) {
            if (list.list_type === "must_sell") {
                mustSell.set(line.product_id, Math.max(mustSell.get(line.product_id) || 0, line.min_qty || 0));
            } else {
                focus.add(line.product_id);
            }
        }
    }
    return { mustSell, focus };
}

/**
 * Must-sell products the basket lacks (in the catalogue's order), as the server flags an order
 * missing one: not ordered at all. Products the outlet's catalogue does not sell are left out.
 *
 * @param {Map<number, number>} mustSell
 * @param {(productId: number) => number} qtyOf units in the basket
 * @param {Map<number, object>} products the outlet's catalogue
 */
export function missingMustSell(mustSell, qtyOf, products) {
    return [...products.keys()].filter((id) => mustSell.has(id) && !qtyOf(id));
}

/**
 * The suggestion's lines as the order screen's basket: cases of the product's sales packaging
 * plus units, for the products the outlet's catalogue sells.
 *
 * @param {Array<{product_id: number, qty: number}>} lines the server's suggestion
 * @param {Map<number, object>} products the outlet's catalogue
 * @returns {{entries: Record<number, {cases: number, units: number}>,
 *            suggested: Record<number, number>, skipped: number}}
 */
export function suggestionBasket(lines, products) {
    const entries = {};
    const suggested = {};
    let skipped = 0;
    for (const line of lines) {
        const product = products.get(line.product_id);
        const qty = Math.round(line.qty || 0);
        if (!product || qty <= 0) {
            skipped += 1;
            continue;
        }
        const perCase = product.units_per_case || 0;
        const cases = perCase ? Math.floor(qty / perCase) : 0;
        entries[product.id] = { cases, units: qty - cases * perCase };
        suggested[product.id] = qty;
    }
    return { entries, suggested, skipped };
}

/**
 * The order's lines with what the suggestion proposed for each (``suggested_qty``), and the
 * order's ``suggested_line_count`` (lines proposed, kept or not): the server's acceptance report.
 *
 * @param {Array<{product_id: number, qty: number}>} lines the order
 * @param {Record<number, number>|null} suggested product id -> units proposed
 */
export function withSuggestion(lines, suggested) {
    if (!suggested || !Object.keys(suggested).length) {
        return { lines: lines.map((l) => ({ product_id: l.product_id, qty: l.qty })), count: 0 };
    }
    return {
        lines: lines.map((l) =>
            suggested[l.product_id]
                ? { product_id: l.product_id, qty: l.qty, suggested_qty: suggested[l.product_id] }
                : { product_id: l.product_id, qty: l.qty }
        ),
        count: Object.keys(suggested).length,
    };
}
