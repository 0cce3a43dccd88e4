import { Component, onWillDestroy, useState } from "@odoo/owl";

import { PodScreen } from "./pod_screen";
import { ReturnScreen } from "./return_screen";
import { CollectionScreen } from "./collection_screen";
import { NewOutletScreen } from "./new_outlet_screen";
import { OrderScreen } from "./order_screen";
import { OutboxScreen } from "./outbox_screen";
import { SignInScreen } from "./sign_in_screen";
import { StopsScreen } from "./stops_screen";
import { TodayScreen } from "./today_screen";
import { VisitScreen } from "./visit_screen";

/** The app's root: one screen at a time, chosen by the model. */
export class FieldApp extends Component {
    static template = "dms_api.FieldApp";
    static components = {
        SignInScreen,
        TodayScreen,
        VisitScreen,
        OrderScreen,
        OutboxScreen,
        CollectionScreen,
        NewOutletScreen,
        ReturnScreen,
        PodScreen,
        StopsScreen,
    };
    static props = { model: Object };

    setup() {
        this.state = useState(this.props.model.state);
        this.driver = useState(this.props.model.driver.state);
        const onOnline = () => {
            this.state.online = true;
            this.props.model.sync();
        };
        const onOffline = () => {
            this.state.online = false;
        };
        window.addEventListener("online", onOnline);
        window.addEventListener("offline", onOffline);
        onWillDestroy(() => {
            window.removeEventListener("online", onOnline);
            window.removeEventListener("offline", onOffline);
        });
    }

    /** The update prompt: on the lists only, never over a form being filled in. */
    get showUpdate() {
        return (
            this.state.updateReady &&
            !!this.props.model.update &&
            ["today", "outbox"].includes(this.state.screen) &&
            !this.openStop
        );
    }

    onUpdate() {
        this.props.model.update.apply();
    }

    /** The stop whose proof of delivery is open (read through this component's reactive state). */
    get openStop() {
        return this.driver.stops.find((s) => s.id === this.driver.openStopId) || null;
    }

    /** A driver's day (stops of their trips, no visits planned) instead of a rep's. */
    get driverView() {
        return this.state.screen === "today" && this.driver.stops.length > 0 && !this.state.visits.length;
    }
}
