/** @odoo-module **/
import { registry } from "@web/core/registry";

// A rep takes an order in cases from an outlet and confirms it (data from test_ui.py).
registry.category("web_tour.tours").add("dms_secondary_order_tour", {
    url: "/odoo/action-dms_sales.dms_secondary_order_action",
    steps: () => [
        {
            content: "New secondary order",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Pick the outlet",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Outlet",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Outlet')",
            run: "click",
        },
        {
            content: "The outlet's distributor is filled in",
            trigger: ".o_field_widget[name=distributor_id] input:value(Tour Distributor)",
        },
        {
            content: "Add a line",
            trigger: ".o_field_x2many_list_row_add > a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=product_id] input",
            run: "edit Tour Soap",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Soap')",
            run: "click",
        },
        {
            content: "Order in cases",
            trigger: ".o_field_widget[name=product_packaging_id] input",
            run: "edit Tour Case",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Case')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=product_packaging_qty] input",
            run: "edit 2",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "2 cases of 12 are 24 units at the distributor's outlet price",
            trigger: ".o_data_cell[name=product_uom_qty]:contains('24')",
        },
        {
            trigger: ".o_field_widget[name=amount_untaxed]:contains('720')",
        },
        {
            content: "Confirm",
            trigger: "button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Confirmed')",
        },
    ],
});
