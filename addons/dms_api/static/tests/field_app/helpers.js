import { after } from "@odoo/hoot";

import { Store } from "@dms_api/field_app/store";

let storeCount = 0;

/** A fresh IndexedDB database for one test (the real browser's IndexedDB), deleted after it. */
export async function openTestStore() {
    const name = `dms_field_app_test_${++storeCount}_${performance.now().toFixed(0)}`;
    const store = await Store.open(name);
    after(async () => {
        store.close();
        await Store.destroy(name);
    });
    return store;
}

/**
 * A fake server for the API client's ``fetch``: ``handler({path, query, method, body, headers})``
 * answers ``[status, json]``, or ``"network"`` for a request that never reaches it. Every call is
 * recorded in ``calls``.
 */
export function fakeServer(handler) {
    const server = { calls: [], handler };
    server.fetch = async (url, init = {}) => {
        const [path, query = ""] = url.split("?");
        const call = {
            path,
            query: Object.fromEntries(new URLSearchParams(query)),
            method: init.method || "GET",
            headers: init.headers || {},
            body: init.body ? JSON.parse(init.body) : null,
        };
        server.calls.push(call);
        const answer = await server.handler(call);
        if (answer === "network") {
            throw new TypeError("Failed to fetch");
        }
        const [status, data] = answer;
        return {
            ok: status >= 200 && status < 300,
            status,
            json: async () => {
                if (data === undefined) {
                    throw new SyntaxError("Unexpected end of JSON input");
                }
                return JSON.parse(JSON.stringify(data));
            },
        };
    };
    return server;
}

/** The API's answer to a push where every record is accepted. */
export function acceptAll({ body }) {
    return [
        200,
        {
            results: body.records.map((record, index) => ({
                uuid: record.uuid,
                status: "ok",
                id: 1000 + index,
                duplicate: false,
                record: {},
            })),
        },
    ];
}
