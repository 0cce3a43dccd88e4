/** @odoo-module **/
import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { DmsMap } from "./dms_map";

/**
 * Distribution > Field > Check-ins Today: where the team checked in today (the visits the user
 * may read: a supervisor's territories, everything for a manager), red when out of the fence.
 */
export class DmsCheckinMap extends Component {
    static template = "dms_routing.DmsCheckinMap";
    static components = { DmsMap, Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.state = useState({ markers: [], date: "", outOfFence: 0 });
        onWillStart(() => this.load());
    }

    async load() {
        const data = await this.orm.call("dms.visit", "dms_checkin_map_data", []);
        Object.assign(this.state, {
            markers: data.markers,
            date: data.date,
            outOfFence: data.out_of_fence,
        });
    }

    get emptyText() {
        return _t("Nobody of your team has checked in today yet.");
    }
}

registry.category("actions").add("dms_routing.checkin_map", DmsCheckinMap);
