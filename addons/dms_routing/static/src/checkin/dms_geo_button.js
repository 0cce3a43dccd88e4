/** @odoo-module **/
import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

/**
 * A big button that reads the device's position (navigator.geolocation) and calls
 * `method(latitude, longitude, accuracy)` on the record, e.g. dms.visit's action_check_in.
 * When the position cannot be read (access denied, no GPS, timeout) it says so and calls nothing.
 */
export class DmsGeoButton extends Component {
    static template = "dms_routing.DmsGeoButton";
    static props = {
        ...standardWidgetProps,
        method: { type: String },
        string: { type: String },
        icon: { type: String, optional: true },
    };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.state = useState({ busy: false });
    }

    getPosition() {
        return new Promise((resolve, reject) => {
            if (!navigator.geolocation) {
                reject({ code: 0, message: _t("this browser cannot give a location") });
                return;
            }
            navigator.geolocation.getCurrentPosition(resolve, reject, {
                enableHighAccuracy: true,
                timeout: 20000,
                maximumAge: 0,
            });
        });
    }

    async onClick(ev) {
        ev.stopPropagation();
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            let position;
            try {
                position = await this.getPosition();
            } catch (error) {
                this.notification.add(
                    error.code === 1
                        ? _t("Location access is denied. Allow this site to use your location in the browser's settings, then try again.")
                        : _t("Your location could not be read (%s). Turn on GPS and try again.", error.message || error.code),
                    { type: "danger", title: _t("No location") }
                );
                return;
            }
            const record = this.props.record;
            if (!(await record.save())) {
                return;
            }
            const { latitude, longitude, accuracy } = position.coords;
            await this.orm.call(record.resModel, this.props.method, [[record.resId], latitude, longitude, accuracy]);
            await record.load();
        } finally {
            this.state.busy = false;
        }
    }
}

export const dmsGeoButton = {
    component: DmsGeoButton,
    extractProps: ({ attrs }) => ({ method: attrs.method, string: attrs.string, icon: attrs.icon }),
};

registry.category("view_widgets").add("dms_geo_button", dmsGeoButton);
