import { describe, expect, test } from "@odoo/hoot";

import { ApiClient } from "@dms_api/field_app/api";
import { collectionForm, collectionPayload } from "@dms_api/field_app/collection";
import { billsProblem, billsTotal, INVOICES, outletDues } from "@dms_api/field_app/dues";
import { Outbox } from "@dms_api/field_app/outbox";
import { RepWork } from "@dms_api/field_app/rep_work";

import { acceptAll, fakeServer, openTestStore } from "./helpers";

describe.current.tags("headless");

const TODAY = "2026-03-02";
const SAVAR = 126;

function invoice(id, values) {
    return {
        id, name: `INV/2026/0000${id}`, partner_id: SAVAR, commercial_partner_id: SAVAR, state: "posted",
        payment_state: "not_paid", invoice_date: "2026-02-01", invoice_date_due: "2026-03-01", currency_id: 9,
        currency: "BDT", biller: "Karnaphuli Traders Ltd.", amount_total: 1000, amount_residual: 1000,
        active: true, ...values,
    };
}

const PRINCIPAL_INVOICE = invoice(4, {
    biller: "Dhaka Principal", amount_total: 500, amount_residual: 500, invoice_date_due: "2026-03-20",
});

test("an outlet's dues: its open bills of both books, oldest due first, totals and overdue per currency", () => {
    const invoices = [
        invoice(1, { amount_residual: 400.5, invoice_date_due: "2026-02-20" }), // partly paid, overdue
        invoice(2, { invoice_date_due: "2026-03-10" }),
        PRINCIPAL_INVOICE,
        invoice(3, { partner_id: 127, commercial_partner_id: 127 }), // another outlet
        invoice(5, { state: "cancel" }),
        invoice(6, { amount_residual: 0, payment_state: "paid" }),
    ];
    const dues = outletDues(invoices, SAVAR, TODAY);
    expect(dues.bills.map((b) => [b.id, b.biller, b.residual, b.overdue])).toEqual([
        [1, "Karnaphuli Traders Ltd.", 400.5, true],
        [2, "Karnaphuli Traders Ltd.", 1000, false],
        [4, "Dhaka Principal", 500, false],
    ]);
    expect(dues.totals).toEqual([{ currency: "BDT", due: 1900.5, overdue: 400.5 }]);
    const usd = outletDues([...invoices, invoice(7, { currency: "USD", amount_residual: 12 })], SAVAR, TODAY);
    expect(usd.totals.map((t) => [t.currency, t.due, t.overdue])).toEqual([
        ["BDT", 1900.5, 400.5],
        ["USD", 12, 12],
    ]);
    expect(outletDues(invoices, 999, TODAY)).toEqual({ bills: [], totals: [] });
});

test("bills ticked for one collection: one biller, their residual, sent as invoice_ids", () => {
    const { bills } = outletDues([invoice(1, { amount_residual: 250 }), invoice(2), PRINCIPAL_INVOICE], SAVAR, TODAY);
    expect(billsProblem(bills, [1, 2])).toBe(null);
    expect(billsTotal(bills, [1, 2])).toBe(1250);
    expect(billsProblem(bills, [1, 4]).field).toBe("invoice_ids");
    const payload = collectionPayload(SAVAR, { amount: 1250, method: "cash", invoice_ids: [1, 2] });
    expect(payload).toEqual({ partner_id: SAVAR, amount: 1250, method: "cash", invoice_ids: [1, 2] });
    expect(collectionForm(payload).invoice_ids).toEqual([1, 2]);
    // none ticked: the server pays the oldest, the payload names none
    expect("invoice_ids" in collectionPayload(SAVAR, { amount: 5, method: "cash", invoice_ids: [] })).toBe(false);
});

test("the rep's sync pulls the outlets' bills; one paid since comes back inactive and leaves the dues", async () => {
    const store = await openTestStore();
    const server = fakeServer(({ path, query }) => {
        const resource = path.split("/").at(-1);
        let records = [];
        if (resource === INVOICES && !query.since) {
            records = [invoice(1), PRINCIPAL_INVOICE];
        }
        return [200, { resource, records, deleted: [], next_cursor: `${resource}-c`, has_more: false }];
    });
    const api = new ApiClient({ token: "k", fetch: server.fetch });
    const outbox = new Outbox({ store, api, locks: null });
    const rep = new RepWork({ store, outbox, api });
    await rep.sync(TODAY);
    let dues = outletDues(await store.getAll(INVOICES), SAVAR, TODAY);
    expect(dues.bills.map((b) => b.id)).toEqual([1, 4]);

    // the rep collects for the distributor's bill; the server pays it and serves it again
    await rep.saveCollection(SAVAR, { amount: 1000, method: "cash", date: TODAY, invoice_ids: [1] });
    server.handler = (call) => (call.method === "POST" ? acceptAll(call) : server.handler0(call));
    server.handler0 = ({ path, query }) => {
        const resource = path.split("/").at(-1);
        const records =
            resource === INVOICES && query.since === "invoices-c"
                ? [invoice(1, { amount_residual: 0, payment_state: "paid", active: false })]
                : [];
        return [200, { resource, records, deleted: [], next_cursor: `${resource}-c`, has_more: false }];
    };
    await outbox.flush();
    const pushed = server.calls.find((c) => c.method === "POST");
    expect(pushed.body.records[0].invoice_ids).toEqual([1]);
    await rep.sync(TODAY);
    const pulledAgain = server.calls.filter((c) => c.path.endsWith(`/${INVOICES}`)).at(-1);
    expect(pulledAgain.query.since).toBe("invoices-c");
    dues = outletDues(await store.getAll(INVOICES), SAVAR, TODAY);
    expect(dues.bills.map((b) => b.id)).toEqual([4]);
    expect(dues.totals).toEqual([{ currency: "BDT", due: 500, overdue: 0 }]);
});

test("a bill deleted since (cancelled, then deleted in the distributor's books) leaves the store and the dues", async () => {
    const store = await openTestStore();
    const server = fakeServer(({ path, query }) => {
        const resource = path.split("/").at(-1);
        const first = resource === INVOICES && !query.since;
        // the next pull: the distributor's bill 1 deleted, and an id the phone never had
        const deleted = resource === INVOICES && query.since === "invoices-c" ? [1, 99] : [];
        const records = first ? [invoice(1), invoice(2, { invoice_date_due: "2026-03-10" }), PRINCIPAL_INVOICE] : [];
        return [200, { resource, records, deleted, next_cursor: `${resource}-c`, has_more: false }];
    });
    const api = new ApiClient({ token: "k", fetch: server.fetch });
    const rep = new RepWork({ store, outbox: new Outbox({ store, api, locks: null }), api });
    await rep.sync(TODAY);
    expect(outletDues(await store.getAll(INVOICES), SAVAR, TODAY).bills.map((b) => b.id)).toEqual([1, 2, 4]);

    await rep.sync(TODAY);
    const pulledAgain = server.calls.filter((c) => c.path.endsWith(`/${INVOICES}`)).at(-1);
    expect(pulledAgain.query.since).toBe("invoices-c");
    expect((await store.getAll(INVOICES)).map((i) => i.id)).toEqual([2, 4]);
    const dues = outletDues(await store.getAll(INVOICES), SAVAR, TODAY);
    expect(dues.bills.map((b) => [b.id, b.biller])).toEqual([
        [2, "Karnaphuli Traders Ltd."],
        [4, "Dhaka Principal"],
    ]);
    expect(dues.totals).toEqual([{ currency: "BDT", due: 1500, overdue: 0 }]);
});
