import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

/**
 * Money received at the visit's outlet: cash or a cheque (number, date, bank). Queued at once;
 * the server applies cash to the oldest open invoices and records a cheque as received.
 * (The sync API takes no mobile money yet.)
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
            note: "",
            message: "",
            busy: false,
        });
    }

    get outlet() {
        return this.state.visits.find((v) => v.id === this.state.visitId)?.outlet || null;
    }

    get amount() {
        const value = Number(String(this.form.amount).replace(",", "."));
        return Number.isFinite(value) ? Math.round(value * 100) / 100 : 0;
    }

    get problem() {
        if (this.amount <= 0) {
            return _t("Type the amount received.");
        }
        if (this.form.method === "cheque" && !this.form.cheque_number.trim()) {
            return _t("Type the cheque's number.");
        }
        return "";
    }

    setMethod(method) {
        this.form.method = method;
    }

    back() {
        this.state.screen = "visit";
    }

    async onSave() {
        if (this.problem) {
            this.form.message = this.problem;
            return;
        }
        this.form.busy = true;
        try {
            await this.model.rep.saveCollection(this.outlet.id, {
                amount: this.amount,
                method: this.form.method,
                date: this.state.date,
                cheque_number: this.form.cheque_number.trim(),
                cheque_bank: this.form.cheque_bank.trim(),
                cheque_date: this.form.cheque_date,
                note: this.form.note.trim(),
            });
            await this.model.refreshCounts();
            this.back();
            this.model.sync();
        } finally {
            this.form.busy = false;
        }
    }
}
