import { Component, onMounted, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

import { compressPhoto } from "./rep";
import { currentPosition } from "./visit_screen";

const STATE_LABELS = {
    waiting: _t("Waiting to send"),
    failed: _t("Not accepted"),
    proposed: _t("Waiting for approval"),
    approved: _t("Approved"),
    rejected: _t("Rejected"),
};

/**
 * Propose a new outlet found on the road: name, owner, phone, channel and class, territory (one
 * of the rep's), address, a photo and the phone's position. Queued at once; a supervisor
 * approves it. Below the form, the rep's proposals and their state. Also corrects a proposal the
 * server refused (``state.editUuid``), resent with the same uuid.
 */
export class NewOutletScreen extends Component {
    static template = "dms_api.NewOutletScreen";
    static props = { model: Object };

    setup() {
        this.model = this.props.model;
        this.state = useState(this.model.state);
        this.form = useState({
            name: "",
            owner: "",
            phone: "",
            street: "",
            city: "",
            territory_id: null,
            channel_id: null,
            outlet_class_id: null,
            position: null,
            photo: null, // {base64, width, height, bytes}
            busy: "",
            message: "",
            field: "",
        });
        this.ui = useState({ territories: [], channels: [], classes: [], proposals: [] });
        onWillStart(() => this.load());
        onMounted(() => window.scrollTo(0, 0)); // opened from a list scrolled down
    }

    async load() {
        Object.assign(this.ui, await this.model.outlets.choices());
        this.ui.proposals = await this.model.outlets.proposals();
        if (this.ui.territories.length === 1) {
            this.form.territory_id = this.ui.territories[0].id;
        }
        const record = this.state.editUuid && (await this.model.outbox.get(this.state.editUuid));
        if (record?.resource === "outlet_proposals") {
            const p = record.payload;
            Object.assign(this.form, {
                name: p.name || "",
                owner: p.owner || "",
                phone: p.phone || "",
                street: p.street || "",
                city: p.city || "",
                territory_id: p.territory_id || this.form.territory_id,
                channel_id: p.channel_id || null,
                outlet_class_id: p.outlet_class_id || null,
                position: p.latitude != null ? { latitude: p.latitude, longitude: p.longitude, accuracy: p.accuracy } : null,
                photo: p.photo ? { base64: p.photo, width: 0, height: 0, bytes: (p.photo.length * 3) / 4 } : null,
                message: record.error ? `${record.error.message}${record.error.field ? ` (${record.error.field})` : ""}` : "",
                field: record.error?.field || "",
            });
        }
    }

    get editing() {
        return Boolean(this.state.editUuid);
    }

    get positionLabel() {
        const p = this.form.position;
        if (!p) {
            return _t("No position yet: stand at the shop and read it.");
        }
        const accuracy = p.accuracy != null ? _t(" (± %s m)", Math.round(p.accuracy)) : "";
        return `${p.latitude.toFixed(5)}, ${p.longitude.toFixed(5)}${accuracy}`;
    }

    stateLabel(state) {
        return STATE_LABELS[state] || state;
    }

    choose(key, id) {
        this.form[key] = this.form[key] === id ? null : id;
    }

    onTerritory(ev) {
        this.form.territory_id = Number(ev.target.value) || null;
    }

    async onPosition() {
        this.form.busy = "gps";
        this.form.message = "";
        try {
            this.form.position = await currentPosition();
            if (!this.form.territory_id && this.ui.territories.length > 1) {
                this.form.territory_id = await this.model.outlets.guessTerritory(
                    this.form.position,
                    this.ui.territories.map((t) => t.id)
                );
            }
        } catch (error) {
            this.form.message = error.message;
        } finally {
            this.form.busy = "";
        }
    }

    async onPhoto(ev) {
        const file = ev.target.files?.[0];
        if (!file) {
            return;
        }
        this.form.busy = "photo";
        try {
            this.form.photo = await compressPhoto(file);
        } catch {
            this.form.message = _t("This photo could not be read: take it again.");
        } finally {
            this.form.busy = "";
            ev.target.value = "";
        }
    }

    /** Visit a new outlet the server has (no visit is planned there yet): an unplanned visit. */
    async onVisit(proposal) {
        const visit = await this.model.outlets.unplannedVisit(proposal.id);
        if (!this.state.visits.some((v) => v.id === visit.id)) {
            this.state.visits.push(visit);
        }
        this.state.visitId = visit.id;
        this.state.screen = "visit";
    }

    back() {
        const fromOutbox = this.editing;
        this.state.editUuid = null;
        this.state.screen = fromOutbox ? "outbox" : "today";
    }

    async onSave() {
        const values = {
            ...this.form,
            photo: this.form.photo?.base64 || null,
            territoryCount: this.ui.territories.length,
        };
        this.form.busy = "save";
        this.form.message = "";
        this.form.field = "";
        try {
            if (this.editing) {
                await this.model.outlets.resendProposal(this.state.editUuid, values);
            } else {
                await this.model.outlets.propose(values);
            }
            await this.model.refreshCounts();
            this.back();
            this.model.sync();
        } catch (error) {
            this.form.message = error.message;
            this.form.field = error.field || "";
        } finally {
            this.form.busy = "";
        }
    }
}
