import { Component, onWillDestroy, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

import { proofOutcome } from "./driver";
import { outboxStatus } from "./outbox";

const RESOURCE_LABELS = {
    secondary_orders: _t("Order"),
    visits: _t("Visit"),
    collections: _t("Collection"),
    rep_days: _t("Working day"),
    outlet_proposals: _t("New outlet"),
    stock_returns: _t("Return"),
    stops: _t("Delivery"),
};
const OUTCOME_LABELS = {
    delivered: _t("delivered in full"),
    partial: _t("partly delivered"),
    failed: _t("not delivered"),
};

/**
 * What this phone has not sent yet, record by record: waiting (and why the last attempt did not
 * get through, in plain words) or refused by the server, with its reason, to fix (orders,
 * collections), send again or discard.
 */
export class OutboxScreen extends Component {
    static template = "dms_api.OutboxScreen";
    static props = { model: Object };

    setup() {
        this.model = this.props.model;
        this.state = useState(this.model.state);
        this.ui = useState({ records: [], outlets: {} });
        this.onChange = () => this.load();
        onWillStart(() => this.load());
        this.model.outbox.addEventListener("change", this.onChange);
        onWillDestroy(() => this.model.outbox.removeEventListener("change", this.onChange));
    }

    async load() {
        const owner = this.model.outbox.owner;
        const records = (await this.model.outbox.list()).filter((r) => r.owner === owner);
        const outlets = await this.model.store.getAll("outlets");
        this.ui.outlets = Object.fromEntries(outlets.map((o) => [o.id, o.name]));
        this.ui.records = records;
    }

    label(record) {
        return RESOURCE_LABELS[record.resource] || record.resource;
    }

    outletName(record) {
        const p = record.payload;
        if (record.resource === "outlet_proposals") {
            return p.name;
        }
        if (record.resource === "stops") {
            const stop = this.stopOf(record);
            return stop?.outlet?.name || stop?.name || `#${p.picking_id}`;
        }
        const id = p.outlet_id || p.partner_id;
        if (id) {
            return this.ui.outlets[id] || `#${id}`;
        }
        const visit = this.state.visits.find((v) => v.id === p.visit_id);
        return visit?.outlet?.name || (p.visit_id ? `#${p.visit_id}` : "");
    }

    /** The driver's stop a proof of delivery is of (from the device's store). */
    stopOf(record) {
        return this.model.driver.state.stops.find((s) => s.id === record.payload.picking_id) || null;
    }

    detail(record) {
        const p = record.payload;
        if (record.resource === "stops") {
            const stop = this.stopOf(record);
            return [
                stop?.name,
                OUTCOME_LABELS[proofOutcome(p.lines, stop)],
                p.signature ? _t("signed") : "",
                p.photo ? _t("with a photo") : "",
            ]
                .filter(Boolean)
                .join(" · ");
        }
        if (record.resource === "secondary_orders") {
            const total = record.total != null ? ` · ${_t("%s before tax", record.total.toFixed(2))}` : "";
            return (p.lines.length === 1 ? _t("1 line") : _t("%s lines", p.lines.length)) + total;
        }
        if (record.resource === "visits") {
            return p.order_uuid ? _t("with an order") : p.photo ? _t("no order, with a photo") : _t("no order");
        }
        if (record.resource === "stock_returns") {
            const qty = p.lines.reduce((sum, l) => sum + l.qty, 0);
            return p.lines.length === 1 ? _t("1 product, %s returned", qty) : _t("%(lines)s products, %(qty)s returned", { lines: p.lines.length, qty });
        }
        if (record.resource === "outlet_proposals") {
            return [p.owner, p.phone, p.latitude != null ? _t("with GPS") : _t("no GPS")].filter(Boolean).join(" · ");
        }
        if (record.resource === "rep_days") {
            return `${p.event === "start" ? _t("Start") : _t("End")} · ${p.date}`;
        }
        if (record.resource === "collections") {
            const how =
                p.method === "cheque"
                    ? _t("Cheque %s", p.cheque_number)
                    : p.method === "mobile"
                    ? _t("Mobile money %s", p.mobile_transaction_id || "")
                    : _t("Cash");
            return `${how} · ${p.amount.toFixed(2)}`;
        }
        return "";
    }

    statusOf(record) {
        return outboxStatus(record);
    }

    back() {
        this.state.screen = "today";
        this.model.loadToday();
    }

    onSendNow() {
        this.model.sync();
    }

    async onRetry(record) {
        await this.model.outbox.retry(record.uuid);
        this.model.sync();
    }

    onFix(record) {
        if (record.resource === "stops") {
            // a refused proof of delivery is corrected on its stop, as from Deliveries
            this.state.screen = "today";
            this.model.driver.open(record.payload.picking_id);
            return;
        }
        this.state.editUuid = record.uuid;
        this.state.visitId = null;
        this.state.screen = {
            outlet_proposals: "new_outlet",
            collections: "collect",
        }[record.resource] || "order";
    }

    async onDiscard(record) {
        if (window.confirm(_t("Discard this %s? It will never reach the server.", this.label(record)))) {
            await this.model.outbox.discard(record.uuid);
        }
    }
}
