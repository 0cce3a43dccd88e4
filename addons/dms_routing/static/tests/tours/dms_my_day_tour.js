/** @odoo-module **/
import { registry } from "@web/core/registry";

// A rep opens My Day, checks in at an outlet with the phone's position and records why the outlet
// ordered nothing (data from tests/test_ui.py). The browser's geolocation API is replaced by a
// stub: first it refuses, then it gives a fixed position a few metres from the outlet.
function stubGeolocation(getCurrentPosition) {
    Object.defineProperty(navigator, "geolocation", {
        configurable: true,
        value: { getCurrentPosition },
    });
}

registry.category("web_tour.tours").add("dms_my_day_tour", {
    url: "/odoo/action-dms_routing.dms_visit_action_my_day",
    steps: () => [
        {
            content: "Today's visit is on My Day; the browser first refuses the location",
            trigger: ".o_kanban_record:contains('Tour Visit Outlet')",
            run() {
                stubGeolocation((success, error) =>
                    error({ code: 1, message: "User denied Geolocation" })
                );
            },
        },
        {
            content: "Check in from the card",
            trigger: ".o_kanban_record:contains('Tour Visit Outlet') .o_dms_geo_button[data-method=action_check_in]",
            run: "click",
        },
        {
            content: "The rep is told why nothing happened; then location is allowed",
            trigger: ".o_notification:contains('Location access is denied')",
            run() {
                stubGeolocation((success) =>
                    success({ coords: { latitude: 23.7809, longitude: 90.4171, accuracy: 9 } })
                );
            },
        },
        {
            content: "Still planned: check in again",
            trigger: ".o_kanban_record:contains('Tour Visit Outlet'):contains('Planned') .o_dms_geo_button[data-method=action_check_in]",
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
        {
            content: "Open the day's map",
            trigger: ".o_notebook_headers .nav-link:contains('Day Map')",
            run: "click",
        },
        {
            content: "The outlet (numbered 1) and the check-in position are on the map",
            trigger: ".o_dms_map_canvas.leaflet-container .o_dms_map_pin:contains('1')",
        },
        {
            trigger: ".o_dms_map_canvas .leaflet-marker-icon:nth-child(2)",
        },
    ],
});
