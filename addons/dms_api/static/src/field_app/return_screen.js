import { Component, onMounted, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

const MAX_RESULTS = 30;

/**
 * Goods the visit's outlet gives back: products (search on name, code, barcode), the quantity
 * and a reason each (the server's return reasons). Queued at once; the server makes it a draft
 * return for the outlet's distributor, which validates it.
 */
export class ReturnScreen extends Component {
    static template = "dms_api.ReturnScreen";
    static props = { model: Object };

    setup() {
        this.model = this.props.model;
        this.state = useState(this.model.state);
        this.ui = useState({
            products: [],
            reasons: [],
            lines: [], // {product_id, name, code, qty, reason_id}
            queued: [],
            search: "",
            note: "",
            busy: false,
            message: "",
        });
        onWillStart(() => this.load());
        onMounted(() => window.scrollTo(0, 0)); // opened from a list scrolled down
    }

    get outlet() {
        return this.state.visits.find((v) => v.id === this.state.visitId)?.outlet || null;
    }

    async load() {
        const [products, choices] = await Promise.all([
            this.model.store.getAll("products"),
            this.model.outlets.choices(),
        ]);
        this.ui.products = products
            .filter((p) => p.active !== false && p.sale_ok !== false)
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
        this.ui.reasons = choices.reasons;
        this.ui.queued = this.outlet ? await this.model.outlets.queuedReturns(this.outlet.id) : [];
    }

    get results() {
        const taken = new Set(this.ui.lines.map((l) => l.product_id));
        const words = this.ui.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
        if (!words.length) {
            return [];
        }
        const found = [];
        for (const product of this.ui.products) {
            const text = `${product.name} ${product.default_code || ""} ${product.barcode || ""}`.toLowerCase();
            if (!taken.has(product.id) && words.every((w) => text.includes(w))) {
                found.push(product);
                if (found.length === MAX_RESULTS) {
                    break;
                }
            }
        }
        return found;
    }

    add(product) {
        this.ui.lines.push({
            product_id: product.id,
            name: product.name,
            code: product.default_code || "",
            qty: 1,
            reason_id: this.ui.reasons.length === 1 ? this.ui.reasons[0].id : null,
        });
        this.ui.search = "";
        this.ui.message = "";
    }

    step(line, delta) {
        line.qty = Math.max(0, (Number(line.qty) || 0) + delta);
    }

    onQty(line, ev) {
        const value = Number(String(ev.target.value).replace(",", "."));
        line.qty = Number.isFinite(value) && value > 0 ? value : 0;
    }

    onReason(line, ev) {
        line.reason_id = Number(ev.target.value) || null;
    }

    remove(line) {
        this.ui.lines.splice(this.ui.lines.indexOf(line), 1);
    }

    back() {
        this.state.screen = "visit";
    }

    async onSave() {
        this.ui.busy = true;
        this.ui.message = "";
        try {
            await this.model.outlets.saveReturn(this.outlet.id, this.ui.lines, { note: this.ui.note });
            await this.model.refreshCounts();
            this.back();
            this.model.sync();
        } catch (error) {
            this.ui.message = error.message || _t("The return could not be saved.");
        } finally {
            this.ui.busy = false;
        }
    }
}
