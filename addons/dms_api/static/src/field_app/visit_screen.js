import { Component, onWillDestroy, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

import { INVOICES, outletDues } from "./dues";
import { compressPhoto } from "./rep";
import { visitActions } from "./rep_work";

/** The device's position, or an Error saying why not (permission refused, no fix in time). */
export function currentPosition(geolocation = globalThis.navigator?.geolocation) {
    return new Promise((resolve, reject) => {
        if (!geolocation) {
            reject(new Error(_t("This phone gives no location.")));
            return;
        }
        geolocation.getCurrentPosition(
            (position) =>
                resolve({
                    latitude: position.coords.latitude,
                    longitude: position.coords.longitude,
                    accuracy: position.coords.accuracy,
                }),
            (error) =>
                reject(
                    new Error(
                        error.code === 1
                            ? _t("Location is blocked for this app: allow it in the browser's settings.")
                            : _t("No GPS position yet: step outside or wait a moment, then try again.")
                    )
                ),
            // a fresh fix: a cached one may be from the previous outlet
            { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 }
        );
    });
}

/**
 * One visit of today: check in (GPS, flagged outside the outlet's geofence, never refused), take
 * orders or give a no-order reason with a photo, check out; the outlet's dues (``dues.js``).
 * Works from the device's store.
 */
export class VisitScreen extends Component {
    static template = "dms_api.VisitScreen";
    static props = { model: Object };

    setup() {
        this.model = this.props.model;
        this.state = useState(this.model.state);
        this.ui = useState({
            local: null,
            orders: [],
            reasons: [],
            reasonId: null,
            photo: null, // {base64, width, height, bytes}
            notes: "",
            busy: "",
            message: "",
            returns: 0, // the outlet's returns waiting in the outbox
            dues: { bills: [], totals: [] }, // the outlet's open bills, principal's and distributor's
        });
        onWillStart(() => this.load());
        const onOutboxChange = () => this.countReturns();
        this.model.outbox.addEventListener("change", onOutboxChange);
        onWillDestroy(() => this.model.outbox.removeEventListener("change", onOutboxChange));
    }

    get visit() {
        return this.state.visits.find((v) => v.id === this.state.visitId) || null;
    }

    get outlet() {
        return this.visit?.outlet || null;
    }

    async load() {
        const visit = this.visit;
        if (!visit) {
            return;
        }
        const rep = this.model.rep;
        this.ui.local = (await rep.localVisit(visit.id)) || null;
        this.ui.reasons = await rep.noOrderReasons();
        this.ui.dues = outletDues(await this.model.store.getAll(INVOICES), visit.partner_id, this.state.date);
        await this.countReturns();
        if (this.ui.local) {
            // waiting to send, or sent and pulled back: never "No order taken yet" once sent
            this.ui.orders = await rep.visitOrders(this.ui.local);
            this.ui.reasonId = this.ui.local.no_order_reason_id;
            // a photo kept on the phone, back from Collect or Goods returned: shown, and kept
            // when the reason or the notes change
            if (typeof this.ui.local.photo === "string") {
                this.ui.photo = { base64: this.ui.local.photo, ...(this.ui.local.photo_size || {}) };
            }
            this.ui.notes = this.ui.local.notes || "";
        } else {
            this.ui.orders = [];
        }
    }

    async countReturns() {
        if (this.visit) {
            this.ui.returns = (await this.model.outlets.queuedReturns(this.visit.partner_id)).length;
        }
    }

    money(amount) {
        return (amount || 0).toLocaleString(undefined, {
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
        });
    }

    get outletLine() {
        const o = this.outlet;
        return o ? [o.dms_outlet_code, o.street, o.city].filter(Boolean).join(" · ") : "";
    }

    get phone() {
        return this.outlet?.mobile || this.outlet?.phone || "";
    }

    get navigateUrl() {
        const o = this.outlet;
        if (o && (o.partner_latitude || o.partner_longitude)) {
            return `https://www.google.com/maps/dir/?api=1&destination=${o.partner_latitude},${o.partner_longitude}`;
        }
        const address = o && [o.street, o.city].filter(Boolean).join(", ");
        return address
            ? `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(address)}`
            : "";
    }

    get checkedIn() {
        return Boolean(this.ui.local);
    }

    get checkedOut() {
        return Boolean(this.ui.local?.check_out) || this.visit?.state === "done";
    }

    get fenceLabel() {
        const local = this.ui.local;
        if (!local) {
            return "";
        }
        const time = new Date(local.check_in.time).toLocaleTimeString(undefined, {
            hour: "2-digit",
            minute: "2-digit",
        });
        if (local.out_of_fence) {
            return _t(
                "Checked in at %(time)s, %(distance)s m from the outlet: outside its geofence (%(radius)s m), flagged for your supervisor.",
                {
                    time,
                    distance: Math.round(local.distance),
                    radius: this.outlet?.fence_radius || 0,
                }
            );
        }
        return _t("Checked in at %(time)s, %(distance)s m from the outlet.", {
            time,
            distance: Math.round(local.distance),
        });
    }

    get actions() {
        return visitActions(this.ui.local);
    }

    get canCheckOut() {
        const local = this.ui.local;
        return Boolean(local && !local.check_out && (local.order_uuids.length || local.no_order_reason_id));
    }

    back() {
        this.state.screen = "today";
        this.state.visitId = null;
        this.model.loadToday();
    }

    async onCheckIn() {
        this.ui.busy = "checkin";
        this.ui.message = "";
        try {
            const position = await currentPosition();
            this.ui.local = await this.model.rep.checkIn(this.visit, position);
            await this.model.loadToday();
        } catch (error) {
            this.ui.message = error.message;
        } finally {
            this.ui.busy = "";
        }
    }

    onTakeOrder() {
        this.state.editUuid = null;
        this.state.screen = "order";
    }

    onCollect() {
        this.state.screen = "collect";
    }

    onReturn() {
        this.state.screen = "return";
    }

    async onReason(reasonId) {
        this.ui.reasonId = reasonId;
        await this.keepNoOrder({ reasonId });
    }

    async onPhoto(ev) {
        const file = ev.target.files?.[0];
        if (!file) {
            return;
        }
        this.ui.busy = "photo";
        this.ui.message = "";
        try {
            this.ui.photo = await compressPhoto(file);
        } catch {
            this.ui.message = _t("This photo could not be read: take it again.");
            return;
        } finally {
            this.ui.busy = "";
            ev.target.value = "";
        }
        const { base64, width, height, bytes } = this.ui.photo;
        await this.keepNoOrder({ photo: base64, photoSize: width ? { width, height, bytes } : null });
    }

    onNotes() {
        return this.keepNoOrder({ notes: this.ui.notes.trim() });
    }

    /** The reason, photo and notes are kept on the phone as soon as they are given, in any order. */
    async keepNoOrder(changes) {
        this.ui.local = await this.model.rep.keepNoOrder(this.ui.local, changes);
        this.ui.message = "";
    }

    async onCheckOut() {
        this.ui.busy = "checkout";
        this.ui.message = "";
        let position = null;
        try {
            position = await currentPosition();
        } catch {
            // checking out without a position is allowed: the check-in carries the geofence
        }
        try {
            this.ui.local = await this.model.rep.checkOut(this.ui.local, position);
            await this.model.loadToday();
            await this.model.refreshCounts();
            this.model.sync();
        } catch (error) {
            this.ui.message = error.message;
        } finally {
            this.ui.busy = "";
        }
    }
}
