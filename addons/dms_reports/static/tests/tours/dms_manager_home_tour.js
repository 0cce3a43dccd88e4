/** @odoo-module **/
import { registry } from "@web/core/registry";

// A distribution manager opens Odoo on the Overview dashboard (data from tests/test_ui.py).
registry.category("web_tour.tours").add("dms_manager_home_tour", {
    steps: () => [
        {
            content: "A manager lands on the Overview",
            trigger: ".o_dms_overview .o_dms_kpi[name=kpi_secondary]",
        },
        {
            content: "Managers see Reporting and Configuration, not a driver's My Stops",
            trigger: ".o_menu_sections:contains('Reporting'):contains('Configuration'):not(:contains('My Stops'))",
        },
    ],
});
