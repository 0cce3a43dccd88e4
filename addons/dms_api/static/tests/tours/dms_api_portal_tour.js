import { registry } from "@web/core/registry";

// A distributor's portal user opens My Account > Secondary Orders, then one of their orders.
registry.category("web_tour.tours").add("dms_api_portal_secondary_orders", {
    url: "/my",
    steps: () => [
        {
            content: "Open the secondary orders tile",
            trigger: ".o_portal_index_card a[href='/my/secondary_orders']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the first order",
            trigger: "tr.o_dms_portal_order a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order shows its lines and total",
            trigger: ".o_dms_portal_order_detail:contains('Soap 100g'):contains('Total')",
        },
    ],
});
