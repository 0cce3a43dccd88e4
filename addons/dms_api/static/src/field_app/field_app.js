import { Component, onWillDestroy, useState } from "@odoo/owl";

import { CollectionScreen } from "./collection_screen";
import { OrderScreen } from "./order_screen";
import { OutboxScreen } from "./outbox_screen";
import { SignInScreen } from "./sign_in_screen";
import { TodayScreen } from "./today_screen";
import { VisitScreen } from "./visit_screen";

/** The app's root: one screen at a time, chosen by the model. */
export class FieldApp extends Component {
    static template = "dms_api.FieldApp";
    static components = { SignInScreen, TodayScreen, VisitScreen, OrderScreen, OutboxScreen, CollectionScreen };
    static props = { model: Object };

    setup() {
        this.state = useState(this.props.model.state);
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
}
