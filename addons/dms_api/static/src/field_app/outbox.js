/**
 * The outbox: records made on the device (orders, visits, collections...) wait here, in IndexedDB,
 * until the sync API has accepted them.
 *
 * - A record gets its client uuid the moment it is made (``crypto.randomUUID()``), and keeps it
 *   through every resend: the API answers a uuid it already has with the existing record
 *   (``duplicate: true``), so sending twice never creates twice.
 * - It is written to IndexedDB before anything else happens: it survives a reload, a crash, a
 *   flat battery.
 * - ``flush()`` pushes the records that are due, per resource in ``PUSH_ORDER`` (an order before
 *   the visit that names it) and in creation order, in batches of at most 100 records (the API's
 *   limit) and of at most ``MAX_BATCH_BYTES`` of JSON (a lone bigger record goes alone): on a weak
 *   network (EDGE, a bar of 3G: 20-50 KB/s up) a batch of visits with photos (up to 200 KB each)
 *   would take longer to upload than the request's timeout, time out, and be resent whole, forever.
 *   A record can wait for others (``dependsOn``): it is held back while they are in the outbox.
 * - Accepted records leave the outbox (a ``sent`` event carries the server's answer). A record the
 *   server refuses stays, ``failed``, with the server's error (code, message, field) for the user
 *   to see, correct (``retry``) or ``discard``; it is not resent by itself.
 * - Records belong to the user signed in when they were made (``owner``): after another user signs
 *   in on the device, they wait for their owner instead of going out under the wrong key.
 * - When the server cannot be reached, is down or busy (network error, timeout, 408, 429, 5xx),
 *   the batch is postponed with exponential backoff (2 s, 4 s, 8 s... up to 5 min, plus up to 25%
 *   jitter) and the flush stops there. A 401 stops the flush and leaves every record as it was:
 *   the device signs in again, then the outbox goes on.
 *
 * Plain JavaScript, no Odoo imports; the store, the API client, the clock and the random source
 * are injected (the Hoot tests give a fake fetch and a fake clock).
 */

import { _t } from "@web/core/l10n/translation";

import { ApiError, NetworkError } from "./api";
import { requestResult } from "./store";

export const OUTBOX = "outbox";
export const MAX_BATCH = 100;
// about 25 s of upload at 20 KB/s: well within the API client's 60 s request timeout
export const MAX_BATCH_BYTES = 512 * 1024;
export const BACKOFF_BASE = 2000;
export const BACKOFF_MAX = 5 * 60 * 1000;
export const BACKOFF_JITTER = 0.25;
export const PUSH_ORDER = ["outlet_proposals", "secondary_orders", "visits", "collections", "stock_returns"];

const SEQ_KEY = "outbox_seq";

/**
 * A random (version 4) UUID: ``crypto.randomUUID()``, or built from ``getRandomValues`` where
 * ``randomUUID`` is missing (pages not served over HTTPS).
 *
 * @param {Crypto} [cryptoApi]
 */
export function newUuid(cryptoApi = globalThis.crypto) {
    if (typeof cryptoApi.randomUUID === "function") {
        return cryptoApi.randomUUID();
    }
    const bytes = cryptoApi.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(
        16,
        20
    )}-${hex.slice(20)}`;
}

/**
 * Milliseconds to wait before the ``attempts``-th resend.
 *
 * @param {number} attempts failed attempts so far (1 or more)
 * @param {() => number} random in [0, 1)
 */
export function backoffDelay(attempts, random = Math.random) {
    const base = Math.min(BACKOFF_MAX, BACKOFF_BASE * 2 ** Math.max(0, attempts - 1));
    return Math.round(base * (1 + BACKOFF_JITTER * random()));
}

function pushRank(resource) {
    const index = PUSH_ORDER.indexOf(resource);
    return index === -1 ? PUSH_ORDER.length : index;
}

function errorOf(error) {
    if (error instanceof ApiError) {
        return {
            code: error.code,
            message: error.message,
            field: error.field,
            status: error.status,
        };
    }
    return { code: "network", message: error.message || String(error), field: null, status: null };
}

/**
 * What the To send screen says of ``record``, for a rep: ``text`` in plain words (the server's
 * own message for a refusal; "no connection" or "server busy" with the time of the last try for
 * a record that did not get through) and ``detail``, the technical side (request, status,
 * field), shown apart and folded.
 *
 * @returns {{text: string, detail: string}}
 */
export function outboxStatus(record, locale = undefined) {
    const time = (at) =>
        new Date(at).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
    if (record.error) {
        const e = record.error;
        return {
            text: e.message,
            detail: [e.status && `HTTP ${e.status}`, e.code, e.field && `field ${e.field}`]
                .filter(Boolean)
                .join(" · "),
        };
    }
    if (record.last_error) {
        const e = record.last_error;
        const at = e.at ? time(e.at) : "";
        const text =
            e.code === "network"
                ? at
                    ? _t("Not sent yet: no connection (last try %s)", at)
                    : _t("Not sent yet: no connection")
                : at
                ? _t("Not sent yet: the server is busy (last try %s)", at)
                : _t("Not sent yet: the server is busy");
        return {
            text: `${text}. ${_t("It is sent by itself when it can be.")}`,
            detail: [e.status && `HTTP ${e.status}`, e.message].filter(Boolean).join(" · "),
        };
    }
    if (record.depends_on?.length) {
        return { text: _t("Goes after its orders."), detail: "" };
    }
    return { text: "", detail: "" };
}

/**
 * The records in batches of at most ``maxRecords`` and ``maxBytes`` of JSON payload, in order; a
 * record bigger than ``maxBytes`` on its own makes a batch of one.
 *
 * @param {{payload: object}[]} records
 */
export function batches(records, maxRecords = MAX_BATCH, maxBytes = MAX_BATCH_BYTES) {
    const result = [];
    let batch = [];
    let bytes = 0;
    for (const record of records) {
        const size = JSON.stringify(record.payload).length;
        if (batch.length && (batch.length >= maxRecords || bytes + size > maxBytes)) {
            result.push(batch);
            batch = [];
            bytes = 0;
        }
        batch.push(record);
        bytes += size;
    }
    if (batch.length) {
        result.push(batch);
    }
    return result;
}

export class Outbox extends EventTarget {
    /**
     * @param {{store: import("./store").Store, api: import("./api").ApiClient,
     *          now?: () => number, random?: () => number, uuid?: () => string,
     *          locks?: LockManager|null}} options
     */
    constructor({
        store,
        api,
        owner = null,
        now = () => Date.now(),
        random = Math.random,
        uuid = newUuid,
        locks,
    }) {
        super();
        this.store = store;
        this.owner = owner; // id of the signed-in user: stamped on new records, only theirs are sent
        this.api = api;
        this.now = now;
        this.random = random;
        this.uuid = uuid;
        // one flush at a time across the app's tabs (the server's uuids make a double send
        // harmless, but it wastes the rep's data plan)
        this.locks = locks === undefined ? globalThis.navigator?.locks || null : locks;
        this.flushing = null;
    }

    _changed() {
        this.dispatchEvent(new Event("change"));
    }

    /**
     * Put a record in the outbox. Its uuid is made now (or kept, if the payload has one).
     *
     * @param {string} resource API resource, e.g. "visits"
     * @param {object} payload the record as the API takes it (``uuid`` is added)
     * @param {{dependsOn?: string[]}} [options] uuids of outbox records to send first
     * @returns {Promise<object>} the outbox record
     */
    async add(resource, payload, { dependsOn = [] } = {}) {
        const uuid = payload.uuid || this.uuid();
        const now = this.now();
        const record = {
            uuid,
            resource,
            payload: { ...payload, uuid },
            owner: this.owner,
            depends_on: [...dependsOn],
            state: "pending",
            created_at: now,
            attempts: 0,
            next_attempt_at: now,
            last_error: null, // why the last attempt did not get through (it will be retried)
            error: null, // why the server refused the record (state "failed")
        };
        await this.store.transaction([OUTBOX, "settings"], "readwrite", async (s) => {
            record.seq = ((await requestResult(s.settings.get(SEQ_KEY))) || 0) + 1;
            s.settings.put(record.seq, SEQ_KEY);
            s[OUTBOX].add(record);
        });
        this._changed();
        return record;
    }

    /** Every record, in creation order. */
    async list() {
        const records = await this.store.getAll(OUTBOX);
        return records.sort((a, b) => a.seq - b.seq);
    }

    async get(uuid) {
        return this.store.get(OUTBOX, uuid);
    }

    /** The signed-in user's records. */
    async _own() {
        return (await this.store.getAll(OUTBOX)).filter((r) => r.owner === this.owner);
    }

    /** How many of the user's records wait to be sent, and how many the server refused. */
    async counts() {
        const records = await this._own();
        const failed = records.filter((r) => r.state === "failed").length;
        return { waiting: records.length - failed, failed };
    }

    async countWaiting() {
        return (await this.counts()).waiting;
    }

    /** When the next postponed record is due (ms since epoch), or null if none waits. */
    async nextAttemptAt() {
        const pending = (await this._own()).filter((r) => r.state === "pending");
        return pending.length ? Math.min(...pending.map((r) => r.next_attempt_at)) : null;
    }

    /** Send a refused record again (after the user corrected it): new payload if given. */
    async retry(uuid, payload = null) {
        const record = await this.get(uuid);
        if (!record) {
            return null;
        }
        Object.assign(record, {
            state: "pending",
            attempts: 0,
            next_attempt_at: this.now(),
            error: null,
            last_error: null,
        });
        if (payload) {
            record.payload = { ...payload, uuid };
        }
        await this.store.put(OUTBOX, record);
        this._changed();
        return record;
    }

    async discard(uuid) {
        await this.store.delete(OUTBOX, uuid);
        this._changed();
    }

    /**
     * Push what is due. Resolves with ``{sent, failed, postponed, unauthorized}`` (counts of
     * records, and whether the API key was refused); never rejects for a network or server error.
     */
    flush() {
        if (!this.flushing) {
            const run = () => this._flush();
            const lockName = `dms_field_app_outbox:${this.store.db.name}`;
            this.flushing = (this.locks ? this.locks.request(lockName, run) : run()).finally(() => {
                this.flushing = null;
            });
        }
        return this.flushing;
    }

    async _flush() {
        const summary = { sent: 0, failed: 0, postponed: 0, unauthorized: false };
        const records = await this.list();
        const inOutbox = new Set(records.map((r) => r.uuid));
        const resources = [...new Set(records.map((r) => r.resource))].sort(
            (a, b) => pushRank(a) - pushRank(b) || (a < b ? -1 : a > b ? 1 : 0)
        );
        try {
            for (const resource of resources) {
                const now = this.now();
                const due = records.filter(
                    (r) =>
                        r.resource === resource &&
                        r.state === "pending" &&
                        r.owner === this.owner &&
                        r.next_attempt_at <= now &&
                        r.depends_on.every((uuid) => !inOutbox.has(uuid))
                );
                for (const batch of batches(due)) {
                    const stop = await this._send(resource, batch, inOutbox, summary);
                    if (stop) {
                        return summary;
                    }
                }
            }
            return summary;
        } finally {
            this._changed();
        }
    }

    /** Send one batch; true when the flush must stop (server unreachable, key refused). */
    async _send(resource, batch, inOutbox, summary) {
        let results;
        try {
            results = await this.api.push(
                resource,
                batch.map((r) => r.payload)
            );
        } catch (error) {
            if (error instanceof ApiError && error.unauthorized) {
                summary.unauthorized = true;
                return true;
            }
            if (error instanceof NetworkError || (error instanceof ApiError && error.transient)) {
                await this._postpone(batch, errorOf(error));
                summary.postponed += batch.length;
                return true;
            }
            if (error instanceof ApiError && error.status === 413 && batch.length > 1) {
                // too big together: send each half on its own
                const half = Math.ceil(batch.length / 2);
                return (
                    (await this._send(resource, batch.slice(0, half), inOutbox, summary)) ||
                    this._send(resource, batch.slice(half), inOutbox, summary)
                );
            }
            if (!(error instanceof ApiError)) {
                throw error; // a bug of ours, not the server's answer
            }
            // refused as a whole (400, 404, 413 alone, 415): each record keeps the reason
            await this._fail(batch.map((record) => [record, errorOf(error)]));
            summary.failed += batch.length;
            return false;
        }
        const failed = [];
        const sent = [];
        batch.forEach((record, index) => {
            const result = results.find((r) => r && r.uuid === record.uuid) || results[index];
            if (result && result.status === "ok") {
                sent.push([record, result]);
            } else {
                failed.push([
                    record,
                    {
                        code: result?.code || "invalid_response",
                        message: result?.message || "",
                        field: result?.field || null,
                        status: 200,
                    },
                ]);
            }
        });
        await this.store.transaction([OUTBOX], "readwrite", (s) => {
            for (const [record] of sent) {
                s[OUTBOX].delete(record.uuid);
            }
        });
        for (const [record, result] of sent) {
            inOutbox.delete(record.uuid);
            this.dispatchEvent(new CustomEvent("sent", { detail: { record, result } }));
        }
        summary.sent += sent.length;
        if (failed.length) {
            await this._fail(failed);
            summary.failed += failed.length;
        }
        return false;
    }

    async _postpone(batch, lastError) {
        const now = this.now();
        await this.store.transaction([OUTBOX], "readwrite", (s) => {
            for (const record of batch) {
                record.attempts += 1;
                record.next_attempt_at = now + backoffDelay(record.attempts, this.random);
                record.last_error = { ...lastError, at: now };
                s[OUTBOX].put(record);
            }
        });
    }

    async _fail(pairs) {
        const now = this.now();
        await this.store.transaction([OUTBOX], "readwrite", (s) => {
            for (const [record, error] of pairs) {
                record.state = "failed";
                record.attempts += 1;
                record.error = { ...error, at: now };
                s[OUTBOX].put(record);
            }
        });
    }
}
