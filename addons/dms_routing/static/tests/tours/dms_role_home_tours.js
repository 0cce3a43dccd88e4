/** @odoo-module **/
import { registry } from "@web/core/registry";

// Each role lands on its own start screen when it opens Odoo (data from tests/test_ui.py).

registry.category("web_tour.tours").add("dms_rep_home_tour", {
    steps: () => [
        {
            content: "A rep lands on My Day, filtered on today",
            trigger: ".o_breadcrumb .active:contains('My Day')",
        },
        {
            trigger: ".o_searchview .o_facet_values:contains('Today')",
        },
        {
            content: "Today's visit is there, yesterday's is not",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Yesterday Outlet'))) .o_kanban_record:contains('Home Visit Outlet')",
        },
        {
            content: "The rep's menus: Field and Sales, no My Stops",
            trigger: ".o_menu_sections:contains('Field'):contains('Sales'):not(:contains('My Stops'))",
        },
    ],
});

registry.category("web_tour.tours").add("dms_driver_home_tour", {
    steps: () => [
        {
            content: "A driver lands on My Stops",
            trigger: ".o_breadcrumb .active:contains('My Stops')",
        },
        {
            content: "Their stop is listed with the amount to collect; another driver's is not",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Other Driver Outlet'))) .o_data_row:contains('Home Stop Outlet')",
        },
        {
            content: "No sales menus for a driver",
            trigger: ".o_menu_sections:contains('Routing'):not(:contains('Sales')):not(:contains('Network'))",
        },
        {
            content: "Deliver the stop",
            trigger: ".o_data_row:contains('Home Stop Outlet') button[name=action_dms_proof_of_delivery]",
            run: "click",
        },
        {
            content: "The proof of delivery lists the stop's goods",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains('Soap')",
        },
        {
            trigger: ".modal .modal-footer button:contains('Cancel')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
