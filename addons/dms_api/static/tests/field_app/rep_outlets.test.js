import { describe, expect, test } from "@odoo/hoot";

import { ApiClient } from "@dms_api/field_app/api";
import { Outbox } from "@dms_api/field_app/outbox";
import { RepWork } from "@dms_api/field_app/rep_work";
import {
    nearestTerritory,
    proposalProblem,
    RepOutlets,
    returnProblem,
} from "@dms_api/field_app/rep_outlets";

import { localDate } from "@dms_api/field_app/sync";

import { acceptAll, fakeServer, openTestStore } from "./helpers";

describe.current.tags("headless");

async function setup(handler) {
    const store = await openTestStore();
    const server = fakeServer(handler);
    const api = new ApiClient({ token: "k", fetch: server.fetch });
    let clock = 1_000_000;
    const outbox = new Outbox({ store, api, owner: 7, locks: null, now: () => clock });
    const outlets = new RepOutlets({ store, outbox, api, now: () => new Date("2026-03-02T05:30:00Z") });
    return { store, server, outbox, outlets, tick: (ms) => (clock += ms) };
}

const POSITION = { latitude: 23.7806, longitude: 90.407, accuracy: 8.4 };

test("a new outlet is queued offline with its uuid and position, sent once, then listed with its state", async () => {
    let online = false;
    let answers = [];
    const { store, server, outbox, outlets, tick } = await setup((call) => {
        if (!online) {
            return "network";
        }
        if (call.method === "POST") {
            const [status, body] = acceptAll(call);
            answers = body.results;
            return [status, body];
        }
        return [200, { resource: "x", records: [], deleted: [], next_cursor: "c", has_more: false }];
    });
    const values = {
        name: "  Nabil Tea Stall ",
        owner: "Nabil",
        phone: "01711000111",
        street: "",
        territory_id: 4,
        channel_id: 2,
        outlet_class_id: null,
        position: POSITION,
        photo: "aGVsbG8=",
    };
    const record = await outlets.propose(values);
    expect(record.resource).toBe("outlet_proposals");
    expect(record.payload).toEqual({
        uuid: record.uuid,
        name: "Nabil Tea Stall",
        owner: "Nabil",
        phone: "01711000111",
        territory_id: 4,
        channel_id: 2,
        latitude: 23.7806,
        longitude: 90.407,
        accuracy: 8,
        photo: "aGVsbG8=",
    });
    expect((await outlets.proposals()).map((p) => [p.name, p.state])).toEqual([["Nabil Tea Stall", "waiting"]]);

    // offline: it stays; online: sent once, first of the outbox, under the uuid it was made with
    await outbox.flush();
    expect(await outbox.countWaiting()).toBe(1);
    online = true;
    tick(10 * 60 * 1000);
    const before = server.calls.length;
    await outbox.flush();
    await outbox.flush(); // nothing left: nothing sent again
    const posts = server.calls.slice(before).filter((c) => c.method === "POST");
    expect(posts.map((c) => c.path)).toEqual(["/dms/api/v1/outlet_proposals"]);
    expect(posts[0].body.records.map((r) => r.uuid)).toEqual([record.uuid]);
    expect(answers[0].uuid).toBe(record.uuid);
    expect(await outbox.countWaiting()).toBe(0);

    // the server's copy comes back with a pull: listed with its approval state
    await store.applyPage(
        "outlet_proposals",
        {
            records: [{ id: 55, name: "Nabil Tea Stall", client_uuid: record.uuid, dms_outlet_state: "proposed",
                        dms_duplicate_ids: [12], active: true }],
            deleted: [],
            next_cursor: "c1",
            has_more: false,
        },
        "cursor:outlet_proposals"
    );
    expect(await outlets.proposals()).toEqual([
        { key: "55", id: 55, name: "Nabil Tea Stall", state: "proposed", message: "", duplicates: 1 },
    ]);
});

test("a proposal without a name or with a bad position is refused on the phone, naming the field", async () => {
    const { outbox, outlets } = await setup(() => "network");
    expect(proposalProblem({ name: "  " }).field).toBe("name");
    expect(proposalProblem({ name: "x".repeat(129) }).field).toBe("name");
    expect(proposalProblem({ name: "Shop", position: { latitude: 95, longitude: 0 } }).field).toBe("latitude");
    expect(proposalProblem({ name: "Shop", position: null })).toBe(null);
    // a rep of several territories chooses one (the server would refuse to guess)
    expect(proposalProblem({ name: "Shop" }, { territoryCount: 2 }).field).toBe("territory_id");
    expect(proposalProblem({ name: "Shop", territory_id: 3 }, { territoryCount: 2 })).toBe(null);
    await expect(outlets.propose({ name: "Shop", territoryCount: 3 })).rejects.toThrow(/territory/);
    await expect(outlets.propose({ name: "" })).rejects.toThrow(/name/);
    expect(await outbox.countWaiting()).toBe(0);
    // without GPS it is proposed all the same, with no coordinates
    const record = await outlets.propose({ name: "Corner shop", position: null });
    expect(record.payload).toEqual({ uuid: record.uuid, name: "Corner shop" });
});

test("a refused proposal shows the server's message, and is resent corrected with the same uuid", async () => {
    let refuse = true;
    const { server, outbox, outlets, tick } = await setup((call) => {
        if (refuse) {
            return [200, { results: call.body.records.map((r) => ({
                uuid: r.uuid, status: "error", code: "unknown_id",
                message: "territory_id: not one of your territories", field: "territory_id" })) }];
        }
        return acceptAll(call);
    });
    const record = await outlets.propose({ name: "Shop", territory_id: 99, position: POSITION });
    await outbox.flush();
    const [listed] = await outlets.proposals();
    expect([listed.state, listed.message]).toEqual(["failed", "territory_id: not one of your territories"]);
    refuse = false;
    await outlets.resendProposal(record.uuid, { name: "Shop", territory_id: 4, position: POSITION });
    tick(1000);
    await outbox.flush();
    const pushed = server.calls.filter((c) => c.method === "POST").map((c) => c.body.records[0]);
    expect(pushed.map((r) => [r.uuid, r.territory_id])).toEqual([
        [record.uuid, 99],
        [record.uuid, 4],
    ]);
    expect(await outbox.countWaiting()).toBe(0);
});

test("a return is queued offline with its lines and reasons, after the day's orders and visits", async () => {
    let online = false;
    const { server, outbox, outlets, tick } = await setup((call) => (online ? acceptAll(call) : "network"));
    expect(returnProblem([]).field).toBe("lines");
    expect(returnProblem([{ product_id: 1, qty: 0, reason_id: 2, name: "Soap" }]).field).toBe("lines[0].qty");
    expect(returnProblem([{ product_id: 1, qty: 2, reason_id: null, name: "Soap" }]).field).toBe("lines[0].reason_id");
    await expect(outlets.saveReturn(7, [{ product_id: 1, qty: 2, reason_id: null, name: "Soap" }])).rejects.toThrow(
        /Soap: choose why/
    );
    const returned = await outlets.saveReturn(
        7,
        [
            { product_id: 1, qty: 3, reason_id: 2, name: "Soap" },
            { product_id: 5, qty: 1.5, reason_id: 3, name: "Shampoo" },
        ],
        { note: " dented " }
    );
    expect(returned.payload).toEqual({
        uuid: returned.uuid,
        outlet_id: 7,
        date: "2026-03-02T05:30:00.000Z",
        lines: [
            { product_id: 1, qty: 3, reason_id: 2 },
            { product_id: 5, qty: 1.5, reason_id: 3 },
        ],
        note: "dented",
    });
    const visit = await outbox.add("visits", { visit_id: 3 });
    expect((await outlets.queuedReturns(7)).map((r) => r.uuid)).toEqual([returned.uuid]);
    expect(await outlets.queuedReturns(8)).toEqual([]);

    await outbox.flush();
    expect(await outbox.countWaiting()).toBe(2);
    online = true;
    tick(10 * 60 * 1000);
    const before = server.calls.length;
    await outbox.flush();
    await outbox.flush(); // nothing left: nothing sent again
    // the visit before the return (PUSH_ORDER), each sent once
    expect(server.calls.slice(before).map((c) => [c.path, c.body.records.map((r) => r.uuid)])).toEqual([
        ["/dms/api/v1/visits", [visit.uuid]],
        ["/dms/api/v1/stock_returns", [returned.uuid]],
    ]);
    expect(await outbox.countWaiting()).toBe(0);
});

test("the territory guessed for a new shop is the nearest known outlet's, among the rep's", () => {
    const outlets = [
        { id: 1, dms_territory_id: 10, partner_latitude: 23.8, partner_longitude: 90.4 },
        { id: 2, dms_territory_id: 11, partner_latitude: 23.7807, partner_longitude: 90.4071 },
        { id: 3, dms_territory_id: 12, partner_latitude: 23.7806, partner_longitude: 90.407 }, // not the rep's
        { id: 4, dms_territory_id: 10, partner_latitude: 0, partner_longitude: 0 }, // no position
    ];
    expect(nearestTerritory(outlets, POSITION, [10, 11])).toBe(11);
    expect(nearestTerritory(outlets, { latitude: 23.81, longitude: 90.41 }, [10, 11])).toBe(10);
    expect(nearestTerritory(outlets, POSITION, [99])).toBe(null);
});

test("a new outlet is visited without a plan: checked out as an unplanned visit of the outlet", async () => {
    const { store, outbox, outlets } = await setup(acceptAll);
    const rep = new RepWork({ store, outbox, api: null, now: () => new Date() });
    await store.applyPage(
        "outlets",
        {
            records: [{ id: 55, name: "Nabil Tea Stall", dms_outlet_state: "proposed", partner_latitude: 23.7806,
                        partner_longitude: 90.407, fence_radius: 100 }],
            deleted: [],
            next_cursor: "c",
            has_more: false,
        },
        "cursor:outlets"
    );
    const visit = await outlets.unplannedVisit(55);
    expect([visit.id, visit.partner_id, visit.state, visit.outlet.name]).toEqual([-55, 55, "planned", "Nabil Tea Stall"]);
    const local = await rep.checkIn(visit, POSITION);
    const today = localDate(new Date());
    expect((await outlets.unplannedVisits(today, [])).map((v) => [v.id, v.state])).toEqual([[-55, "in_progress"]]);
    await rep.setNoOrder(local, { reasonId: 3 });
    await rep.checkOut(local, POSITION);
    const [queued] = (await outbox.list()).filter((r) => r.resource === "visits");
    expect(queued.payload.outlet_id).toBe(55);
    expect("visit_id" in queued.payload).toBe(false);
    expect(queued.payload.uuid).toBe(local.uuid);
    expect((await outlets.unplannedVisits(today, [])).map((v) => v.state)).toEqual(["done"]);
    // once the server lists it among the day's visits, the phone's copy is not shown twice
    expect(await outlets.unplannedVisits(today, [{ id: 900, client_uuid: local.uuid }])).toEqual([]);
    // a day later it is not today's any more
    expect(await outlets.unplannedVisits("2099-01-01", [])).toEqual([]);
});
