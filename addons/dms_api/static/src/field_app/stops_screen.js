import { onMounted, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

import { legDistances, navigateUrl, routeDrawing, stopStatus } from "./driver";
import { ModelScreen } from "./model_screen";

const STATUS_LABELS = {
    todo: _t("To deliver"),
    delivered: _t("Delivered"),
    partial: _t("Partly delivered"),
    failed: _t("Not delivered"),
};

/**
 * The driver's day: the stops of their trips in route order, from the device's store (so it
 * works offline), with the route drawn from the coordinates (no map tiles), the distance of each
 * leg and a link to the phone's maps app. Tapping a stop to deliver opens its proof of delivery;
 * *Collect* records money received at its door (cash, cheque, mobile money) for that stop.
 */
export class StopsScreen extends ModelScreen {
    static template = "dms_api.StopsScreen";

    setup() {
        super.setup();
        this.driver = useState(this.model.driver.state);
        onMounted(() => {
            window.scrollTo(0, 0);
            this.model.sync();
        });
    }

    get stops() {
        const legs = legDistances(this.driver.stops);
        return this.driver.stops.map((stop, index) => {
            const status = stopStatus(stop, this.driver.queued[stop.id]);
            const outlet = stop.outlet || {};
            return {
                stop,
                seq: index + 1,
                status,
                statusLabel: STATUS_LABELS[status.state],
                address: [outlet.street, outlet.city].filter(Boolean).join(", "),
                km: legs.get(stop.id),
                eta: stop.dms_eta ? this.time(stop.dms_eta) : "",
                navigate: navigateUrl(outlet),
                canDeliver: status.state === "todo" || status.failed,
                collected: this.driver.collected[stop.id] || null,
            };
        });
    }

    get drawing() {
        const drawing = routeDrawing(this.driver.stops);
        const statusOf = new Map(this.stops.map((row) => [row.stop.id, row.status.state]));
        drawing.points = drawing.points.map((p) => ({ ...p, state: statusOf.get(p.id) }));
        return drawing;
    }

    get tripLabel() {
        const trips = [...new Set(this.driver.stops.map((s) => s.trip?.name).filter(Boolean))];
        const vehicles = [...new Set(this.driver.stops.map((s) => s.trip?.vehicle).filter(Boolean))];
        return [trips.join(", "), vehicles.join(", ")].filter(Boolean).join(" · ");
    }

    get doneCount() {
        return this.stops.filter((row) => row.status.state !== "todo").length;
    }

    get totalKm() {
        let km = 0;
        for (const value of legDistances(this.driver.stops).values()) {
            km += value || 0;
        }
        return km.toFixed(1);
    }

    get syncLabel() {
        if (this.state.syncing) {
            return _t("Syncing…");
        }
        return this.state.online ? _t("Online") : _t("Offline");
    }

    time(value) {
        // the API's datetimes are UTC, "YYYY-MM-DD HH:MM:SS"
        return new Date(value.replace(" ", "T") + "Z").toLocaleTimeString(undefined, {
            hour: "2-digit",
            minute: "2-digit",
        });
    }

    km(value) {
        return value === null || value === undefined ? "" : _t("%s km", value.toFixed(1));
    }

    money(amount) {
        return (amount || 0).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }

    onCollect(row) {
        this.model.driver.collect(row.stop);
    }

    /** To send: what the phone has not sent yet (proofs, door collections), to fix or resend. */
    onOutbox() {
        this.state.screen = "outbox";
    }

    onOpen(row) {
        if (row.canDeliver) {
            this.model.driver.open(row.stop.id);
        }
    }
}
