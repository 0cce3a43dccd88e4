/** @odoo-module **/
import { registry } from "@web/core/registry";

// An accountant of the principal (Invoicing + Distribution Supervisor, no territory) walks the
// receivables, the claims by scheme, a distributor's statement and the reconciliation
// (data from tests/test_accountant_ui.py).
registry.category("web_tour.tours").add("dms_accountant_home_tour", {
    steps: () => [
        {
            content: "An accountant lands on Distributor Receivables, one row per distributor",
            trigger: ".o_breadcrumb .active:contains('Distributor Receivables')",
        },
        {
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains('North Distribution Ltd')",
        },
        {
            content: "Accountants see Reporting, not a driver's My Stops",
            trigger: ".o_menu_sections:contains('Reporting'):not(:contains('My Stops'))",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the distributor's group",
            trigger: ".o_list_view .o_group_name:contains('North Distribution Ltd')",
            run: "click",
        },
        {
            content: "The distributor's open amount: 2,000 invoiced - 70 claim credit - 700 collected",
            trigger: ".o_list_view .o_group_header:contains('North Distribution Ltd (3)'):contains('1,230.00')",
        },
        {
            content: "Its invoice, credit note and payment are listed",
            trigger: ".o_list_view .o_data_row:contains('North Distribution Ltd'):contains('Invoice')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('North Distribution Ltd'):contains('Payment')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('North Distribution Ltd'):contains('Credit Note')",
        },
        {
            content: "Open Claims by Scheme",
            trigger: ".o_menu_sections button:contains('Sales')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Claims by Scheme')",
            run: "click",
        },
        {
            content: "The scheme's claimed benefit adds up in currency",
            trigger: ".o_list_view .o_group_has_content:contains('Soap 10% off'):contains('70.00')",
        },
        {
            content: "Open the distributor",
            trigger: ".o_menu_sections button:contains('Network')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Distributors')",
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit North Distribution Ltd",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: ".o_kanban_record:contains('North Distribution Ltd'), .o_data_row:contains('North Distribution Ltd')",
            run: "click",
        },
        {
            content: "The distributor's form: its invoiced total, the Statement under More",
            trigger: ".o_form_view .o-form-buttonbox:contains('Invoiced') .o_button_more",
            run: "click",
        },
        {
            content: "The Statement button opens the statement wizard for this distributor",
            trigger: ".o-dropdown--menu button[name=action_dms_statement]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=distributor_ids] .o_tag:contains('North Distribution Ltd')",
        },
        {
            trigger: ".modal .modal-footer button[name=action_print_pdf]",
        },
        {
            trigger: ".modal .modal-footer button:contains('Cancel')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Open Reconcile Distributor Payments",
            trigger: ".o_menu_sections button:contains('Reporting')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Reconcile Distributor Payments')",
            run: "click",
        },
        {
            content: "The reconciliation asks for distributors and proposes matches",
            trigger: ".modal:contains('Reconcile Distributor Payments') .o_field_widget[name=distributor_ids]",
        },
        {
            trigger: ".modal .modal-footer button[name=action_propose]",
        },
        {
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
