import { describe, expect, test } from "@odoo/hoot";

import { ApiClient } from "@dms_api/field_app/api";
import {
    collectionForm,
    collectionPayload,
    collectionProblem,
    doorCollections,
    parseAmount,
} from "@dms_api/field_app/collection";
import { Outbox } from "@dms_api/field_app/outbox";
import { RepWork } from "@dms_api/field_app/rep_work";
import {
    missingMustSell,
    outletFlags,
    suggestionBasket,
    withSuggestion,
} from "@dms_api/field_app/selling";

import { acceptAll, fakeServer, openTestStore } from "./helpers";

describe.current.tags("headless");

const NOW = new Date("2026-03-02T06:00:00Z");
const DATE = "2026-03-02";
const OUTLET = {
    id: 20, name: "Rahim Store", company_id: 1, territory_path: [100, 101, 102],
    dms_channel_id: 3, dms_outlet_class_id: 4, dms_distributor_id: 50,
};
const LIST = {
    company_id: 1, active: true, date_from: false, date_to: false, territory_ids: [], channel_ids: [],
    outlet_class_ids: [], partner_ids: [],
};
const ASSORTMENTS = [
    { ...LIST, id: 1, list_type: "must_sell", territory_ids: [101], lines: [{ product_id: 1, min_qty: 0 }, { product_id: 2, min_qty: 6 }] },
    // a higher minimum for product 2 on another list: the highest wins
    { ...LIST, id: 2, list_type: "must_sell", channel_ids: [3], lines: [{ product_id: 2, min_qty: 12 }] },
    { ...LIST, id: 3, list_type: "focus", lines: [{ product_id: 3, min_qty: 0 }] },
    // out of scope: another territory, another class, another outlet, ended, another company, archived
    { ...LIST, id: 4, list_type: "must_sell", territory_ids: [200], lines: [{ product_id: 4, min_qty: 0 }] },
    { ...LIST, id: 5, list_type: "must_sell", outlet_class_ids: [9], lines: [{ product_id: 4, min_qty: 0 }] },
    { ...LIST, id: 6, list_type: "focus", partner_ids: [21], lines: [{ product_id: 4, min_qty: 0 }] },
    { ...LIST, id: 7, list_type: "must_sell", date_to: "2026-03-01", lines: [{ product_id: 4, min_qty: 0 }] },
    { ...LIST, id: 8, list_type: "must_sell", company_id: 2, lines: [{ product_id: 4, min_qty: 0 }] },
    { ...LIST, id: 9, list_type: "must_sell", active: false, lines: [{ product_id: 4, min_qty: 0 }] },
];
const PRODUCTS = new Map([
    [1, { id: 1, name: "Soap", units_per_case: 24 }],
    [2, { id: 2, name: "Shampoo", units_per_case: 0 }],
    [3, { id: 3, name: "Oil", units_per_case: 12 }],
]);

test("must-sell and focus flags of an outlet: the server's scope rule, the highest minimum", () => {
    const { mustSell, focus } = outletFlags(ASSORTMENTS, OUTLET, DATE);
    expect([...mustSell.entries()].sort()).toEqual([[1, 0], [2, 12]]);
    expect([...focus]).toEqual([3]);
    // another outlet of the list's outlets only
    expect([...outletFlags(ASSORTMENTS, { ...OUTLET, id: 21 }, DATE).focus].sort()).toEqual([3, 4]);
    // before a list starts it does not apply
    const later = [{ ...ASSORTMENTS[0], date_from: "2026-04-01" }];
    expect(outletFlags(later, OUTLET, DATE).mustSell.size).toBe(0);
    // the must-sell products not ordered yet
    const basket = { 1: 24 };
    expect(missingMustSell(mustSell, (id) => basket[id] || 0, PRODUCTS)).toEqual([2]);
    basket[2] = 1;
    expect(missingMustSell(mustSell, (id) => basket[id] || 0, PRODUCTS)).toEqual([]);
});

test("a suggestion fills the basket in cases and units; the order says what was suggested", () => {
    const { entries, suggested, skipped } = suggestionBasket(
        [{ product_id: 1, qty: 60 }, { product_id: 2, qty: 6 }, { product_id: 99, qty: 3 }, { product_id: 3, qty: 0 }],
        PRODUCTS
    );
    expect(entries).toEqual({ 1: { cases: 2, units: 12 }, 2: { cases: 0, units: 6 } });
    expect(suggested).toEqual({ 1: 60, 2: 6 });
    expect(skipped).toBe(2);
    // the rep keeps soap at 48, drops shampoo and adds oil
    const order = withSuggestion([{ product_id: 1, qty: 48 }, { product_id: 3, qty: 12 }], suggested);
    expect(order).toEqual({
        lines: [{ product_id: 1, qty: 48, suggested_qty: 60 }, { product_id: 3, qty: 12 }],
        count: 2,
    });
    expect(withSuggestion([{ product_id: 3, qty: 1, extra: true }], null)).toEqual({
        lines: [{ product_id: 3, qty: 1 }], count: 0,
    });
});

test("suggestions are kept at the day's sync and used offline; asked again when online", async () => {
    const store = await openTestStore();
    let online = true;
    let version = 1;
    const server = fakeServer(({ path, body }) => {
        if (!online) {
            return "network";
        }
        if (path.endsWith("/suggested_order")) {
            if (body.outlet_id === 21) {
                return [400, { error: { code: "unknown_id", message: "no", field: "outlet_id" } }];
            }
            return [200, { outlet_id: body.outlet_id, date: body.date, lines: [{ product_id: 1, qty: 24 * version, reasons: ["history"] }] }];
        }
        return [200, { records: [], deleted: [], next_cursor: "c", has_more: false }];
    });
    const api = new ApiClient({ token: "k", fetch: server.fetch });
    const rep = new RepWork({ store, outbox: new Outbox({ store, api, locks: null }), api, now: () => NOW });
    await store.put("visits", { id: 1, partner_id: 20, planned_date: DATE, state: "planned" });
    await store.put("visits", { id: 2, partner_id: 21, planned_date: DATE, state: "planned" });
    await store.put("visits", { id: 3, partner_id: 22, planned_date: "2026-03-03", state: "planned" });
    await store.put("suggestions", { id: 30, date: "2026-03-01", lines: [] });
    await rep.cacheSuggestions(DATE);
    const asked = server.calls.filter((c) => c.path.endsWith("/suggested_order"));
    expect(asked.map((c) => [c.method, c.body])).toEqual([
        ["POST", { outlet_id: 20, date: DATE }],
        ["POST", { outlet_id: 21, date: DATE }],
    ]);
    // the refused outlet gets an empty one, yesterday's suggestion is dropped
    const kept0 = await store.getAll("suggestions");
    expect(kept0.map((s) => [s.id, s.lines.length, s.refused || null])).toEqual([[20, 1, null], [21, 0, "unknown_id"]]);
    // the next sync of the day asks nothing again
    await rep.cacheSuggestions(DATE);
    expect(server.calls.length).toBe(2);

    version = 2;
    const fresh = await rep.suggestion(20, DATE);
    expect([fresh.offline, fresh.lines[0].qty]).toEqual([false, 48]);
    online = false;
    const kept = await rep.suggestion(20, DATE);
    expect([kept.offline, kept.lines[0].qty]).toEqual([true, 48]);
    expect(await rep.suggestion(22, DATE)).toBe(null);
    expect(await rep.suggestion(20, "2026-03-03")).toBe(null);
});

test("an order taken from the suggestion is pushed with what was suggested", async () => {
    const store = await openTestStore();
    const server = fakeServer(acceptAll);
    const api = new ApiClient({ token: "k", fetch: server.fetch });
    const outbox = new Outbox({ store, api, owner: 7, locks: null });
    const rep = new RepWork({ store, outbox, api, now: () => NOW });
    const local = await rep.checkIn({ id: 5, partner_id: 20, outlet: OUTLET }, { latitude: 23.8, longitude: 90.36 });
    const { lines, count } = withSuggestion([{ product_id: 1, qty: 48 }, { product_id: 3, qty: 12 }], { 1: 60, 2: 6 });
    const order = await rep.saveOrder(local, lines, { suggestedCount: count });
    expect(order.payload.lines).toEqual([{ product_id: 1, qty: 48, suggested_qty: 60 }, { product_id: 3, qty: 12 }]);
    expect(order.payload.suggested_line_count).toBe(2);
    // corrected after a refusal: what was suggested stays
    await rep.resendOrder(order.uuid, [{ product_id: 1, qty: 24, suggested_qty: 60 }]);
    const fixed = await outbox.get(order.uuid);
    expect([fixed.payload.lines, fixed.payload.suggested_line_count]).toEqual([
        [{ product_id: 1, qty: 24, suggested_qty: 60 }], 2,
    ]);
});

test("a collection's form: amount, cheque number, mobile provider and transaction id", () => {
    expect(parseAmount("1 250,5")).toBe(1250.5);
    expect(parseAmount("abc")).toBe(0);
    const mobile = { amount: 500, method: "mobile", mobile_provider_id: 3, mobile_transaction_id: " 9AB77 " };
    expect(collectionProblem({ ...mobile, amount: 0 }).field).toBe("amount");
    expect(collectionProblem({ amount: 5, method: "cheque", cheque_number: " " }).field).toBe("cheque_number");
    expect(collectionProblem({ ...mobile, mobile_provider_id: null }).field).toBe("mobile_provider_id");
    expect(collectionProblem({ ...mobile, mobile_transaction_id: "" }).field).toBe("mobile_transaction_id");
    expect(collectionProblem(mobile)).toBe(null);
    // a transaction id waiting in the outbox for the same provider is taken (not its own record)
    const queued = [{ uuid: "u1", resource: "collections", state: "pending",
        payload: { method: "mobile", mobile_provider_id: 3, mobile_transaction_id: "9ab77", amount: 500 } }];
    expect(collectionProblem(mobile, queued).field).toBe("mobile_transaction_id");
    expect(collectionProblem(mobile, queued, "u1")).toBe(null);
    expect(collectionProblem({ ...mobile, mobile_provider_id: 4 }, queued)).toBe(null);
    // the record: the method's own fields, trimmed; a driver's stop
    expect(collectionPayload(20, { ...mobile, cheque_number: "X", mobile_sender: "01711", date: DATE, picking_id: 70 })).toEqual({
        partner_id: 20, amount: 500, method: "mobile", date: DATE, mobile_provider_id: 3,
        mobile_transaction_id: "9AB77", mobile_sender: "01711", picking_id: 70,
    });
    expect(collectionForm({ partner_id: 20, amount: 500, method: "mobile", mobile_provider_id: 3,
        mobile_transaction_id: "9AB77" })).toEqual({
        amount: "500", method: "mobile", cheque_number: "", cheque_bank: "", cheque_date: "",
        mobile_provider_id: 3, mobile_transaction_id: "9AB77", mobile_sender: "", note: "", invoice_ids: [],
    });
});

test("mobile money refused by the server is corrected and sent again under its uuid", async () => {
    const store = await openTestStore();
    const server = fakeServer((call) => {
        const results = call.body.records.map((record) =>
            record.mobile_transaction_id === "TAKEN"
                ? { uuid: record.uuid, status: "error", code: "invalid_value", field: "mobile_transaction_id",
                    message: "mobile_transaction_id: already recorded for this provider" }
                : { uuid: record.uuid, status: "ok", id: 9, duplicate: false, record: {} }
        );
        return [200, { results }];
    });
    const api = new ApiClient({ token: "k", fetch: server.fetch });
    const outbox = new Outbox({ store, api, owner: 7, locks: null });
    const rep = new RepWork({ store, outbox, api, now: () => NOW });
    const door = await rep.saveCollection(20, {
        amount: 250, method: "mobile", date: DATE, mobile_provider_id: 3, mobile_transaction_id: "TAKEN",
        picking_id: 70,
    });
    const cash = await rep.saveCollection(20, { amount: 100, method: "cash", picking_id: 71 });
    expect(doorCollections(await outbox.list())).toEqual({
        70: { amount: 250, count: 1, waiting: 1, failed: false },
        71: { amount: 100, count: 1, waiting: 1, failed: false },
    });
    // with those the server already has (kept on the device)
    const sent = [{ id: 4, picking_id: 71, amount: 40 }, { id: 5, picking_id: 72, amount: 60 }];
    expect(doorCollections(await outbox.list(), sent)).toEqual({
        70: { amount: 250, count: 1, waiting: 1, failed: false },
        71: { amount: 140, count: 2, waiting: 1, failed: false },
        72: { amount: 60, count: 1, waiting: 0, failed: false },
    });
    await outbox.flush();
    const failed = await outbox.get(door.uuid);
    expect([failed.state, failed.error.field]).toEqual(["failed", "mobile_transaction_id"]);
    expect(await outbox.get(cash.uuid)).toBe(undefined);
    expect(doorCollections(await outbox.list())[70].failed).toBe(true);
    await rep.resendCollection(door.uuid, { ...collectionForm(failed.payload), amount: 250, mobile_transaction_id: "NEW-1" });
    const fixed = await outbox.get(door.uuid);
    expect([fixed.state, fixed.payload.mobile_transaction_id, fixed.payload.picking_id]).toEqual(["pending", "NEW-1", 70]);
    await outbox.flush();
    expect(server.calls.at(-1).body.records.map((r) => [r.uuid, r.mobile_transaction_id])).toEqual([[door.uuid, "NEW-1"]]);
    expect(await outbox.list()).toEqual([]);
});
