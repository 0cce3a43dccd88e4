import { onMounted, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

import { ModelScreen } from "./model_screen";
import { RepDay } from "./rep_day";
import { lockedBy } from "./rep_work";
import { currentPosition } from "./visit_screen";

const STATE_LABELS = {
    planned: _t("To visit"),
    in_progress: _t("In progress"),
    done: _t("Done"),
    skipped: _t("Skipped"),
    missed: _t("Missed"),
};

/**
 * The rep's day: today's visits in beat order, from the device's store, so it shows offline too.
 * Opening it starts a sync; the sync button runs one again.
 */
export class TodayScreen extends ModelScreen {
    static template = "dms_api.TodayScreen";

    setup() {
        super.setup();
        // Start day / End day: queued in the outbox, so offline too
        this.repDay = new RepDay({ store: this.model.store, outbox: this.model.outbox });
        this.day = useState({ start: null, end: null, busy: false, message: "" });
        // Skip: the card's reason picker; lock: why a card of a locked beat does not open
        this.skip = useState({ visitId: null, reasonId: null, reasons: [], busy: false });
        this.lock = useState({ visitId: null, message: "" });
        onWillStart(async () => Object.assign(this.day, await this.repDay.load(this.state.date)));
        onMounted(() => this.model.sync());
    }

    timeLabel(iso) {
        return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
    }

    get workedLabel() {
        const minutes = Math.round((new Date(this.day.end.time) - new Date(this.day.start.time)) / 60000);
        return _t("%(hours)s h %(minutes)s min", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
    }

    /** The phone's position, or null without a fix (the day starts all the same, flagged). */
    async _position() {
        try {
            return await currentPosition();
        } catch (error) {
            this.day.message = _t("Recorded without GPS: %s", error.message);
            return null;
        }
    }

    async onStartDay() {
        await this._dayEvent((position) => this.repDay.start(this.state.date, position));
    }

    async onEndDay() {
        if (!window.confirm(_t("End your day now? You cannot start it again today."))) {
            return;
        }
        await this._dayEvent((position) => this.repDay.end(this.state.date, position));
    }

    async _dayEvent(record) {
        this.day.busy = true;
        this.day.message = "";
        try {
            const position = await this._position();
            Object.assign(this.day, await record(position));
        } finally {
            this.day.busy = false;
        }
        this.model.sync();
    }

    get dateLabel() {
        const [year, month, day] = this.state.date.split("-").map(Number);
        return new Date(year, month - 1, day).toLocaleDateString(undefined, {
            weekday: "long",
            day: "numeric",
            month: "long",
        });
    }

    get doneCount() {
        return this.state.visits.filter((v) => v.state === "done").length;
    }

    get syncLabel() {
        if (this.state.syncing) {
            return _t("Syncing…");
        }
        if (!this.state.online) {
            return _t("Offline");
        }
        return _t("Online");
    }

    get lastSyncLabel() {
        const last = this.state.lastSync;
        if (!last) {
            return _t("Never synced");
        }
        const time = new Date(last.at).toLocaleTimeString(undefined, {
            hour: "2-digit",
            minute: "2-digit",
        });
        return _t("Synced at %s", time);
    }

    stateLabel(state) {
        return STATE_LABELS[state] || state;
    }

    /** "Due 4,192.18 BDT (overdue 1,555.00)" per currency, or "" when the outlet owes nothing. */
    duesLine(visit) {
        const money = (amount) =>
            amount.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        return (visit.dues || [])
            .map((t) => {
                const line = _t("Due %(amount)s %(currency)s", { amount: money(t.due), currency: t.currency });
                return t.overdue ? `${line} ${_t("(overdue %s)", money(t.overdue))}` : line;
            })
            .join(" · ");
    }

    outletLine(visit) {
        const outlet = visit.outlet;
        if (!outlet) {
            return "";
        }
        return [outlet.dms_outlet_code, outlet.street, outlet.city].filter(Boolean).join(" · ");
    }

    canSkip(visit) {
        return visit.state === "planned" && visit.is_planned;
    }

    async onSkip(visit) {
        this.skip.reasons = await this.model.rep.skipReasons();
        this.skip.reasonId = this.skip.reasons[0]?.id || null;
        this.skip.visitId = visit.id;
        this.lock.visitId = null;
    }

    onSkipCancel() {
        this.skip.visitId = null;
    }

    async onSkipConfirm(visit) {
        if (!this.skip.reasonId) {
            return;
        }
        this.skip.busy = true;
        try {
            await this.model.rep.skip(visit, Number(this.skip.reasonId));
            this.skip.visitId = null;
            await this.model.loadToday();
        } finally {
            this.skip.busy = false;
        }
        this.model.sync();
    }

    onOpenVisit(visit) {
        const before = lockedBy(visit, this.state.visits);
        if (before.length) {
            const names = before.map((v) => (v.outlet ? v.outlet.name : `#${v.partner_id}`)).join(", ");
            this.lock.visitId = visit.id;
            this.lock.message = _t("Visit or skip %s first: this beat keeps its order.", names);
            return;
        }
        this.lock.visitId = null;
        this.state.visitId = visit.id;
        this.state.screen = "visit";
    }

    onOutbox() {
        this.state.screen = "outbox";
    }

    onNewOutlet() {
        this.state.editUuid = null;
        this.state.screen = "new_outlet";
    }
}
