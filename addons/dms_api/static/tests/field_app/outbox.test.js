import { describe, expect, test } from "@odoo/hoot";

import { patchTranslations } from "@web/../tests/web_test_helpers";

import { ApiClient } from "@dms_api/field_app/api";
import {
    BACKOFF_MAX,
    MAX_BATCH,
    MAX_BATCH_BYTES,
    Outbox,
    backoffDelay,
    batches,
    newUuid,
    outboxStatus,
} from "@dms_api/field_app/outbox";
import { Store } from "@dms_api/field_app/store";

import { acceptAll, fakeServer, openTestStore } from "./helpers";

describe.current.tags("headless");

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An outbox on a fresh store, a fake server and a clock the test moves. */
async function setup(handler = acceptAll) {
    const store = await openTestStore();
    const server = fakeServer(handler);
    const clock = { now: 1_700_000_000_000 };
    const api = new ApiClient({ token: "device-key", fetch: server.fetch });
    const outbox = new Outbox({ store, api, now: () => clock.now, random: () => 0, locks: null });
    return { store, server, clock, api, outbox };
}

function visit(outletId, extra = {}) {
    return { outlet_id: outletId, check_in_time: "2026-03-02T10:00:00+06:00", ...extra };
}

test("a record gets a v4 uuid when it is made and is in IndexedDB at once", async () => {
    const { outbox, store } = await setup();
    const first = await outbox.add("visits", visit(7));
    const second = await outbox.add("visits", visit(8));
    expect(first.uuid).toMatch(UUID_V4);
    expect(second.uuid).toMatch(UUID_V4);
    expect(first.uuid).not.toBe(second.uuid);
    expect(first.payload.uuid).toBe(first.uuid);
    // already stored, before any sync
    const stored = await store.get("outbox", first.uuid);
    expect([stored.state, stored.attempts, stored.payload.outlet_id]).toEqual(["pending", 0, 7]);
    // a uuid the caller made (an order referred to before it is queued) is kept
    const given = newUuid();
    expect((await outbox.add("secondary_orders", { uuid: given, outlet_id: 7 })).uuid).toBe(given);
    // without crypto.randomUUID (a page not served over HTTPS): still a v4 uuid
    const fallback = newUuid({ getRandomValues: (bytes) => crypto.getRandomValues(bytes) });
    expect(fallback).toMatch(UUID_V4);
});

test("the outbox survives a reload: a new store on the same database has every record", async () => {
    const { outbox, store, server } = await setup();
    const records = [];
    for (const outletId of [1, 2, 3]) {
        records.push(await outbox.add("visits", visit(outletId)));
    }
    const name = store.db.name;
    store.close();
    const reopened = await Store.open(name);
    const again = new Outbox({
        store: reopened,
        api: new ApiClient({ fetch: server.fetch }),
        locks: null,
    });
    const kept = await again.list();
    expect(kept.map((r) => [r.uuid, r.payload.outlet_id, r.seq])).toEqual(
        records.map((r, i) => [r.uuid, i + 1, i + 1])
    );
    expect(await again.countWaiting()).toBe(3);
    // numbering goes on after the reload
    expect((await again.add("visits", visit(4))).seq).toBe(4);
    reopened.close();
});

test("flush sends orders before visits, oldest first, in batches of 100, and empties the outbox", async () => {
    const { outbox, server } = await setup();
    const visits = [];
    for (let i = 0; i < MAX_BATCH + 20; i++) {
        visits.push(await outbox.add("visits", visit(i + 1)));
    }
    const order = await outbox.add("secondary_orders", {
        outlet_id: 1,
        lines: [{ product_id: 3, qty: 2 }],
    });
    const sent = [];
    outbox.addEventListener("sent", (event) => sent.push(event.detail.record.uuid));
    expect(await outbox.countWaiting()).toBe(121);

    const summary = await outbox.flush();

    expect(summary).toEqual({ sent: 121, failed: 0, postponed: 0, unauthorized: false });
    expect(server.calls.map((c) => [c.method, c.path, c.body.records.length])).toEqual([
        ["POST", "/dms/api/v1/secondary_orders", 1],
        ["POST", "/dms/api/v1/visits", 100],
        ["POST", "/dms/api/v1/visits", 20],
    ]);
    expect(server.calls.every((c) => c.headers.Authorization === "Bearer device-key")).toBe(true);
    expect(server.calls[1].body.records.map((r) => r.uuid)).toEqual(
        visits.slice(0, 100).map((v) => v.uuid)
    );
    expect(sent[0]).toBe(order.uuid);
    expect(sent.length).toBe(121);
    expect(await outbox.countWaiting()).toBe(0);
    expect(await outbox.list()).toEqual([]);
});

test("visits with photos go in batches small enough to upload on a weak network", async () => {
    const { outbox, server } = await setup();
    const photo = "A".repeat(300 * 1024); // a big phone photo as the app keeps it (base64 JPEG)
    for (let i = 0; i < 6; i++) {
        await outbox.add("visits", visit(i + 1, i % 2 ? {} : { photo }));
    }
    await outbox.add("visits", visit(7, { photo: "A".repeat(MAX_BATCH_BYTES + 1) }));
    await outbox.add("visits", visit(8));
    expect((await outbox.flush()).sent).toBe(8);
    // at most MAX_BATCH_BYTES of records each (a photo and what fits with it); a record bigger
    // than that goes alone
    expect(server.calls.map((c) => c.body.records.map((r) => r.outlet_id))).toEqual([
        [1, 2],
        [3, 4],
        [5, 6],
        [7],
        [8],
    ]);
    // records without photos still go 100 at a time
    const small = Array.from({ length: 250 }, (_v, i) => ({ payload: visit(i) }));
    expect(batches(small).map((b) => b.length)).toEqual([100, 100, 50]);
});

test("server down or unreachable: postponed with backoff, then resent with the same uuid", async () => {
    const answers = [
        "network",
        [503, undefined],
        [429, { error: { code: "busy", message: "later" } }],
    ];
    const { outbox, server, clock } = await setup((call) => answers.shift() || acceptAll(call));
    const record = await outbox.add("visits", visit(5));
    const changes = [];
    outbox.addEventListener("change", () => changes.push(clock.now));

    // 1. no network
    expect(await outbox.flush()).toEqual({ sent: 0, failed: 0, postponed: 1, unauthorized: false });
    let stored = await outbox.get(record.uuid);
    expect([stored.state, stored.attempts, stored.next_attempt_at - clock.now]).toEqual([
        "pending",
        1,
        2000,
    ]);
    expect(stored.last_error.code).toBe("network");
    expect(await outbox.countWaiting()).toBe(1);
    expect(await outbox.nextAttemptAt()).toBe(clock.now + 2000);

    // not due yet: nothing is sent
    clock.now += 1999;
    await outbox.flush();
    expect(server.calls.length).toBe(1);

    // 2. server down (503, no JSON): twice the wait
    clock.now += 1;
    await outbox.flush();
    stored = await outbox.get(record.uuid);
    expect([stored.attempts, stored.next_attempt_at - clock.now, stored.last_error.code]).toEqual([
        2,
        4000,
        "http_503",
    ]);

    // 3. server busy (429): twice again
    clock.now += 4000;
    await outbox.flush();
    stored = await outbox.get(record.uuid);
    expect([stored.attempts, stored.next_attempt_at - clock.now, stored.last_error.code]).toEqual([
        3,
        8000,
        "busy",
    ]);

    // 4. accepted: gone, and every attempt carried the same uuid
    clock.now += 8000;
    expect((await outbox.flush()).sent).toBe(1);
    expect(await outbox.countWaiting()).toBe(0);
    expect(server.calls.map((c) => c.body.records[0].uuid)).toEqual(Array(4).fill(record.uuid));
    expect(changes.length).toBeGreaterThan(4);
});

test("backoff doubles up to five minutes, with at most 25% jitter", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 0))).toEqual([2000, 4000, 8000, 16000]);
    expect(backoffDelay(30, () => 0)).toBe(BACKOFF_MAX);
    expect(backoffDelay(1, () => 0.5)).toBe(2250);
    expect(backoffDelay(1, () => 0.9999)).toBeLessThan(2501);
});

test("a refused record keeps the server's error, is not resent by itself, and can be retried", async () => {
    let refuse = true;
    const { outbox, server } = await setup(({ body }) => [
        200,
        {
            results: body.records.map((record) =>
                refuse && record.outlet_id === 2
                    ? {
                          uuid: record.uuid,
                          status: "error",
                          code: "unknown_id",
                          message: "No outlet 2.",
                          field: "outlet_id",
                      }
                    : { uuid: record.uuid, status: "ok", id: 50, duplicate: false, record: {} }
            ),
        },
    ]);
    const [, refused] = [
        await outbox.add("visits", visit(1)),
        await outbox.add("visits", visit(2)),
        await outbox.add("visits", visit(3)),
    ];

    expect(await outbox.flush()).toEqual({ sent: 2, failed: 1, postponed: 0, unauthorized: false });
    const kept = await outbox.list();
    expect(kept.map((r) => [r.uuid, r.state])).toEqual([[refused.uuid, "failed"]]);
    expect(kept[0].error).toEqual({
        code: "unknown_id",
        message: "No outlet 2.",
        field: "outlet_id",
        status: 200,
        at: kept[0].error.at,
    });
    expect(await outbox.counts()).toEqual({ waiting: 0, failed: 1 });

    // not sent again on its own
    await outbox.flush();
    expect(server.calls.length).toBe(1);

    // corrected and retried: sent with the same uuid
    refuse = false;
    await outbox.retry(refused.uuid, visit(22));
    expect(await outbox.counts()).toEqual({ waiting: 1, failed: 0 });
    expect((await outbox.flush()).sent).toBe(1);
    expect(server.calls[1].body.records).toEqual([{ ...visit(22), uuid: refused.uuid }]);
    expect(await outbox.counts()).toEqual({ waiting: 0, failed: 0 });
});

test("a visit waits for the order it names; a refused order holds it back", async () => {
    const { outbox, server } = await setup(({ path, body }) => {
        if (path.endsWith("secondary_orders")) {
            return [
                200,
                {
                    results: body.records.map((r) => ({
                        uuid: r.uuid,
                        status: "error",
                        code: "validation_error",
                        message: "Outlet not approved.",
                        field: null,
                    })),
                },
            ];
        }
        return acceptAll({ body });
    });
    const order = await outbox.add("secondary_orders", { outlet_id: 9, lines: [] });
    const dependent = await outbox.add("visits", visit(9, { order_uuid: order.uuid }), {
        dependsOn: [order.uuid],
    });
    const alone = await outbox.add("visits", visit(10));

    await outbox.flush();

    expect(server.calls.map((c) => [c.path, c.body.records.map((r) => r.uuid)])).toEqual([
        ["/dms/api/v1/secondary_orders", [order.uuid]],
        ["/dms/api/v1/visits", [alone.uuid]],
    ]);
    expect((await outbox.list()).map((r) => [r.uuid, r.state])).toEqual([
        [order.uuid, "failed"],
        [dependent.uuid, "pending"],
    ]);
    // once the order is gone (discarded here), the visit goes
    await outbox.discard(order.uuid);
    await outbox.flush();
    expect(server.calls.at(-1).body.records.map((r) => r.uuid)).toEqual([dependent.uuid]);
});

test("a revoked key (401) stops the flush and leaves every record as it was", async () => {
    const { outbox } = await setup(() => [
        401,
        { error: { code: "unauthorized", message: "Send a key" } },
    ]);
    const record = await outbox.add("visits", visit(1));
    expect(await outbox.flush()).toEqual({ sent: 0, failed: 0, postponed: 0, unauthorized: true });
    const stored = await outbox.get(record.uuid);
    expect([stored.state, stored.attempts, stored.error, stored.last_error]).toEqual([
        "pending",
        0,
        null,
        null,
    ]);
});

test("a batch refused as too large is sent in halves; a lone record too large fails", async () => {
    const { outbox, server } = await setup(({ body }) =>
        body.records.length > 1 || body.records[0].outlet_id === 3
            ? [
                  413,
                  {
                      error: {
                          code: "payload_too_large",
                          message: "The body is larger than 8388608 bytes.",
                      },
                  },
              ]
            : acceptAll({ body })
    );
    for (const outletId of [1, 2, 3]) {
        await outbox.add("visits", visit(outletId));
    }
    expect(await outbox.flush()).toEqual({ sent: 2, failed: 1, postponed: 0, unauthorized: false });
    expect(server.calls.map((c) => c.body.records.map((r) => r.outlet_id))).toEqual([
        [1, 2, 3],
        [1, 2],
        [1],
        [2],
        [3],
    ]);
    const [left] = await outbox.list();
    expect([left.payload.outlet_id, left.state, left.error.code]).toEqual([
        3,
        "failed",
        "payload_too_large",
    ]);
});

test("records wait for the user who made them, never go out under another user's key", async () => {
    const { outbox, server } = await setup();
    outbox.owner = 7;
    const mine = await outbox.add("visits", visit(1));
    outbox.owner = 8; // another user signed in on this phone
    expect(await outbox.counts()).toEqual({ waiting: 0, failed: 0 });
    expect((await outbox.flush()).sent).toBe(0);
    expect(server.calls).toEqual([]);
    outbox.owner = 7; // back
    expect(await outbox.countWaiting()).toBe(1);
    await outbox.flush();
    expect(server.calls.map((c) => c.body.records[0].uuid)).toEqual([mine.uuid]);
});

test("two flushes at once send once", async () => {
    const { outbox, server } = await setup();
    await outbox.add("visits", visit(1));
    const [a, b] = await Promise.all([outbox.flush(), outbox.flush()]);
    expect(a).toBe(b);
    expect(server.calls.length).toBe(1);
});

test("the To send screen says why in plain words, the technical side apart", async () => {
    patchTranslations(); // the app marks its terms loaded at boot (main.js)
    const answers = [
        "network",
        [503, undefined],
        [422, { results: [{ status: "error", error: { code: "validation", message: "outlet_id: no such outlet", field: "outlet_id" } }] }],
    ];
    const { outbox, clock } = await setup((call) => answers.shift() || acceptAll(call));
    const record = await outbox.add("stock_returns", { outlet_id: 20, lines: [{ product_id: 1, qty: 2 }] });
    const hhmm = new Date(clock.now).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });

    // no network: no connection, with the time of the last try; "Failed to fetch" only in the detail
    await outbox.flush();
    let status = outboxStatus(await outbox.get(record.uuid), "en-GB");
    expect(status.text).toBe(`Not sent yet: no connection (last try ${hhmm}). It is sent by itself when it can be.`);
    expect(status.text).not.toMatch(/POST|fetch|stock_returns/);
    expect(status.detail).toMatch(/Failed to fetch/);

    // the server down: busy, not "no connection"
    clock.now += BACKOFF_MAX * 2;
    await outbox.flush();
    status = outboxStatus(await outbox.get(record.uuid), "en-GB");
    expect(status.text).toMatch(/^Not sent yet: the server is busy \(last try \d\d:\d\d\)/);
    expect(status.detail).toMatch(/HTTP 503/);

    // a record with no error says nothing
    expect(outboxStatus({ uuid: "x", depends_on: [] })).toEqual({ text: "", detail: "" });
    // refused: the server's message, the field in the detail
    const refused = {
        state: "failed",
        error: { code: "validation", message: "outlet_id: no such outlet", field: "outlet_id", status: 422 },
    };
    expect(outboxStatus(refused)).toEqual({
        text: "outlet_id: no such outlet",
        detail: "HTTP 422 · validation · field outlet_id",
    });
});
