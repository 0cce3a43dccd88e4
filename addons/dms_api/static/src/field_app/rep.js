/**
 * What a rep's screens compute on the device, offline, from what the sync API served: the price
 * of a product at an outlet (its distributor's outlet pricelist), the schemes that apply there and
 * their benefits on an order (``schemes.js``, the server's engine ported), the geofence of a
 * check-in, and a photo made small enough to queue.
 *
 * Plain JavaScript, no Odoo imports besides the scheme engine: the Hoot tests call it directly.
 */

import { applySchemes, orderTotals } from "@dms_sales/engine/schemes";

export const EARTH_RADIUS_M = 6371008.8; // dms_sales/engine/geo.py
export const PHOTO_MAX_SIZE = 1280;
export const PHOTO_QUALITY = 0.6;

// Geofence ------------------------------------------------------------------------------------

/** Great-circle distance in metres (the server's ``haversine_m``). */
export function haversineM(lat1, lon1, lat2, lon2) {
    const rad = (deg) => (deg * Math.PI) / 180;
    const phi1 = rad(lat1);
    const phi2 = rad(lat2);
    const dphi = phi2 - phi1;
    const dlmb = rad(lon2 - lon1);
    const a = Math.sin(dphi / 2) ** 2 + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dlmb / 2) ** 2;
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Where a check-in stands against the outlet's geofence, by the server's rule: farther than the
 * radius is flagged (never refused); an outlet without coordinates is never flagged.
 *
 * @param {{partner_latitude?: number, partner_longitude?: number, fence_radius?: number}} outlet
 * @param {{latitude: number, longitude: number}} position
 * @returns {{distance: number, outOfFence: boolean, known: boolean}}
 */
export function fenceCheck(outlet, position) {
    if (!outlet || !(outlet.partner_latitude || outlet.partner_longitude)) {
        return { distance: 0, outOfFence: false, known: false };
    }
    const distance = haversineM(
        position.latitude,
        position.longitude,
        outlet.partner_latitude,
        outlet.partner_longitude
    );
    return { distance, outOfFence: distance > (outlet.fence_radius || 0), known: true };
}

// Prices --------------------------------------------------------------------------------------

const APPLIED_ON_RANK = {
    "0_product_variant": 0,
    "1_product": 1,
    "2_product_category": 2,
    "3_global": 3,
};

function utcNow(now) {
    return now.toISOString().replace("T", " ").slice(0, 19);
}

/**
 * The rule of ``items`` (one pricelist's, as pulled) that prices ``product`` for ``qty`` units,
 * in Odoo's order: the most specific first (variant, template, category, global), then the
 * highest minimum quantity; ``null`` when none applies.
 */
export function priceRule(items, product, qty, now = new Date()) {
    const at = utcNow(now);
    const categs = new Set(product.categ_path || [product.categ_id]);
    const rules = items
        .filter(
            (item) =>
                (!item.date_start || item.date_start <= at) &&
                (!item.date_end || item.date_end >= at) &&
                (item.min_quantity || 0) <= qty &&
                (item.applied_on !== "0_product_variant" || item.product_id === product.id) &&
                (item.applied_on !== "1_product" ||
                    item.product_tmpl_id === product.product_tmpl_id) &&
                (item.applied_on !== "2_product_category" || categs.has(item.categ_id))
        )
        .sort(
            (a, b) =>
                APPLIED_ON_RANK[a.applied_on] - APPLIED_ON_RANK[b.applied_on] ||
                (b.min_quantity || 0) - (a.min_quantity || 0) ||
                b.id - a.id
        );
    return rules[0] || null;
}

/**
 * The unit price of ``product`` for ``qty`` units under ``items``: a fixed price, a percentage
 * off the sales price, or a formula's discount on it; the sales price when no rule applies.
 */
export function unitPrice(items, product, qty, now = new Date()) {
    const rule = priceRule(items, product, qty, now);
    const base = product.lst_price || 0;
    if (!rule) {
        return base;
    }
    if (rule.compute_price === "fixed") {
        return rule.fixed_price;
    }
    if (rule.compute_price === "percentage") {
        return base - base * ((rule.percent_price || 0) / 100);
    }
    return base - base * ((rule.price_discount || 0) / 100);
}

/**
 * The products the outlet's pricelist sells: those one of its current rules covers (all of them
 * when it has a global rule, or no rule at all).
 */
export function catalogueProducts(products, allItems, now = new Date()) {
    const at = utcNow(now);
    const items = allItems.filter(
        (item) => (!item.date_start || item.date_start <= at) && (!item.date_end || item.date_end >= at)
    );
    if (!items.length || items.some((item) => item.applied_on === "3_global")) {
        return products;
    }
    const variants = new Set(items.map((i) => i.applied_on === "0_product_variant" && i.product_id));
    const templates = new Set(items.map((i) => i.applied_on === "1_product" && i.product_tmpl_id));
    const categs = new Set(items.map((i) => i.applied_on === "2_product_category" && i.categ_id));
    return products.filter(
        (p) =>
            variants.has(p.id) ||
            templates.has(p.product_tmpl_id) ||
            (p.categ_path || [p.categ_id]).some((c) => categs.has(c))
    );
}

/** The pricelist an outlet buys at: its distributor's outlet pricelist. */
export function outletPricelistId(outlet, distributors) {
    const distributor = distributors.find((d) => d.id === outlet?.dms_distributor_id);
    return distributor?.dms_secondary_pricelist_id || null;
}

// Schemes -------------------------------------------------------------------------------------

/**
 * The schemes of ``schemes`` (as pulled) that apply to a secondary order of ``outlet`` on
 * ``date`` (YYYY-MM-DD), by the server's scope rule (``dms.scheme._dms_matches``): company,
 * dates, a territory covering the outlet's (or an ancestor), channel, class, distributor.
 */
export function outletSchemes(schemes, outlet, date) {
    const territories = new Set(outlet.territory_path || []);
    const within = (ids, value) => !ids?.length || (value && ids.includes(value));
    return schemes.filter(
        (s) =>
            s.active !== false &&
            (s.apply_on === "secondary" || s.apply_on === "both") &&
            (!outlet.company_id || !s.company_id || s.company_id === outlet.company_id) &&
            (!s.date_from || s.date_from <= date) &&
            (!s.date_to || s.date_to >= date) &&
            (!s.territory_ids?.length || s.territory_ids.some((t) => territories.has(t))) &&
            within(s.channel_ids, outlet.dms_channel_id) &&
            within(s.outlet_class_ids, outlet.dms_outlet_class_id) &&
            within(s.distributor_ids, outlet.dms_distributor_id)
    );
}

/** The slabs the engine applies (``dms.scheme._dms_engine_slabs``): discounts, or free goods tiers. */
function engineSlabs(s) {
    if (s.rule_type === "qty_slab" || s.rule_type === "value_slab") {
        return (s.slabs || []).map((slab) => ({
            threshold: slab.threshold,
            value: slab.discount_value,
            discount_type: slab.discount_type,
        }));
    }
    if (s.rule_type === "free_goods" && s.is_tiered) {
        return (s.slabs || []).map((slab) => ({
            threshold: slab.threshold,
            get_product_id: slab.get_product_id,
            get_qty: slab.get_qty,
        }));
    }
    return [];
}

/** A pulled scheme as the engine's input (``dms.scheme._dms_engine_scheme``). */
export function engineScheme(s) {
    return {
        id: s.id,
        rule_type: s.rule_type,
        priority: s.sequence,
        stackable: s.stackable,
        product_ids: s.product_ids || [],
        categ_ids: s.categ_ids || [],
        qty_uom: s.qty_uom,
        slabs: engineSlabs(s),
        buy_qty: s.buy_qty || 0,
        get_product_id: s.get_product_id || null,
        get_qty: s.get_qty || 0,
        repeating: s.is_repeating,
        combo: (s.combo || []).map((c) => ({ product_id: c.product_id, min_qty: c.min_qty })),
        percent: s.combo_discount || 0,
    };
}

/** Units of a line from the steppers: cases of the product's sales packaging plus loose units. */
export function lineQty(product, cases, units) {
    return (cases || 0) * (product.units_per_case || 0) + (units || 0);
}

/**
 * An order being taken, priced and with its scheme benefits, as the server will compute them
 * when it is pushed.
 *
 * @param {{outlet: object, products: Map<number, object>, priceItems: object[],
 *          schemes: object[], date: string, now?: Date, rounding?: number}} context
 *        ``priceItems``: the rules of the outlet's pricelist; ``schemes``: those of the outlet
 * @param {Array<{product_id: number, cases?: number, units?: number}>} entries
 */
export function priceOrder(context, entries) {
    const { products, priceItems, schemes, now = new Date(), rounding = 0.01 } = context;
    const lines = [];
    for (const entry of entries) {
        const product = products.get(entry.product_id);
        const qty = product ? lineQty(product, entry.cases, entry.units) : 0;
        if (!qty) {
            continue;
        }
        lines.push({
            id: product.id,
            product_id: product.id,
            qty,
            price_unit: unitPrice(priceItems, product, qty, now),
            categ_ids: product.categ_path || [],
            units_per_case: product.units_per_case || 0,
        });
    }
    const result = applySchemes(lines, schemes.map(engineScheme), rounding);
    const totals = orderTotals(lines, result, rounding);
    const names = new Map(schemes.map((s) => [s.id, s.name]));
    return {
        ...totals,
        lines: lines.map((line) => {
            const benefit = result.lines.get(line.id);
            return {
                ...line,
                gross: line.qty * line.price_unit,
                discount: benefit ? benefit.amount : 0,
                percent: benefit ? benefit.percent : 0,
                schemes: benefit ? benefit.scheme_ids.map((id) => names.get(id) || `#${id}`) : [],
            };
        }),
        free_goods: result.free_goods.map((good) => ({
            ...good,
            name: products.get(good.product_id)?.name || `#${good.product_id}`,
            scheme: names.get(good.scheme_id) || `#${good.scheme_id}`,
        })),
        applied: result.applied_scheme_ids.map((id) => names.get(id) || `#${id}`),
    };
}

// Photos --------------------------------------------------------------------------------------

/**
 * A photo (a File or Blob the camera gave) as a JPEG of at most ``maxSize`` pixels a side, at
 * ``quality``: the base64 the visits push takes, with its size.
 *
 * @returns {Promise<{base64: string, width: number, height: number, bytes: number}>}
 */
export async function compressPhoto(blob, { maxSize = PHOTO_MAX_SIZE, quality = PHOTO_QUALITY } = {}) {
    const bitmap = await createImageBitmap(blob);
    const scale = Math.min(1, maxSize / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    canvas.getContext("2d").drawImage(bitmap, 0, 0, width, height);
    bitmap.close?.();
    const jpeg = await new Promise((resolve, reject) =>
        canvas.toBlob(
            (result) => (result ? resolve(result) : reject(new Error("JPEG encoding failed"))),
            "image/jpeg",
            quality
        )
    );
    const bytes = new Uint8Array(await jpeg.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return { base64: btoa(binary), width, height, bytes: bytes.length };
}
