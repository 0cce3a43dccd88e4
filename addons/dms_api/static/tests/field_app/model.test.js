import { describe, expect, test } from "@odoo/hoot";

import { patchTranslations } from "@web/../tests/web_test_helpers";

import { FieldAppModel } from "@dms_api/field_app/model";

import { acceptAll, fakeServer, openTestStore } from "./helpers";

describe.current.tags("headless");

const TODAY = "2026-03-02";
const USER = { id: 7, name: "Rahim Uddin", login: "rahim", lang: "en_US" };

function emptyPage(resource) {
    return [200, { resource, records: [], deleted: [], next_cursor: "c", has_more: false }];
}

/** A server that pairs ``rahim``/``secret`` and answers the API with ``api(call)``. */
function server(api = ({ path }) => emptyPage(path.split("/").at(-1))) {
    return fakeServer((call) => {
        if (call.path === "/dms/app/pair") {
            const { login, password, device_name } = call.body.params;
            if (login !== "rahim" || password !== "secret") {
                return [
                    200,
                    {
                        result: {
                            error: {
                                code: "wrong_credentials",
                                message: "Wrong login or password.",
                            },
                        },
                    },
                ];
            }
            return [
                200,
                {
                    result: {
                        api_key: "k-123",
                        key_name: `Field app - ${device_name}`,
                        device_name,
                        expires: "2026-06-01T00:00:00Z",
                        user: USER,
                    },
                },
            ];
        }
        if (call.path === "/dms/app/unpair") {
            return [200, { revoked: 1 }];
        }
        return api(call);
    });
}

async function setup(fake) {
    patchTranslations(); // the app marks its terms loaded at boot (main.js)
    const store = await openTestStore();
    const model = new FieldAppModel({ store, fetch: fake.fetch, today: () => TODAY });
    await model.load();
    return { store, model };
}

test("signing in keeps the device's key, never the password", async () => {
    const fake = server();
    const { store, model } = await setup(fake);
    expect(model.state.screen).toBe("signin");

    expect(await model.signIn({ login: "rahim", password: "nope", deviceName: "Galaxy" })).toBe(
        false
    );
    expect(model.state.signInMessage).toBe("Wrong login or password.");
    expect(await store.getSetting("session")).toBe(undefined);

    expect(await model.signIn({ login: "rahim", password: "secret", deviceName: "Galaxy" })).toBe(
        true
    );
    expect(fake.calls[1].body).toEqual({
        jsonrpc: "2.0",
        method: "call",
        id: fake.calls[1].body.id,
        params: { login: "rahim", password: "secret", device_name: "Galaxy" },
    });
    const session = await store.getSetting("session");
    expect(session).toEqual({
        api_key: "k-123",
        key_name: "Field app - Galaxy",
        device_name: "Galaxy",
        expires: "2026-06-01T00:00:00Z",
        user: USER,
    });
    expect(JSON.stringify(session)).not.toInclude("secret");
    expect([model.state.screen, model.api.token, model.outbox.owner]).toEqual([
        "today",
        "k-123",
        7,
    ]);
    await model.sync(); // the first sync, started by signing in, ends within the test
    expect(fake.calls.slice(2).map((c) => c.path)).toEqual([
        "/dms/api/v1/beats",
        "/dms/api/v1/outlets",
        "/dms/api/v1/visits",
        // what a rep's order taking needs (rep_work.js)
        "/dms/api/v1/products",
        "/dms/api/v1/prices",
        "/dms/api/v1/schemes",
        "/dms/api/v1/distributors",
        "/dms/api/v1/no_order_reasons",
        "/dms/api/v1/skip_reasons",
        "/dms/api/v1/assortments",
        "/dms/api/v1/invoices",
        "/dms/api/v1/secondary_orders",
        "/dms/api/v1/territories",
        "/dms/api/v1/channels",
        "/dms/api/v1/outlet_classes",
        "/dms/api/v1/return_reasons",
        "/dms/api/v1/outlet_proposals",
        "/dms/api/v1/stops",
        "/dms/api/v1/delivery_reasons",
        "/dms/api/v1/mobile_providers",
    ]);
    expect(fake.calls[2].headers.Authorization).toBe("Bearer k-123");
});

test("signing in offline says a connection is needed", async () => {
    const { model } = await setup(fakeServer(() => "network"));
    expect(await model.signIn({ login: "rahim", password: "secret", deviceName: "Galaxy" })).toBe(
        false
    );
    expect(model.state.signInMessage).toInclude("Signing in needs a connection");
    expect(model.state.screen).toBe("signin");
});

test("with the server down the app goes on with what the phone has", async () => {
    let down = false;
    const fake = server(({ path, query }) => {
        if (down) {
            return [503, undefined];
        }
        const resource = path.split("/").at(-1);
        if (resource === "visits") {
            expect(query.date).toBe(TODAY);
            return [
                200,
                {
                    resource,
                    records: [
                        {
                            id: 1,
                            partner_id: 3,
                            planned_date: TODAY,
                            sequence: 1,
                            state: "planned",
                        },
                    ],
                    deleted: [],
                    next_cursor: "v",
                    has_more: false,
                },
            ];
        }
        return emptyPage(resource);
    });
    const { model, store } = await setup(fake);
    await model.signIn({ login: "rahim", password: "secret", deviceName: "Galaxy" });
    await model.sync();
    expect(model.state.visits.map((v) => v.id)).toEqual([1]);
    expect([model.state.online, model.state.syncError]).toEqual([true, ""]);

    down = true;
    // the app restarts (a reload) and syncs: the store still has the day
    const again = new FieldAppModel({ store, fetch: fake.fetch, today: () => TODAY });
    await again.load();
    await again.sync();
    expect(again.state.screen).toBe("today");
    expect(again.state.visits.map((v) => v.id)).toEqual([1]);
    expect(again.state.online).toBe(false);
    expect(again.state.syncError).toInclude("Offline");
});

test("a revoked key sends the app back to sign in, and the outbox waits", async () => {
    let revoked = false;
    const fake = server((call) =>
        revoked
            ? [401, { error: { code: "unauthorized", message: "Send a valid API key" } }]
            : call.method === "POST"
            ? acceptAll(call)
            : emptyPage(call.path.split("/").at(-1))
    );
    const { model, store } = await setup(fake);
    await model.signIn({ login: "rahim", password: "secret", deviceName: "Galaxy" });
    await model.sync();
    revoked = true;
    const record = await model.outbox.add("visits", { outlet_id: 3 });
    await model.sync();
    expect(model.state.screen).toBe("signin");
    expect(model.state.signInMessage).toInclude("revoked or has expired");
    expect(await store.getSetting("session")).toBe(null);
    expect((await model.outbox.get(record.uuid)).state).toBe("pending");

    // signed in again: the record goes out
    revoked = false;
    await model.signIn({ login: "rahim", password: "secret", deviceName: "Galaxy" });
    await model.sync();
    expect(await model.outbox.get(record.uuid)).toBe(undefined);
    expect(model.state.waiting).toBe(0);
});

test("a driver of the Driver group syncs their outlets and stops, skipping what the server refuses", async () => {
    // what the server refuses a Driver-group user (driver_dhaka1): a rep's resources
    const refused = [
        "beats", "visits", "schemes", "secondary_orders", "invoices", "no_order_reasons", "skip_reasons",
        "assortments", "channels", "outlet_classes", "return_reasons", "stock_returns", "rep_days",
    ];
    const fake = server(({ path }) => {
        const resource = path.split("/").at(-1);
        if (refused.includes(resource)) {
            return [403, { error: { code: "forbidden", message: `You may not read ${resource}.` } }];
        }
        return emptyPage(resource);
    });
    const { model } = await setup(fake);
    await model.signIn({ login: "rahim", password: "secret", deviceName: "Van phone" });
    await model.sync();
    const pulled = fake.calls.map((c) => c.path.split("/").at(-1));
    expect(pulled).toInclude("outlets");
    expect(pulled).toInclude("stops");
    expect(pulled).toInclude("mobile_providers");
    // no beats: no rep's day, so nothing of order taking or collecting is asked for
    expect(pulled).not.toInclude("products");
    expect(pulled).not.toInclude("invoices");
    expect([model.state.online, model.state.syncError]).toEqual([true, ""]);
    expect(model.state.lastSync.date).toBe(TODAY);
});
