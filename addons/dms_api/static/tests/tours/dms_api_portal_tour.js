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

// The distributor confirms a goods receipt: a quantity that is not a number is refused with the
// line named and the typed values kept, then 1 soap damaged is confirmed and claimed.
registry.category("web_tour.tours").add("dms_api_portal_goods_receipt", {
    url: "/my",
    steps: () => [
        {
            content: "Open the goods receipts tile",
            trigger: ".o_portal_index_card a[href='/my/goods_receipts']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the receipt to confirm",
            trigger: "tr.o_dms_portal_receipt:contains('To Confirm') a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Type a received quantity that is not a number",
            trigger: "tr:contains('Soap 100g') input[name^='received_']",
            run: "edit ten",
        },
        {
            content: "Confirm",
            trigger: "button.o_dms_portal_receipt_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The error names the product and the field; the typed value is kept",
            trigger: ".o_dms_portal_error:contains('Soap 100g'):contains('Received')",
        },
        {
            trigger: "tr:contains('Soap 100g') input[name^='received_']:value('ten')",
        },
        {
            content: "Correct the received quantity",
            trigger: "tr:contains('Soap 100g') input[name^='received_']",
            run: "edit 10",
        },
        {
            content: "One soap arrived damaged",
            trigger: "tr:contains('Soap 100g') input[name^='damaged_']",
            run: "edit 1",
        },
        {
            content: "Confirm again",
            trigger: "button.o_dms_portal_receipt_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The receipt is confirmed; claim the damaged soap",
            trigger: ".o_dms_portal_confirmed",
        },
        {
            trigger: "button.o_dms_portal_receipt_claim",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The draft claim is shown on the receipt",
            trigger: ".o_dms_portal_receipt_detail:contains('Claim:'):not(:has(.o_dms_portal_receipt_claim))",
        },
    ],
});
