import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

import { activeProviders, collectionForm, collectionProblem, parseAmount, PROVIDERS } from "./collection";
import { billsProblem, billsTotal, INVOICES, outletDues } from "./dues";

/**
 * Money received at an outlet: by a rep at the visit's outlet, or by a driver at a stop's door
 * (``state.collectStopId``: the collection names the stop). Cash, a cheque (number, date, bank) or
 * mobile money (provider, transaction id, sender's number). The outlet's open bills (the
 * principal's and its distributor's, ``dues.js``) can be ticked: the money pays those, else the
 * server applies cash and mobile money to the oldest open invoices; a cheque is recorded as
 * received. Queued at once. Also
 * corrects a collection the server refused (``state.editUuid``), e.g. a transaction id already
 * recorded, and sends it again under the same uuid.
 */
export class CollectionScreen extends Component {
    static template = "dms_api.CollectionScreen";
    static props = { model: Object };

    setup() {
        this.model = this.props.model;
        this.state = useState(this.model.state);
        this.form = useState({
            amount: "",
            method: "cash",
            cheque_number: "",
            cheque_bank: "",
            cheque_date: this.state.date,
            mobile_provider_id: null,
            mobile_transaction_id: "",
            mobile_sender: "",
            note: "",
            invoice_ids: [],
            message: "",
            field: "",
            busy: false,
        });
        this.ui = useState({ providers: [], target: null, serverError: "", bills: [] });
        onWillStart(() => this.load());
    }

    async load() {
        const store = this.model.store;
        this.ui.providers = activeProviders(await store.getAll(PROVIDERS));
        if (this.state.editUuid) {
            const record = await this.model.outbox.get(this.state.editUuid);
            const outlet = await store.get("outlets", record.payload.partner_id);
            const stop = record.payload.picking_id ? await store.get("stops", record.payload.picking_id) : null;
            this.ui.target = {
                partnerId: record.payload.partner_id,
                name: stop?.outlet?.name || outlet?.name || `#${record.payload.partner_id}`,
                stop,
            };
            Object.assign(this.form, collectionForm(record.payload));
            const error = record.error;
            this.ui.serverError = error ? (error.field ? `${error.message} (${error.field})` : error.message) : "";
            this.form.field = error?.field || "";
        } else if (this.state.collectStopId) {
            const stop = this.model.driver.state.stops.find((s) => s.id === this.state.collectStopId);
            this.ui.target = { partnerId: stop.partner_id, name: stop.outlet?.name || stop.name, stop };
        } else {
            const outlet = this.state.visits.find((v) => v.id === this.state.visitId)?.outlet;
            this.ui.target = outlet ? { partnerId: outlet.id, name: outlet.name, stop: null } : null;
        }
        if (this.ui.target) {
            const dues = outletDues(await store.getAll(INVOICES), this.ui.target.partnerId, this.state.date);
            this.ui.bills = dues.bills;
        }
        if (!this.form.mobile_provider_id && this.ui.providers.length) {
            this.form.mobile_provider_id = this.ui.providers[0].id;
        }
    }

    get stop() {
        return this.ui.target?.stop || null;
    }

    get amount() {
        return parseAmount(this.form.amount);
    }

    get values() {
        return {
            amount: this.amount,
            method: this.form.method,
            date: this.state.date,
            cheque_number: this.form.cheque_number,
            cheque_bank: this.form.cheque_bank,
            cheque_date: this.form.cheque_date,
            mobile_provider_id: this.form.mobile_provider_id,
            mobile_transaction_id: this.form.mobile_transaction_id,
            mobile_sender: this.form.mobile_sender,
            note: this.form.note,
            picking_id: this.stop?.id || null,
            invoice_ids: this.form.invoice_ids,
        };
    }

    get billsTotal() {
        return billsTotal(this.ui.bills, this.form.invoice_ids);
    }

    toggleBill(billId) {
        const ids = this.form.invoice_ids;
        this.form.invoice_ids = ids.includes(billId) ? ids.filter((id) => id !== billId) : [...ids, billId];
        this.form.message = "";
        this.form.field = "";
    }

    fillBills() {
        this.form.amount = String(this.billsTotal);
    }

    money(amount) {
        return (amount || 0).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }

    setMethod(method) {
        this.form.method = method;
        this.form.message = "";
        this.form.field = "";
    }

    setProvider(providerId) {
        this.form.mobile_provider_id = providerId;
    }

    fillDue() {
        this.form.amount = String(this.stop.amount_to_collect);
    }

    back() {
        if (this.state.editUuid) {
            this.state.editUuid = null;
            this.state.screen = "outbox";
        } else if (this.state.collectStopId) {
            this.state.collectStopId = null;
            this.state.screen = "today";
        } else {
            this.state.screen = "visit";
        }
    }

    async onSave() {
        const problem =
            billsProblem(this.ui.bills, this.form.invoice_ids) ||
            collectionProblem(this.values, await this.model.outbox.list(), this.state.editUuid);
        if (problem) {
            this.form.message = _t(problem.message);
            this.form.field = problem.field;
            return;
        }
        this.form.busy = true;
        try {
            const rep = this.model.rep;
            if (this.state.editUuid) {
                await rep.resendCollection(this.state.editUuid, this.values);
            } else {
                await rep.saveCollection(this.ui.target.partnerId, this.values);
            }
            await this.model.refreshCounts();
            this.back();
            this.model.sync();
        } finally {
            this.form.busy = false;
        }
    }
}
