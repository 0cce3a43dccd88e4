/** @odoo-module **/
import { registry } from "@web/core/registry";

// A rep opens My Day, checks in at an outlet with the phone's position and records why the outlet
// ordered nothing (data from tests/test_ui.py). The browser's geolocation API is replaced by a
// fixed position a few metres from the outlet.
registry.category("web_tour.tours").add("dms_my_day_tour", {
    url: "/odoo/action-dms_routing.dms_visit_action_my_day",
    steps: () => [
        {
            content: "Today's visit is on My Day",
            trigger: ".o_kanban_record:contains('Tour Visit Outlet')",
            run() {
                Object.defineProperty(navigator, "geolocation", {
                    configurable: true,
                    value: {
                        getCurrentPosition(success) {
                            success({ coords: { latitude: 23.7809, longitude: 90.4171, accuracy: 9 } });
                        },
                    },
                });
            },
        },
        {
            content: "Check in from the card",
            trigger: ".o_kanban_record:contains('Tour Visit Outlet') .o_dms_geo_button[data-method=action_check_in]",
            run: "click",
        },
        {
            content: "The visit is in progress",
            trigger: ".o_kanban_record:contains('Tour Visit Outlet'):contains('In Progress')",
            run: "click",
        },
        {
            content: "Give the no-order reason",
            trigger: ".o_form_view .o_field_widget[name=no_order_reason_id] input",
            run: "edit Tour: shop",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour: shop has enough stock')",
            run: "click",
        },
        {
            content: "Check out",
            trigger: ".o_form_view .o_dms_geo_button[data-method=action_check_out]",
            run: "click",
        },
        {
            content: "The visit is done",
            trigger: ".o_form_view .o_statusbar_status button[aria-checked=true]:contains('Done')",
        },
    ],
});
