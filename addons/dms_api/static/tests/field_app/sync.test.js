import { describe, expect, test } from "@odoo/hoot";

import { ApiClient, ApiError, NetworkError } from "@dms_api/field_app/api";
import {
    localDate,
    pruneVisits,
    pullResource,
    syncToday,
    todayVisits,
} from "@dms_api/field_app/sync";

import { fakeServer, openTestStore } from "./helpers";

describe.current.tags("headless");

const TODAY = "2026-03-02";

function page(resource, records, { deleted = [], cursor = `${resource}-c1`, more = false } = {}) {
    return [200, { resource, records, deleted, next_cursor: cursor, has_more: more }];
}

test("a first sync pulls every page; the next one starts from the saved cursors", async () => {
    const store = await openTestStore();
    const answers = {
        beats: [page("beats", [{ id: 1, name: "Mirpur Monday", outlet_ids: [11, 10] }])],
        outlets: [
            page("outlets", [{ id: 10, name: "Rahim Store" }], { cursor: "o1", more: true }),
            page(
                "outlets",
                [
                    { id: 11, name: "Hasan General Store" },
                    { id: 12, name: "Gone", active: false },
                ],
                {
                    cursor: "o2",
                }
            ),
        ],
        visits: [
            page(
                "visits",
                [
                    {
                        id: 101,
                        partner_id: 10,
                        beat_id: 1,
                        planned_date: TODAY,
                        sequence: 20,
                        state: "planned",
                    },
                    {
                        id: 100,
                        partner_id: 11,
                        beat_id: 1,
                        planned_date: TODAY,
                        sequence: 10,
                        state: "done",
                    },
                    {
                        id: 102,
                        partner_id: 10,
                        beat_id: 1,
                        planned_date: TODAY,
                        sequence: 10,
                        state: "planned",
                    },
                ],
                { cursor: "v1" }
            ),
        ],
    };
    const server = fakeServer(({ path }) => answers[path.split("/").at(-1)].shift());
    const api = new ApiClient({ token: "k", fetch: server.fetch });

    expect(await syncToday(api, store, TODAY)).toEqual({ beats: 1, outlets: 3, visits: 3 });
    expect(server.calls.map((c) => [c.path.split("/").at(-1), c.query])).toEqual([
        ["beats", { limit: "500" }],
        ["outlets", { limit: "500" }],
        ["outlets", { limit: "500", since: "o1" }],
        ["visits", { date: TODAY, limit: "500" }],
    ]);
    expect(server.calls.every((c) => c.headers.Authorization === "Bearer k")).toBe(true);
    // stored, archived ones left out; in beat order: sequence, then id
    const visits = await todayVisits(store, TODAY);
    expect(visits.map((v) => [v.id, v.outlet.name, v.beat.name])).toEqual([
        [100, "Hasan General Store", "Mirpur Monday"],
        [102, "Rahim Store", "Mirpur Monday"],
        [101, "Rahim Store", "Mirpur Monday"],
    ]);
    expect((await store.getAll("outlets")).map((o) => o.id)).toEqual([10, 11]);
    // with each outlet's dues, from the invoices pulled (both books)
    expect(visits.map((v) => v.dues)).toEqual([[], [], []]);
    await store.applyPage("invoices", {
        records: [
            { id: 1, commercial_partner_id: 10, state: "posted", amount_residual: 300, currency: "BDT",
              invoice_date_due: "2026-02-01", biller: "Karnaphuli Traders Ltd." },
            { id: 2, commercial_partner_id: 10, state: "posted", amount_residual: 200, currency: "BDT",
              invoice_date_due: "2026-04-01", biller: "Principal" },
        ],
        deleted: [], next_cursor: "i1",
    }, "cursor:invoices");
    expect((await todayVisits(store, TODAY)).map((v) => [v.id, v.dues])).toEqual([
        [100, []],
        [102, [{ currency: "BDT", due: 500, overdue: 300 }]],
        [101, [{ currency: "BDT", due: 500, overdue: 300 }]],
    ]);

    // next sync: from the cursors; a visit cancelled (no longer current) and an outlet deleted go
    answers.beats.push(page("beats", [], { cursor: "b2" }));
    answers.outlets.push(page("outlets", [], { deleted: [11], cursor: "o3" }));
    answers.visits.push(
        page("visits", [{ id: 101, planned_date: TODAY, state: "cancelled", active: false }])
    );
    await syncToday(api, store, TODAY);
    expect(server.calls.slice(4).map((c) => c.query.since)).toEqual(["beats-c1", "o2", "v1"]);
    const after = await todayVisits(store, TODAY);
    expect(after.map((v) => [v.id, v.outlet && v.outlet.name])).toEqual([
        [100, null],
        [102, "Rahim Store"],
    ]);
});

test("an interrupted pull keeps the pages it stored and resumes after them", async () => {
    const store = await openTestStore();
    const answers = [
        page("outlets", [{ id: 1, name: "A" }], { cursor: "p1", more: true }),
        "network",
    ];
    const server = fakeServer(() => answers.shift());
    const api = new ApiClient({ token: "k", fetch: server.fetch });
    await expect(pullResource(api, store, "outlets")).rejects.toThrow(NetworkError);
    expect((await store.getAll("outlets")).map((o) => o.name)).toEqual(["A"]);
    expect(await store.getSetting("cursor:outlets")).toBe("p1");
    answers.push(page("outlets", [{ id: 2, name: "B" }], { cursor: "p2" }));
    await pullResource(api, store, "outlets");
    expect(server.calls.at(-1).query.since).toBe("p1");
    expect((await store.getAll("outlets")).map((o) => o.name)).toEqual(["A", "B"]);
});

test("API errors are sorted: key refused, server down, request refused", async () => {
    const answers = [
        [401, { error: { code: "unauthorized", message: "Send a valid API key" } }],
        [502, undefined],
        [
            400,
            { error: { code: "invalid_cursor", message: "since is not a cursor", field: "since" } },
        ],
    ];
    const api = new ApiClient({ token: "k", fetch: fakeServer(() => answers.shift()).fetch });
    const errors = [];
    for (let i = 0; i < 3; i++) {
        try {
            await api.request("GET", "visits");
        } catch (error) {
            errors.push(error);
        }
    }
    expect(errors.every((e) => e instanceof ApiError)).toBe(true);
    expect(errors.map((e) => [e.status, e.code, e.unauthorized, e.transient, e.field])).toEqual([
        [401, "unauthorized", true, false, null],
        [502, "http_502", false, true, null],
        [400, "invalid_cursor", false, false, "since"],
    ]);
});

test("visits of past days and their cursors are forgotten", async () => {
    const store = await openTestStore();
    await store.put("visits", { id: 1, planned_date: "2026-03-01", sequence: 1 });
    await store.put("visits", { id: 2, planned_date: TODAY, sequence: 1 });
    await store.setSetting("cursor:visits:2026-03-01", "old");
    await store.setSetting(`cursor:visits:${TODAY}`, "new");
    await pruneVisits(store, TODAY);
    expect((await store.getAll("visits")).map((v) => v.id)).toEqual([2]);
    expect(await store.getSetting("cursor:visits:2026-03-01")).toBe(undefined);
    expect(await store.getSetting(`cursor:visits:${TODAY}`)).toBe("new");
    expect(localDate(new Date(2026, 2, 2, 23, 59))).toBe(TODAY);
});

test("a driver of the Driver group, who may not read beats nor visits, still syncs the outlets", async () => {
    const store = await openTestStore();
    const server = fakeServer(({ path }) => {
        const resource = path.split("/").at(-1);
        if (resource === "outlets") {
            return page("outlets", [{ id: 7, name: "Rahim Store" }]);
        }
        return [403, { error: { code: "forbidden", message: "no read access" } }];
    });
    const api = new ApiClient({ token: "k", fetch: server.fetch });
    const counts = await syncToday(api, store, TODAY);
    expect(counts).toEqual({ beats: null, outlets: 1, visits: null });
    expect((await store.getAll("outlets")).map((o) => o.id)).toEqual([7]);
    expect((await store.getSetting("last_sync")).date).toBe(TODAY);
});
