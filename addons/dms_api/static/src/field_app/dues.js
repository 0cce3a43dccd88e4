/**
 * What an outlet owes, from the ``invoices`` the device pulled: the open customer invoices of the
 * principal and the bills of a distributor that bills its outlets in its own books, each with who
 * billed it (``biller``). A paid or cancelled one comes back from the server with ``active:
 * false`` and leaves the store (``Store.applyPage``).
 *
 * Plain JavaScript without Odoo imports: the screens and the Hoot tests use the same functions.
 */

export const INVOICES = "invoices";

/**
 * The outlet's open bills, oldest due first, and its totals per currency (a distributor's books
 * may keep another currency than the principal's).
 *
 * @param {object[]} invoices records of the ``invoices`` store
 * @param {number} partnerId the outlet
 * @param {string} today YYYY-MM-DD: a bill due before it is overdue
 * @returns {{bills: object[], totals: {currency: string, due: number, overdue: number}[]}}
 */
export function outletDues(invoices, partnerId, today) {
    const bills = invoices
        .filter(
            (inv) =>
                inv.active !== false &&
                inv.state === "posted" &&
                inv.amount_residual > 0 &&
                (inv.commercial_partner_id || inv.partner_id) === partnerId
        )
        .map((inv) => {
            const due = inv.invoice_date_due || inv.invoice_date || "";
            return {
                id: inv.id,
                name: inv.name,
                biller: inv.biller || "",
                date: inv.invoice_date || "",
                due,
                total: inv.amount_total,
                residual: inv.amount_residual,
                currency: inv.currency || "",
                overdue: Boolean(due) && due < today,
            };
        })
        .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id - b.id));
    const byCurrency = new Map();
    for (const bill of bills) {
        const total = byCurrency.get(bill.currency) || { currency: bill.currency, due: 0, overdue: 0 };
        total.due = round(total.due + bill.residual);
        if (bill.overdue) {
            total.overdue = round(total.overdue + bill.residual);
        }
        byCurrency.set(bill.currency, total);
    }
    return { bills, totals: [...byCurrency.values()] };
}

function round(amount) {
    return Math.round(amount * 100) / 100;
}

/**
 * What is wrong with the bills ticked for one collection (null: nothing): one payment is booked in
 * one company's books, so the bills must have one biller.
 *
 * @param {object[]} bills ``outletDues(...).bills``
 * @param {number[]} ids the ticked ones
 */
export function billsProblem(bills, ids) {
    const billers = new Set(bills.filter((b) => ids.includes(b.id)).map((b) => b.biller));
    if (billers.size > 1) {
        return {
            field: "invoice_ids",
            message: "Tick the bills of one biller: each collection is booked in one company's books.",
        };
    }
    return null;
}

/** The residual of the ticked bills, what the outlet pays to clear them. */
export function billsTotal(bills, ids) {
    return round(bills.filter((b) => ids.includes(b.id)).reduce((sum, b) => sum + b.residual, 0));
}
