import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

import { lineQty, unitPrice } from "./rep";
import { missingMustSell, suggestionBasket, withSuggestion } from "./selling";

const MAX_SHOWN = 60; // products listed at once; the search narrows the rest

/**
 * Taking an order at the visit's outlet, offline: the catalogue at the outlet's prices, a search,
 * case and unit steppers, the outlet's last three orders, and the schemes' discounts and free
 * goods computed as the server will when the order is pushed; the outlet's must-sell and focus
 * products flagged, with the count of must-sell ones not ordered yet; *Suggest* fills the basket
 * with the server's suggested order (asked again when online, else the one kept at the day's
 * sync), and the order pushed says what was suggested (the acceptance report). Also corrects a
 * refused order from the outbox (``state.editUuid``).
 */
export class OrderScreen extends Component {
    static template = "dms_api.OrderScreen";
    static props = { model: Object };

    setup() {
        this.model = this.props.model;
        this.state = useState(this.model.state);
        this.ui = useState({
            search: "",
            entries: {},
            lastOrders: [],
            busy: false,
            message: "",
            suggested: null, // product id -> units the suggestion proposed (kept on the order)
            suggestNote: "",
            onlyMissing: false, // show the must-sell products not ordered yet
        });
        this.context = null;
        onWillStart(() => this.load());
    }

    get visit() {
        return this.state.visits.find((v) => v.id === this.state.visitId) || null;
    }

    async load() {
        const rep = this.model.rep;
        let outlet = this.visit?.outlet;
        if (this.state.editUuid) {
            const record = await this.model.outbox.get(this.state.editUuid);
            outlet = outlet || (await this.model.store.get("outlets", record.payload.outlet_id));
            this.context = await rep.catalogue(outlet, this.state.date);
            for (const line of record.payload.lines) {
                const product = this.context.products.get(line.product_id);
                const perCase = product?.units_per_case || 0;
                const cases = perCase ? Math.floor(line.qty / perCase) : 0;
                this.ui.entries[line.product_id] = { cases, units: line.qty - cases * perCase };
            }
            const suggested = record.payload.lines.filter((l) => l.suggested_qty);
            if (suggested.length) {
                this.ui.suggested = Object.fromEntries(suggested.map((l) => [l.product_id, l.suggested_qty]));
            }
        } else {
            this.context = await rep.catalogue(outlet, this.state.date);
        }
        this.outlet = outlet;
        this.ui.lastOrders = await rep.lastOrders(outlet.id, 3);
    }

    get products() {
        const words = this.ui.search.toLowerCase().split(/\s+/).filter(Boolean);
        const all = [...this.context.products.values()];
        let found = words.length
            ? all.filter((p) => {
                  const text = `${p.name} ${p.default_code || ""} ${p.barcode || ""}`.toLowerCase();
                  return words.every((w) => text.includes(w));
              })
            : all;
        if (this.ui.onlyMissing) {
            const missing = new Set(this.missing);
            found = found.filter((p) => missing.has(p.id));
        }
        // what is in the order first, so it stays in sight; then the must-sell and focus products
        const rank = (p) => (this.qtyOf(p) ? 0 : this.context.mustSell.has(p.id) ? 1 : this.context.focus.has(p.id) ? 2 : 3);
        return found
            .map((p, index) => [rank(p), index, p])
            .sort((a, b) => a[0] - b[0] || a[1] - b[1])
            .slice(0, MAX_SHOWN)
            .map(([, , p]) => p);
    }

    /** Must-sell products of the outlet not in the order yet (ids, catalogue order). */
    get missing() {
        const products = this.context.products;
        return missingMustSell(this.context.mustSell, (id) => this.qtyOf(products.get(id)), products);
    }

    get hasMustSell() {
        return this.context.mustSell.size > 0;
    }

    flag(product) {
        if (this.context.mustSell.has(product.id)) {
            return "must_sell";
        }
        return this.context.focus.has(product.id) ? "focus" : null;
    }

    suggestedQty(product) {
        return this.ui.suggested?.[product.id] || 0;
    }

    toggleMissing() {
        this.ui.onlyMissing = !this.ui.onlyMissing && this.missing.length > 0;
    }

    /**
     * Fill the basket with the suggested order: its products at the quantities proposed (other
     * lines stay). The quantities can then be changed; what was proposed is kept with the order.
     */
    async onSuggest() {
        this.ui.busy = true;
        this.ui.message = "";
        try {
            const suggestion = await this.model.rep.suggestion(this.outlet.id, this.state.date);
            if (!suggestion) {
                this.ui.suggestNote = _t("No suggestion on this phone for this outlet: it comes with the day's sync.");
                return;
            }
            const basket = suggestionBasket(suggestion.lines, this.context.products);
            if (!Object.keys(basket.suggested).length) {
                this.ui.suggestNote = _t("Nothing to suggest for this outlet today.");
                return;
            }
            Object.assign(this.ui.entries, basket.entries);
            this.ui.suggested = basket.suggested;
            this.ui.onlyMissing = false;
            const count = Object.keys(basket.suggested).length;
            this.ui.suggestNote = suggestion.offline
                ? _t("%s lines suggested (offline: the suggestion of this morning's sync).", count)
                : _t("%s lines suggested.", count);
        } catch (error) {
            this.ui.suggestNote = error.message || String(error);
        } finally {
            this.ui.busy = false;
        }
    }

    get entries() {
        return Object.entries(this.ui.entries).map(([id, e]) => ({
            product_id: Number(id),
            cases: e.cases,
            units: e.units,
        }));
    }

    /** The order priced with its schemes (computed once per change of the steppers). */
    get priced() {
        const key = JSON.stringify(this.ui.entries);
        if (key !== this._pricedKey) {
            this._priced = this.model.rep.price(this.context, this.entries);
            this._pricedKey = key;
        }
        return this._priced;
    }

    pricedLine(productId) {
        return this.priced.lines.find((line) => line.product_id === productId) || null;
    }

    entry(product) {
        return this.ui.entries[product.id] || { cases: 0, units: 0 };
    }

    qtyOf(product) {
        const e = this.ui.entries[product.id];
        return e ? lineQty(product, e.cases, e.units) : 0;
    }

    unitPrice(product) {
        const line = this.pricedLine(product.id);
        if (line) {
            return line.price_unit;
        }
        return unitPrice(this.context.priceItems, product, 1, this.context.now);
    }

    money(amount) {
        return (amount || 0).toLocaleString(undefined, {
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
        });
    }

    step(product, field, delta) {
        const current = this.entry(product);
        const value = Math.max(0, (current[field] || 0) + delta);
        const next = { ...current, [field]: value };
        if (!next.cases && !next.units) {
            delete this.ui.entries[product.id];
        } else {
            this.ui.entries[product.id] = next;
        }
    }

    onQtyInput(product, field, ev) {
        const value = Math.max(0, Math.floor(Number(ev.target.value) || 0));
        this.step(product, field, value - (this.entry(product)[field] || 0));
    }

    back() {
        this.state.screen = this.state.editUuid ? "outbox" : "visit";
        this.state.editUuid = null;
    }

    async onSave() {
        const priced = this.priced;
        if (!priced.lines.length) {
            this.ui.message = _t("Add at least one product.");
            return;
        }
        this.ui.busy = true;
        try {
            const { lines, count } = withSuggestion(priced.lines, this.ui.suggested);
            const rep = this.model.rep;
            if (this.state.editUuid) {
                await rep.resendOrder(this.state.editUuid, lines, { total: priced.net });
            } else {
                const local = await rep.localVisit(this.visit.id);
                await rep.saveOrder(local, lines, { total: priced.net, suggestedCount: count });
            }
            await this.model.refreshCounts();
            this.back();
            this.model.sync();
        } finally {
            this.ui.busy = false;
        }
    }
}
