/** @odoo-module **/
import { registry } from "@web/core/registry";

// A supervisor approves an outlet a rep proposed, after seeing its likely duplicate
// (data from test_ui.py).
registry.category("web_tour.tours").add("dms_outlet_approval_tour", {
    url: "/odoo/action-dms_sales.res_partner_action_outlet_approve",
    steps: () => [
        {
            content: "The proposed outlet is listed with its likely duplicate",
            trigger: ".o_data_row:contains('Tour New Kiosk') .o_field_many2many_tags:contains('Tour Old Kiosk')",
        },
        {
            content: "Open it",
            trigger: ".o_data_row:contains('Tour New Kiosk') .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name=action_dms_approve_outlet]",
            run: "click",
        },
        {
            content: "Once approved, the approval buttons are gone",
            trigger: ".o_form_view:not(:has(button[name=action_dms_approve_outlet]))",
        },
        {
            trigger: ".o_notebook_headers .nav-link:contains('Distribution')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=dms_outlet_state]:contains('Approved')",
        },
    ],
});
