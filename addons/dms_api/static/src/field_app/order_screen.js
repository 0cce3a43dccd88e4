import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

import { lineQty, unitPrice } from "./rep";

const MAX_SHOWN = 60; // products listed at once; the search narrows the rest

/**
 * Taking an order at the visit's outlet, offline: the catalogue at the outlet's prices, a search,
 * case and unit steppers, the outlet's last three orders, and the schemes' discounts and free
 * goods computed as the server will when the order is pushed. Also corrects a refused order
 * from the outbox (``state.editUuid``).
 */
export class OrderScreen extends Component {
    static template = "dms_api.OrderScreen";
    static props = { model: Object };

    setup() {
        this.model = this.props.model;
        this.state = useState(this.model.state);
        this.ui = useState({ search: "", entries: {}, lastOrders: [], busy: false, message: "" });
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
        } else {
            this.context = await rep.catalogue(outlet, this.state.date);
        }
        this.outlet = outlet;
        this.ui.lastOrders = await rep.lastOrders(outlet.id, 3);
    }

    get products() {
        const words = this.ui.search.toLowerCase().split(/\s+/).filter(Boolean);
        const all = [...this.context.products.values()];
        const found = words.length
            ? all.filter((p) => {
                  const text = `${p.name} ${p.default_code || ""} ${p.barcode || ""}`.toLowerCase();
                  return words.every((w) => text.includes(w));
              })
            : all;
        // what is in the order first, so it stays in sight
        const ordered = found.filter((p) => this.qtyOf(p));
        const rest = found.filter((p) => !this.qtyOf(p));
        return [...ordered, ...rest].slice(0, MAX_SHOWN);
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
            const lines = priced.lines.map((l) => ({ product_id: l.product_id, qty: l.qty }));
            const rep = this.model.rep;
            if (this.state.editUuid) {
                await rep.resendOrder(this.state.editUuid, lines, { total: priced.net });
            } else {
                const local = await rep.localVisit(this.visit.id);
                await rep.saveOrder(local, lines, { total: priced.net });
            }
            await this.model.refreshCounts();
            this.back();
            this.model.sync();
        } finally {
            this.ui.busy = false;
        }
    }
}
