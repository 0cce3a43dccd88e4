import { describe, expect, test } from "@odoo/hoot";

import { ApiClient } from "@dms_api/field_app/api";
import { Outbox } from "@dms_api/field_app/outbox";
import { RepDay } from "@dms_api/field_app/rep_day";

import { acceptAll, fakeServer, openTestStore } from "./helpers";

describe.current.tags("headless");

test("start and end of day are queued offline, once each, the end after its start", async () => {
    const store = await openTestStore();
    let online = false;
    const server = fakeServer((call) => (online ? acceptAll(call) : "network"));
    const api = new ApiClient({ token: "k", fetch: server.fetch });
    let clock = 1_000_000;
    const outbox = new Outbox({ store, api, owner: 7, locks: null, now: () => clock });
    let now = new Date("2026-03-02T02:55:00Z");
    const day = new RepDay({ store, outbox, now: () => now });

    expect(await day.load("2026-03-02")).toEqual({ start: null, end: null });
    await expect(day.end("2026-03-02", null)).rejects.toThrow(/not started/);
    const started = await day.start("2026-03-02", { latitude: 23.81, longitude: 90.41, accuracy: 9 });
    expect(started.start.time).toBe("2026-03-02T02:55:00.000Z");
    expect(started.start.gps).toBe(true);
    // a second tap queues nothing more
    await day.start("2026-03-02", { latitude: 1, longitude: 1, accuracy: 1 });
    now = new Date("2026-03-02T11:40:00Z");
    const ended = await day.end("2026-03-02", null); // no GPS fix: ended all the same
    expect(ended.end.gps).toBe(false);
    await day.end("2026-03-02", null);

    const queued = await outbox.list();
    expect(queued.map((r) => [r.resource, r.payload.event])).toEqual([
        ["rep_days", "start"],
        ["rep_days", "end"],
    ]);
    expect(queued[0].payload).toEqual({
        uuid: started.start.uuid, date: "2026-03-02", event: "start", time: "2026-03-02T02:55:00.000Z",
        latitude: 23.81, longitude: 90.41, accuracy: 9,
    });
    expect(queued[1].payload).toEqual({
        uuid: ended.end.uuid, date: "2026-03-02", event: "end", time: "2026-03-02T11:40:00.000Z",
    });

    // offline: nothing leaves, the day stays as pressed (a new RepDay reads it back)
    await outbox.flush();
    expect(await outbox.countWaiting()).toBe(2);
    expect((await new RepDay({ store, outbox }).load("2026-03-02")).end.uuid).toBe(ended.end.uuid);

    // back online: both sent in one batch, the start first, under the uuids they were made with
    online = true;
    clock += 10 * 60 * 1000;
    server.calls.length = 0;
    await outbox.flush();
    expect(await outbox.countWaiting()).toBe(0);
    const pushed = server.calls.filter((c) => c.method === "POST").flatMap((c) => c.body.records);
    expect(server.calls.filter((c) => c.method === "POST").length).toBe(1);
    expect(pushed.map((r) => [r.event, r.uuid])).toEqual([
        ["start", started.start.uuid],
        ["end", ended.end.uuid],
    ]);
    expect(server.calls.every((c) => c.path === "/dms/api/v1/rep_days")).toBe(true);
});
