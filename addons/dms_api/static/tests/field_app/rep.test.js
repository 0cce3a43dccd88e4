import { describe, expect, test } from "@odoo/hoot";
import { reactive } from "@odoo/owl";

import { ApiClient } from "@dms_api/field_app/api";
import { Outbox } from "@dms_api/field_app/outbox";
import {
    catalogueProducts,
    compressPhoto,
    fenceCheck,
    outletSchemes,
    priceOrder,
    unitPrice,
} from "@dms_api/field_app/rep";
import { RepWork, lockedBy, visitActions } from "@dms_api/field_app/rep_work";

import { acceptAll, fakeServer, openTestStore } from "./helpers";

describe.current.tags("headless");

const NOW = new Date("2026-03-02T06:00:00Z");
const SOAP = {
    id: 1, name: "Soap 100g", product_tmpl_id: 11, categ_id: 5, categ_path: [1, 5],
    lst_price: 40, units_per_case: 24,
};
const SHAMPOO = {
    id: 2, name: "Shampoo 200ml", product_tmpl_id: 12, categ_id: 6, categ_path: [1, 6],
    lst_price: 150, units_per_case: 0,
};
const OIL = { id: 3, name: "Oil 1l", product_tmpl_id: 13, categ_id: 6, categ_path: [1, 6], lst_price: 200 };
const ITEMS = [
    { id: 1, pricelist_id: 9, applied_on: "0_product_variant", product_id: 1, min_quantity: 0,
      compute_price: "fixed", fixed_price: 35 },
    // 48 units and more: cheaper
    { id: 2, pricelist_id: 9, applied_on: "0_product_variant", product_id: 1, min_quantity: 48,
      compute_price: "fixed", fixed_price: 34 },
    { id: 3, pricelist_id: 9, applied_on: "2_product_category", categ_id: 6, min_quantity: 0,
      compute_price: "percentage", percent_price: 10 },
    { id: 4, pricelist_id: 9, applied_on: "1_product", product_tmpl_id: 13, min_quantity: 0,
      compute_price: "formula", price_discount: 25, base: "list_price" },
    // expired: never applies
    { id: 5, pricelist_id: 9, applied_on: "3_global", min_quantity: 0, compute_price: "fixed",
      fixed_price: 1, date_end: "2026-01-01 00:00:00" },
];
const OUTLET = {
    id: 20, name: "Rahim Store", company_id: 1, territory_path: [100, 101, 102],
    dms_channel_id: 3, dms_outlet_class_id: 4, dms_distributor_id: 50,
    partner_latitude: 23.8, partner_longitude: 90.36, fence_radius: 100,
};
const SCHEME = {
    company_id: 1, apply_on: "secondary", active: true, stackable: false, is_repeating: true,
    territory_ids: [], channel_ids: [], outlet_class_ids: [], distributor_ids: [], product_ids: [],
    categ_ids: [], slabs: [], combo: [], qty_uom: "unit", buy_qty: 0, get_qty: 0,
    get_product_id: false, combo_discount: 0, date_from: false, date_to: false,
};
const CASE_SLAB = {
    ...SCHEME, id: 7, name: "Soap 2 cases 5%", sequence: 10, rule_type: "qty_slab", qty_uom: "case",
    product_ids: [1], territory_ids: [101],
    slabs: [{ threshold: 2, discount_type: "percent", discount_value: 5 },
            { threshold: 5, discount_type: "percent", discount_value: 8 }],
};
const FREE_SOAP = {
    ...SCHEME, id: 8, name: "Shampoo 10+1 soap", sequence: 20, rule_type: "free_goods", product_ids: [2],
    buy_qty: 10, get_product_id: 1, get_qty: 1, apply_on: "both",
};

function context(schemes = [CASE_SLAB, FREE_SOAP]) {
    return {
        products: new Map([SOAP, SHAMPOO, OIL].map((p) => [p.id, p])),
        priceItems: ITEMS,
        schemes,
        now: NOW,
    };
}

test("prices at the outlet's pricelist: the most specific rule, the quantity tier, the dates", () => {
    expect(unitPrice(ITEMS, SOAP, 1, NOW)).toBe(35);
    expect(unitPrice(ITEMS, SOAP, 47, NOW)).toBe(35);
    expect(unitPrice(ITEMS, SOAP, 48, NOW)).toBe(34); // two cases reach the 48-unit tier
    expect(unitPrice(ITEMS, SHAMPOO, 1, NOW)).toBe(135); // category, 10% off the sales price
    expect(unitPrice(ITEMS, OIL, 1, NOW)).toBe(150); // the template's formula wins over the category
    // no rule (the global one expired): the sales price
    expect(unitPrice(ITEMS, { ...OIL, id: 4, product_tmpl_id: 14, categ_path: [1] }, 1, NOW)).toBe(200);
});

test("the schemes of an outlet: company, dates, territory subtree, channel, class, distributor", () => {
    const schemes = [
        CASE_SLAB, // territory 101 is an ancestor of the outlet's
        FREE_SOAP,
        { ...SCHEME, id: 20, rule_type: "qty_slab", territory_ids: [999] },
        { ...SCHEME, id: 21, rule_type: "qty_slab", channel_ids: [30] },
        { ...SCHEME, id: 22, rule_type: "qty_slab", outlet_class_ids: [4] },
        { ...SCHEME, id: 23, rule_type: "qty_slab", distributor_ids: [51] },
        { ...SCHEME, id: 24, rule_type: "qty_slab", date_to: "2026-03-01" },
        { ...SCHEME, id: 25, rule_type: "qty_slab", date_from: "2026-03-02" },
        { ...SCHEME, id: 26, rule_type: "qty_slab", apply_on: "primary" },
        { ...SCHEME, id: 27, rule_type: "qty_slab", company_id: 2 },
    ];
    expect(outletSchemes(schemes, OUTLET, "2026-03-02").map((s) => s.id)).toEqual([7, 8, 22, 25]);
});

test("an order in cases: priced per line, the case slab's discount and the free goods", () => {
    const priced = priceOrder(context(), [
        { product_id: 1, cases: 2, units: 0 },
        { product_id: 2, units: 12 },
        { product_id: 3, units: 0 }, // nothing ordered: no line
    ]);
    expect(priced.lines.map((l) => [l.product_id, l.qty, l.price_unit])).toEqual([
        [1, 48, 34],
        [2, 12, 135],
    ]);
    // 48 x 34 = 1632, 5% = 81.60; shampoo 12 x 135 = 1620, one soap free
    expect(priced.lines[0].discount).toBe(81.6);
    expect(priced.lines[0].schemes).toEqual(["Soap 2 cases 5%"]);
    expect(priced.lines[1].discount).toBe(0);
    expect(priced.free_goods).toEqual([
        { product_id: 1, qty: 1, scheme_id: 8, name: "Soap 100g", scheme: "Shampoo 10+1 soap" },
    ]);
    expect([priced.gross, priced.discount, priced.net]).toEqual([3252, 81.6, 3170.4]);
    expect(priced.applied).toEqual(["Soap 2 cases 5%", "Shampoo 10+1 soap"]);

    // one case and 23 units are 47 units: under two cases and the tier, no discount
    const under = priceOrder(context(), [{ product_id: 1, cases: 1, units: 23 }]);
    expect([under.lines[0].qty, under.lines[0].price_unit, under.discount]).toEqual([47, 35, 0]);
    // five cases: the higher slab
    const five = priceOrder(context(), [{ product_id: 1, cases: 5 }]);
    expect([five.lines[0].qty, five.discount, five.net]).toEqual([120, 326.4, 3753.6]);
});

test("tiered free goods of one pulled scheme: the highest tier reached, two products on the top one", () => {
    // as the API pulls it: is_tiered, and slabs with get_product_id/get_qty (discount fields unused)
    const tiered = {
        ...SCHEME, id: 9, name: "Shampoo tiers", sequence: 30, rule_type: "free_goods", product_ids: [2],
        is_tiered: true, buy_qty: 0, get_product_id: false, get_qty: 0,
        slabs: [
            { threshold: 10, discount_type: "percent", discount_value: 0, get_product_id: 1, get_qty: 1 },
            { threshold: 20, discount_type: "percent", discount_value: 0, get_product_id: 1, get_qty: 3 },
            { threshold: 50, discount_type: "percent", discount_value: 0, get_product_id: 1, get_qty: 8 },
            { threshold: 50, discount_type: "percent", discount_value: 0, get_product_id: 3, get_qty: 1 },
        ],
    };
    const free = (units) =>
        priceOrder(context([tiered]), [{ product_id: 2, units }]).free_goods.map((g) => [g.product_id, g.qty]);
    expect(free(9)).toEqual([]);
    expect(free(25)).toEqual([[1, 3]]);
    expect(free(60)).toEqual([[1, 8], [3, 1]]);
});

test("the geofence: the server's distance, flagged (not refused) beyond the radius", () => {
    const near = fenceCheck(OUTLET, { latitude: 23.8003, longitude: 90.36 });
    expect(Math.round(near.distance)).toBe(33);
    expect(near.outOfFence).toBe(false);
    const far = fenceCheck(OUTLET, { latitude: 23.81, longitude: 90.36 });
    expect(Math.round(far.distance)).toBe(1112);
    expect(far.outOfFence).toBe(true);
    expect(fenceCheck({ ...OUTLET, partner_latitude: 0, partner_longitude: 0 }, far).outOfFence).toBe(false);
});

/** A rep's work on a fresh store, its outbox sending to a server that accepts everything. */
async function repAtWork() {
    const store = await openTestStore();
    const server = fakeServer(acceptAll);
    const api = new ApiClient({ token: "k", fetch: server.fetch });
    const outbox = new Outbox({ store, api, owner: 7, locks: null });
    const rep = new RepWork({ store, outbox, api, now: () => NOW });
    return { store, server, api, outbox, rep };
}

async function bigPhoto(width = 3000, height = 2000) {
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#0f6e66";
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = "#ffd166";
    ctx.fillRect(width / 4, height / 4, width / 2, height / 2);
    return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}

test("a photo is made a JPEG of at most 1280 px, then queued with the visit at check-out", async () => {
    const png = await bigPhoto();
    const photo = await compressPhoto(png);
    expect([photo.width, photo.height]).toEqual([1280, 853]);
    expect(photo.base64.startsWith("/9j/")).toBe(true); // JPEG's FF D8 FF
    expect(photo.bytes).toBeLessThan(png.size);
    expect(photo.bytes).toBe(atob(photo.base64).length);
    // a small photo keeps its size
    const small = await compressPhoto(await bigPhoto(640, 480));
    expect([small.width, small.height]).toEqual([640, 480]);

    const { server, outbox, rep } = await repAtWork();
    const visit = { id: 5, partner_id: OUTLET.id, outlet: OUTLET, state: "planned" };

    // the screens hand over their reactive state: stored as plain data all the same
    const local = reactive(await rep.checkIn(visit, { latitude: 23.81, longitude: 90.36, accuracy: 12 }));
    expect(local.out_of_fence).toBe(true);
    await expect(rep.checkOut(local, null)).rejects.toThrow(/no-order reason/);
    await rep.setNoOrder(local, { reasonId: 3, photo: photo.base64, notes: "Shop closed" });
    // nothing is queued before check-out; the day shows the visit in progress
    expect(await outbox.list()).toEqual([]);
    expect((await rep.withLocalState([visit]))[0].state).toBe("in_progress");
    await rep.checkOut(local, { latitude: 23.8001, longitude: 90.36, accuracy: 8 });

    const [queued] = await outbox.list();
    expect(queued.resource).toBe("visits");
    expect(queued.uuid).toBe(local.uuid);
    expect(queued.payload).toEqual({
        uuid: local.uuid,
        visit_id: 5,
        check_in_time: NOW.toISOString(),
        check_in_latitude: 23.81,
        check_in_longitude: 90.36,
        check_in_accuracy: 12,
        check_out_time: NOW.toISOString(),
        check_out_latitude: 23.8001,
        check_out_longitude: 90.36,
        check_out_accuracy: 8,
        no_order_reason_id: 3,
        photo: photo.base64,
        notes: "Shop closed",
    });
    // the photo is kept once, in the outbox; the visit shows done
    expect((await rep.localVisit(5)).photo).toBe(true);
    expect((await rep.localVisit(5)).check_out.latitude).toBe(23.8001);
    expect((await rep.withLocalState([visit]))[0].state).toBe("done");
    // sent: the server got the photo
    await outbox.flush();
    expect(server.calls.map((c) => c.path)).toEqual(["/dms/api/v1/visits"]);
    expect(server.calls[0].body.records[0].photo).toBe(photo.base64);
    expect(await outbox.list()).toEqual([]);
});

test("orders go to the outbox when saved; the visit names the first and is sent after them", async () => {
    const { server, outbox, rep } = await repAtWork();
    const visit = { id: 5, partner_id: OUTLET.id, outlet: OUTLET, state: "planned" };
    const local = await rep.checkIn(visit, { latitude: 23.8, longitude: 90.36 });
    expect(local.out_of_fence).toBe(false);
    const first = await rep.saveOrder(local, [{ product_id: 1, qty: 48 }], { total: 1550.4 });
    const second = await rep.saveOrder(local, [{ product_id: 2, qty: 12 }]);
    expect(first.payload).toEqual({
        uuid: first.uuid, outlet_id: 20, date_order: NOW.toISOString(), lines: [{ product_id: 1, qty: 48 }],
    });
    const last = await rep.lastOrders(OUTLET.id);
    expect(last.map((o) => [o.key, o.amount, o.pending])).toEqual([
        [second.uuid, null, true],
        [first.uuid, 1550.4, true],
    ]);
    await rep.checkOut(local, null);
    const records = await outbox.list();
    expect(records.map((r) => r.resource)).toEqual(["secondary_orders", "secondary_orders", "visits"]);
    const visitRecord = records[2];
    expect(visitRecord.payload.order_uuid).toBe(first.uuid);
    expect(visitRecord.payload.no_order_reason_id).toBe(undefined);
    expect("check_out_latitude" in visitRecord.payload).toBe(false);
    expect(visitRecord.depends_on).toEqual([first.uuid, second.uuid]);
    await outbox.flush();
    expect(server.calls.map((c) => [c.path, c.body.records.length])).toEqual([
        ["/dms/api/v1/secondary_orders", 2],
        ["/dms/api/v1/visits", 1],
    ]);
});

test("a no-order photo taken before the reason is kept, whatever the order of the taps", async () => {
    const { outbox, rep } = await repAtWork();
    const visit = { id: 5, partner_id: OUTLET.id, outlet: OUTLET, state: "planned" };
    const local = reactive(await rep.checkIn(visit, { latitude: 23.8, longitude: 90.36 }));
    // the photo first, no reason yet: kept on the phone all the same
    await rep.keepNoOrder(local, { photo: "/9j/AAAA", photoSize: { width: 640, height: 480, bytes: 3 } });
    let kept = await rep.localVisit(5);
    expect([kept.photo, kept.photo_size, kept.no_order_reason_id]).toEqual([
        "/9j/AAAA", { width: 640, height: 480, bytes: 3 }, null,
    ]);
    // the screen is left and opened again: its device state still has the photo; then the
    // reason and notes are given, one at a time, and the photo stays
    const again = await rep.localVisit(5);
    await rep.keepNoOrder(again, { reasonId: 3 });
    await rep.keepNoOrder(again, { notes: "Owner away" });
    kept = await rep.localVisit(5);
    expect([kept.photo, kept.no_order_reason_id, kept.notes]).toEqual(["/9j/AAAA", 3, "Owner away"]);
    // a reason changed later keeps it too; the photo goes with the visit at check-out
    await rep.keepNoOrder(kept, { reasonId: 4 });
    await rep.checkOut(kept, null);
    const [queued] = await outbox.list();
    expect([queued.payload.no_order_reason_id, queued.payload.photo, queued.payload.notes]).toEqual([
        4, "/9j/AAAA", "Owner away",
    ]);
});

test("collect, return and order are offered while checked in, not once the visit is done", async () => {
    const { rep } = await repAtWork();
    const none = { takeOrder: false, collect: false, recordReturn: false, checkOut: false };
    expect(visitActions(null)).toEqual(none);
    const visit = { id: 5, partner_id: OUTLET.id, outlet: OUTLET, state: "planned" };
    const local = await rep.checkIn(visit, { latitude: 23.8, longitude: 90.36 });
    expect(visitActions(local)).toEqual({ takeOrder: true, collect: true, recordReturn: true, checkOut: true });
    await rep.keepNoOrder(local, { reasonId: 3 });
    await rep.checkOut(local, null);
    expect(visitActions(await rep.localVisit(5))).toEqual(none);
    // a skipped visit offers nothing either
    expect(visitActions(await rep.skip({ ...visit, id: 6 }, 2))).toEqual(none);
});

test("a visit keeps listing its orders once they are sent and pulled back", async () => {
    const { store, outbox, rep } = await repAtWork();
    const visit = { id: 5, partner_id: OUTLET.id, outlet: OUTLET, state: "planned" };
    const local = await rep.checkIn(visit, { latitude: 23.8, longitude: 90.36 });
    const first = await rep.saveOrder(local, [{ product_id: 1, qty: 48 }], { total: 1550.4 });
    const second = await rep.saveOrder(local, [{ product_id: 2, qty: 12 }]);
    expect((await rep.visitOrders(local)).map((o) => o.name)).toEqual(["Waiting to send", "Waiting to send"]);
    await outbox.flush();
    expect(await outbox.list()).toEqual([]);
    // the next pull brings them back as the server's orders; an older order of the outlet is not this visit's
    const order = { partner_id: OUTLET.id, state: "sale", lines: [{ product_id: 1, is_reward: false }] };
    await store.put("secondary_orders", { ...order, id: 90, name: "SO/90", client_uuid: first.uuid,
                                          date_order: "2026-03-02 06:00:00", amount_untaxed: 1550.4,
                                          amount_total: 1782.96 });
    await store.put("secondary_orders", { ...order, id: 91, name: "SO/91", client_uuid: second.uuid,
                                          date_order: "2026-03-02 06:01:00", amount_untaxed: 1800,
                                          amount_total: 2070 });
    await store.put("secondary_orders", { ...order, id: 12, name: "SO/12", client_uuid: false,
                                          date_order: "2026-02-20 06:00:00", amount_untaxed: 99,
                                          amount_total: 113.85 });
    // before tax, as while they waited (the phone knows no taxes)
    expect((await rep.visitOrders(local)).map((o) => [o.name, o.amount, o.pending])).toEqual([
        ["SO/91", 1800, false],
        ["SO/90", 1550.4, false],
    ]);
});

test("a skip is queued at once, before the check-ins made after it, and frees a locked beat", async () => {
    const { server, outbox, rep } = await repAtWork();
    const beat = { id: 3, name: "Gulshan A", sequence_lock: true, outlet_ids: [OUTLET.id, 21] };
    const first = { id: 5, partner_id: OUTLET.id, outlet: OUTLET, beat_id: 3, beat, is_planned: true,
                    state: "planned" };
    const second = { id: 6, partner_id: 21, outlet: { ...OUTLET, id: 21, name: "Karim Store" }, beat_id: 3, beat,
                     is_planned: true, state: "planned" };
    expect(lockedBy(second, [first, second])).toEqual([first]);
    expect(lockedBy(first, [first, second])).toEqual([]);
    expect(lockedBy({ ...second, beat: { ...beat, sequence_lock: false } }, [first, second])).toEqual([]);

    const skipped = await rep.skip(first, 4);
    const [shown] = await rep.withLocalState([first]);
    expect(shown.state).toBe("skipped");
    expect(lockedBy(second, [shown, second])).toEqual([]);
    const local = await rep.checkIn(second, { latitude: 23.8, longitude: 90.36 });
    await rep.setNoOrder(local, { reasonId: 2 });
    await rep.checkOut(local, null);
    const records = await outbox.list();
    expect(records.map((r) => [r.resource, r.payload.visit_id])).toEqual([["visits", 5], ["visits", 6]]);
    expect(records[0].payload).toEqual({
        uuid: skipped.uuid, visit_id: 5, skip_reason_id: 4, skip_time: NOW.toISOString(),
    });
    await outbox.flush();
    expect(server.calls.map((c) => c.body.records.map((r) => r.visit_id))).toEqual([[5, 6]]);
});

test("the rep's sync pulls the catalogue, and the outlets' orders of the last 90 days", async () => {
    const store = await openTestStore();
    const server = fakeServer(({ path }) => [
        200,
        { resource: path.split("/").at(-1), records: [], deleted: [], next_cursor: "c", has_more: false },
    ]);
    const api = new ApiClient({ token: "k", fetch: server.fetch });
    const rep = new RepWork({ store, outbox: new Outbox({ store, api, locks: null }), api });
    await rep.sync("2026-03-02");
    expect(server.calls.map((c) => c.path.split("/").at(-1))).toEqual([
        "products", "prices", "schemes", "distributors", "no_order_reasons", "skip_reasons", "assortments", "invoices",
        "secondary_orders",
    ]);
    expect(server.calls.at(-1).query.date_from).toBe("2025-12-02");
    // a resource the user may not read is skipped, the others are still pulled
    const refusing = fakeServer(({ path }) =>
        path.endsWith("/schemes")
            ? [403, { error: { code: "forbidden", message: "no" } }]
            : [200, { resource: path.split("/").at(-1), records: [{ id: 5, name: "x" }], deleted: [],
                      next_cursor: "c2", has_more: false }]
    );
    const api2 = new ApiClient({ token: "k", fetch: refusing.fetch });
    await store.clear(["settings"]);
    await new RepWork({ store, outbox: new Outbox({ store, api: api2, locks: null }), api: api2 }).sync(
        "2026-03-02"
    );
    expect(refusing.calls.map((c) => c.path.split("/").at(-1))).toEqual([
        "products", "prices", "schemes", "distributors", "no_order_reasons", "skip_reasons", "assortments", "invoices",
        "secondary_orders",
    ]);
    expect((await store.getAll("invoices")).map((i) => i.id)).toEqual([5]);
});

test("the catalogue: what the outlet's pricelist sells; everything with a global rule or none", () => {
    const all = [SOAP, SHAMPOO, OIL, { id: 4, name: "Chair", product_tmpl_id: 14, categ_path: [1, 9] }];
    // the expired global rule does not count
    expect(catalogueProducts(all, ITEMS, NOW).map((p) => p.id)).toEqual([1, 2, 3]);
    expect(catalogueProducts(all, [ITEMS[0]], NOW).map((p) => p.id)).toEqual([1]);
    expect(catalogueProducts(all, [...ITEMS, { id: 9, applied_on: "3_global" }], NOW).length).toBe(4);
    expect(catalogueProducts(all, [], NOW).length).toBe(4);
});

test("a collection is queued at once: cash, or a cheque with its number, date and bank", async () => {
    const { server, outbox, rep } = await repAtWork();
    const cash = await rep.saveCollection(20, {
        amount: 500, method: "cash", date: "2026-03-02", cheque_number: "ignored", note: "",
    });
    const cheque = await rep.saveCollection(20, {
        amount: 1500.5, method: "cheque", date: "2026-03-02", cheque_number: "CHQ-1",
        cheque_bank: "Sonali", cheque_date: "2026-03-05",
    });
    expect(cash.payload).toEqual({
        uuid: cash.uuid, partner_id: 20, amount: 500, method: "cash", date: "2026-03-02",
    });
    expect(cheque.payload).toEqual({
        uuid: cheque.uuid, partner_id: 20, amount: 1500.5, method: "cheque", date: "2026-03-02",
        cheque_number: "CHQ-1", cheque_bank: "Sonali", cheque_date: "2026-03-05",
    });
    await outbox.flush();
    expect(server.calls.map((c) => [c.path, c.body.records.length])).toEqual([
        ["/dms/api/v1/collections", 2],
    ]);
});

test("a refused order is corrected and sent again under the same uuid", async () => {
    const store = await openTestStore();
    let refuse = true;
    const server = fakeServer((call) => {
        if (refuse) {
            const [record] = call.body.records;
            return [200, { results: [{ uuid: record.uuid, status: "error", code: "unknown_id",
                message: "lines[0].product_id: no such product", field: "lines[0].product_id" }] }];
        }
        return acceptAll(call);
    });
    const api = new ApiClient({ token: "k", fetch: server.fetch });
    const outbox = new Outbox({ store, api, owner: 7, locks: null });
    const rep = new RepWork({ store, outbox, api, now: () => NOW });
    const local = await rep.checkIn({ id: 5, partner_id: 20, outlet: OUTLET }, { latitude: 23.8, longitude: 90.36 });
    const order = await rep.saveOrder(local, [{ product_id: 99, qty: 5 }], { total: 10 });
    await outbox.flush();
    const failed = await outbox.get(order.uuid);
    expect([failed.state, failed.error.field]).toEqual(["failed", "lines[0].product_id"]);
    expect((await rep.lastOrders(20))[0].name).toBe("Not accepted");

    refuse = false;
    await rep.resendOrder(order.uuid, [{ product_id: 1, qty: 48 }], { total: 1596 });
    const fixed = await outbox.get(order.uuid);
    expect([fixed.state, fixed.error, fixed.total]).toEqual(["pending", null, 1596]);
    expect(fixed.payload.lines).toEqual([{ product_id: 1, qty: 48 }]);
    expect(fixed.payload.outlet_id).toBe(20);
    await outbox.flush();
    expect(server.calls.at(-1).body.records[0].uuid).toBe(order.uuid);
    expect(await outbox.list()).toEqual([]);
});
