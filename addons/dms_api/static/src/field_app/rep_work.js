/**
 * A rep's work at an outlet, on the device: check in and out, orders, no-order reasons with a
 * photo. Everything is written to IndexedDB first and sent through the outbox:
 *
 * - an order goes to the outbox when it is saved (resource ``secondary_orders``, its uuid made
 *   then); the visit names the first one (``order_uuid``), later ones go on their own;
 * - a visit's check-in and outcome stay in ``rep_visits`` (keyed by the visit's id, its uuid made
 *   at check-in) until check-out, which queues the whole visit (resource ``visits``, after its
 *   orders): the API takes a planned visit in one record;
 * - a skip (a planned visit not made, with a reason) is queued at once, so it reaches the server
 *   before the check-ins made after it (a beat's sequence lock).
 *
 * ``sync(date)`` pulls what order taking needs: products, the distributors' price rules,
 * schemes, distributors, no-order reasons, must-sell and focus lists, the last 90 days of orders,
 * and the server's suggested order of each outlet visited that day (kept for offline use).
 *
 * Plain JavaScript, no Odoo imports besides ours: the Hoot tests drive it with a fake server.
 */

import { ApiError, NetworkError } from "./api";
import { collectionPayload, COLLECTIONS } from "./collection";
import {
    catalogueProducts,
    fenceCheck,
    outletPricelistId,
    outletSchemes,
    priceOrder,
} from "./rep";
import { ASSORTMENTS, outletFlags, SUGGESTIONS } from "./selling";
import { INVOICES } from "./dues";
import { pullReadable } from "./sync";

export const RECENT_ORDER_DAYS = 90;
export const REP_VISITS = "rep_visits";
const PULLED = [
    "products",
    "prices",
    "schemes",
    "distributors",
    "no_order_reasons",
    "skip_reasons",
    ASSORTMENTS,
    INVOICES,
];

function daysBefore(date, days) {
    const [y, m, d] = date.split("-").map(Number);
    const day = new Date(Date.UTC(y, m - 1, d - days));
    return day.toISOString().slice(0, 10);
}

/**
 * What the visit screen offers for a visit's device state ``local`` (null before check-in): an
 * order, a collection or a return only while the rep is checked in; once checked out the visit is
 * done and sent as it is (a later payment or return is recorded from the outlet, on a new visit).
 */
export function visitActions(local) {
    const open = Boolean(local && !local.check_out && !local.skipped);
    return { takeOrder: open, collect: open, recordReturn: open, checkOut: open };
}

/** An order line as pushed (what the suggestion proposed for it, if anything). */
function orderLine(line) {
    const pushed = { product_id: line.product_id, qty: line.qty };
    if (line.suggested_qty) {
        pushed.suggested_qty = line.suggested_qty;
    }
    return pushed;
}

export class RepWork {
    /**
     * @param {{store: import("./store").Store, outbox: import("./outbox").Outbox,
     *          api: import("./api").ApiClient, now?: () => Date}} options
     */
    constructor({ store, outbox, api, now = () => new Date() }) {
        this.store = store;
        this.outbox = outbox;
        this.api = api;
        this.now = now;
    }

    /**
     * Pull what order taking and collecting need (after the day's visits). A resource the user may
     * not read (403) is skipped (``pullReadable``).
     */
    async sync(date) {
        for (const resource of PULLED) {
            await pullReadable(this.api, this.store, resource);
        }
        const from = daysBefore(date, RECENT_ORDER_DAYS);
        // one cursor per window start, as for visits: a new day starts a new window
        const keys = await this.store.transaction(["settings"], "readonly", (s) =>
            new Promise((resolve) => {
                const request = s.settings.getAllKeys();
                request.onsuccess = () => resolve(request.result);
            })
        );
        for (const key of keys) {
            if (typeof key === "string" && key.startsWith("cursor:orders:") && key !== `cursor:orders:${from}`) {
                await this.store.delete("settings", key);
                await this.store.clear(["secondary_orders"]);
            }
        }
        await pullReadable(this.api, this.store, "secondary_orders", {
            params: { date_from: from },
            key: `orders:${from}`,
        });
        await this.cacheSuggestions(date);
    }

    // Suggested orders ------------------------------------------------------------------------

    /**
     * Ask the server for the suggested order of each outlet visited on ``date`` that has none of
     * that day on the device, and keep them: the order screen's *Suggest* works offline with the
     * server's own suggestion (history, must-sell gaps, a scheme's next slab), not a guess. One
     * request per outlet, on the day's first sync; an outlet the server refuses gets none.
     */
    async cacheSuggestions(date) {
        const [visits, cached] = await Promise.all([
            this.store.getAll("visits"),
            this.store.getAll(SUGGESTIONS),
        ]);
        const have = new Set(cached.filter((c) => c.date === date).map((c) => c.id));
        const outletIds = [
            ...new Set(
                visits
                    .filter((v) => v.planned_date === date && v.state !== "cancelled")
                    .map((v) => v.partner_id)
            ),
        ].filter((id) => !have.has(id));
        for (const outletId of outletIds) {
            try {
                await this.fetchSuggestion(outletId, date);
            } catch (error) {
                if (!(error instanceof ApiError) || error.transient || error.status === 403) {
                    throw error;
                }
                // refused (an outlet no longer the rep's): nothing to suggest today, not asked again
                await this.store.put(SUGGESTIONS, { id: outletId, date, lines: [], refused: error.code });
            }
        }
        // yesterday's suggestions are of no use
        for (const old of cached.filter((c) => c.date !== date)) {
            await this.store.delete(SUGGESTIONS, old.id);
        }
    }

    /** The server's suggestion for the outlet now, kept on the device. */
    async fetchSuggestion(outletId, date) {
        const answer = await this.api.request("POST", "suggested_order", { outlet_id: outletId, date });
        const suggestion = { id: outletId, date, lines: answer.lines || [], fetched_at: this.now().toISOString() };
        await this.store.put(SUGGESTIONS, suggestion);
        return suggestion;
    }

    /**
     * The outlet's suggested order for ``date``: asked again when the server can be reached (the
     * day's orders change it), else the one kept at the day's sync; ``null`` when there is none.
     *
     * @returns {Promise<{id: number, date: string, lines: object[], offline: boolean}|null>}
     */
    async suggestion(outletId, date) {
        try {
            return { ...(await this.fetchSuggestion(outletId, date)), offline: false };
        } catch (error) {
            if (!(error instanceof NetworkError || (error instanceof ApiError && error.transient))) {
                throw error;
            }
        }
        const cached = await this.store.get(SUGGESTIONS, outletId);
        return cached && cached.date === date ? { ...cached, offline: true } : null;
    }

    // What the screens read -------------------------------------------------------------------

    /** ``visits`` (today's, from the store) with the device's own state over the server's. */
    async withLocalState(visits) {
        const local = new Map((await this.store.getAll(REP_VISITS)).map((v) => [v.visit_id, v]));
        return visits.map((visit) => {
            const mine = local.get(visit.id);
            if (!mine || !["planned", "missed"].includes(visit.state)) {
                return visit;
            }
            if (mine.skipped) {
                return { ...visit, state: "skipped", local: mine };
            }
            return { ...visit, state: mine.check_out ? "done" : "in_progress", local: mine };
        });
    }

    localVisit(visitId) {
        return this.store.get(REP_VISITS, visitId);
    }

    /** What the order screen needs for ``outlet``: catalogue with prices, schemes, reasons. */
    async catalogue(outlet, date) {
        const [products, prices, schemes, distributors, assortments] = await Promise.all(
            ["products", "prices", "schemes", "distributors", ASSORTMENTS].map((name) =>
                this.store.getAll(name)
            )
        );
        const pricelistId = outletPricelistId(outlet, distributors);
        const priceItems = prices.filter((p) => p.pricelist_id === pricelistId);
        const productMap = new Map(
            catalogueProducts(products, priceItems, this.now())
                .filter((p) => p.sale_ok !== false)
                .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id))
                .map((p) => [p.id, p])
        );
        return {
            outlet,
            products: productMap,
            priceItems,
            schemes: outletSchemes(schemes, outlet, date),
            ...outletFlags(assortments, outlet, date),
            date,
            now: this.now(),
        };
    }

    skipReasons() {
        return this.store
            .getAll("skip_reasons")
            .then((reasons) => reasons.sort((a, b) => a.sequence - b.sequence || a.id - b.id));
    }

    noOrderReasons() {
        return this.store
            .getAll("no_order_reasons")
            .then((reasons) => reasons.sort((a, b) => a.sequence - b.sequence || a.id - b.id));
    }

    /**
     * The outlet's last ``count`` orders: those still in the outbox first, then the server's.
     *
     * @returns {Promise<Array<{key: string, uuid: string|null, name: string, date: string,
     *           amount: number|null, lines: number, pending: boolean}>>}
     */
    async lastOrders(outletId, count = 3) {
        const [pulled, queued] = await Promise.all([
            this.store.getAll("secondary_orders"),
            this.outbox.list(),
        ]);
        const mine = queued
            .filter((r) => r.resource === "secondary_orders" && r.payload.outlet_id === outletId)
            .map((r) => ({
                key: r.uuid,
                uuid: r.uuid,
                name: r.state === "failed" ? "Not accepted" : "Waiting to send",
                date: r.payload.date_order,
                amount: r.total ?? null,
                lines: r.payload.lines.length,
                pending: true,
            }));
        const queuedUuids = new Set(queued.map((r) => r.uuid));
        const server = pulled
            .filter(
                (o) => o.partner_id === outletId && o.state !== "cancel" && !queuedUuids.has(o.client_uuid)
            )
            .map((o) => ({
                key: String(o.id),
                uuid: o.client_uuid || null, // taken on a phone: the uuid it was queued with
                name: o.name,
                date: o.date_order,
                // before tax, as the phone shows an order it took (it knows no taxes): the
                // same measure once the order is sent and pulled back
                amount: o.amount_untaxed ?? null,
                lines: (o.lines || []).filter((l) => !l.is_reward).length,
                pending: false,
            }));
        return [...mine.reverse(), ...server.sort((a, b) => (a.date < b.date ? 1 : -1))].slice(
            0,
            count
        );
    }

    /**
     * The orders taken at a visit (``local``: its device state), waiting in the outbox or sent
     * and pulled back (by the uuid they were queued with), newest first.
     */
    async visitOrders(local) {
        const uuids = new Set(local.order_uuids);
        return (await this.lastOrders(local.outlet_id, Infinity)).filter((o) => uuids.has(o.uuid));
    }

    // Actions ---------------------------------------------------------------------------------

    /**
     * Check in at ``visit`` (a planned visit as todayVisits gives it) from ``position``
     * ({latitude, longitude, accuracy}): flagged, never refused, outside the geofence.
     */
    async checkIn(visit, position) {
        const fence = fenceCheck(visit.outlet, position);
        const record = {
            visit_id: visit.id,
            outlet_id: visit.partner_id,
            uuid: this.outbox.uuid(),
            check_in: {
                time: this.now().toISOString(),
                latitude: position.latitude,
                longitude: position.longitude,
                accuracy: position.accuracy ?? null,
            },
            distance: fence.distance,
            out_of_fence: fence.outOfFence,
            order_uuids: [],
            no_order_reason_id: null,
            photo: null,
            notes: "",
            check_out: null,
        };
        await this._keep(record);
        return record;
    }

    /** Skip a planned ``visit`` for ``reasonId``: queued at once (resource ``visits``). */
    async skip(visit, reasonId) {
        const local = {
            visit_id: visit.id,
            outlet_id: visit.partner_id,
            uuid: this.outbox.uuid(),
            skipped: { reason_id: reasonId, time: this.now().toISOString() },
            order_uuids: [],
            check_in: null,
            check_out: null,
        };
        await this.outbox.add("visits", {
            uuid: local.uuid,
            visit_id: visit.id,
            skip_reason_id: reasonId,
            skip_time: local.skipped.time,
        });
        await this._keep(local);
        return local;
    }

    /**
     * Save an order taken at the visit's outlet: queued at once (its uuid made now).
     *
     * @param {object} local the visit's device state (``checkIn``'s record)
     * @param {Array<{product_id: number, qty: number, suggested_qty?: number}>} lines
     * @param {{total?: number, note?: string, suggestedCount?: number}} [extra] the total shown,
     *        kept to list it; the lines the suggested order proposed (``selling.withSuggestion``)
     */
    async saveOrder(local, lines, { total = null, note = "", suggestedCount = 0 } = {}) {
        const payload = {
            outlet_id: local.outlet_id,
            date_order: this.now().toISOString(),
            lines: lines.map(orderLine),
        };
        if (note) {
            payload.note = note;
        }
        if (suggestedCount) {
            payload.suggested_line_count = suggestedCount;
        }
        const record = await this.outbox.add("secondary_orders", payload);
        await this._patchOutbox(record.uuid, { total });
        local.order_uuids.push(record.uuid);
        local.no_order_reason_id = null;
        await this._keep(local);
        return record;
    }

    /** A failed order corrected on the order screen: the same uuid, the new lines, resent. */
    async resendOrder(uuid, lines, { total = null } = {}) {
        const record = await this.outbox.get(uuid);
        const payload = { ...record.payload, lines: lines.map(orderLine) };
        await this.outbox.retry(uuid, payload);
        await this._patchOutbox(uuid, { total });
    }

    async _patchOutbox(uuid, values) {
        await this.store.transaction(["outbox"], "readwrite", async (s) => {
            const request = s.outbox.get(uuid);
            const record = await new Promise((resolve) => {
                request.onsuccess = () => resolve(request.result);
            });
            if (record) {
                s.outbox.put({ ...record, ...values });
            }
        });
    }

    /**
     * No order at this visit: the reason, an optional photo (base64 JPEG, with its ``photoSize``
     * {width, height, bytes} for the screen to show it again) and notes.
     */
    async setNoOrder(local, { reasonId, photo = null, photoSize = null, notes = "" }) {
        Object.assign(local, { no_order_reason_id: reasonId, photo, photo_size: photo ? photoSize : null, notes });
        await this._keep(local);
        return local;
    }

    /**
     * Keep what the rep just gave on the no-order card, in whatever order the taps come: only
     * the keys of ``changes`` ({reasonId, photo, photoSize, notes}) change, the rest stays (a
     * photo taken before the reason is chosen is not lost).
     */
    async keepNoOrder(local, changes) {
        if ("reasonId" in changes) {
            local.no_order_reason_id = changes.reasonId || null;
        }
        if ("photo" in changes) {
            local.photo = changes.photo || null;
            local.photo_size = changes.photo ? changes.photoSize || null : null;
        }
        if ("notes" in changes) {
            local.notes = changes.notes || "";
        }
        await this._keep(local);
        return local;
    }

    /**
     * Check out: the visit, with its check-in, outcome and photo, goes to the outbox (after its
     * orders). Refused (an Error) without an outcome, like the server.
     */
    async checkOut(local, position) {
        if (!local.order_uuids.length && !local.no_order_reason_id) {
            throw new Error("Take an order or give a no-order reason before checking out.");
        }
        const checkOut = {
            time: this.now().toISOString(),
            latitude: position?.latitude ?? null,
            longitude: position?.longitude ?? null,
            accuracy: position?.accuracy ?? null,
        };
        const payload = {
            uuid: local.uuid,
            // a visit the rep started at an outlet with no visit planned (a new outlet) has a
            // negative id on the phone: the server makes it an unplanned visit of the outlet
            ...(local.visit_id > 0 ? { visit_id: local.visit_id } : { outlet_id: local.outlet_id }),
            check_in_time: local.check_in.time,
            check_in_latitude: local.check_in.latitude,
            check_in_longitude: local.check_in.longitude,
            check_out_time: checkOut.time,
        };
        if (local.check_in.accuracy !== null) {
            payload.check_in_accuracy = local.check_in.accuracy;
        }
        if (checkOut.latitude !== null) {
            payload.check_out_latitude = checkOut.latitude;
            payload.check_out_longitude = checkOut.longitude;
            if (checkOut.accuracy !== null) {
                payload.check_out_accuracy = checkOut.accuracy;
            }
        }
        if (local.order_uuids.length) {
            payload.order_uuid = local.order_uuids[0];
        } else {
            payload.no_order_reason_id = local.no_order_reason_id;
            if (local.photo) {
                payload.photo = local.photo;
            }
        }
        if (local.notes) {
            payload.notes = local.notes;
        }
        await this.outbox.add("visits", payload, { dependsOn: local.order_uuids });
        local.check_out = checkOut;
        local.photo = local.photo ? true : null; // the outbox has it; do not keep it twice
        local.photo_size = null;
        await this._keep(local);
        return local;
    }

    /**
     * Money received at the outlet (a rep's visit, or a driver's stop with ``picking_id``):
     * queued at once (the server confirms it: cash and mobile money become a payment on the
     * oldest open invoices, a cheque is recorded as received). See ``collection.js``.
     *
     * @param {number} outletId
     * @param {{amount: number, method: "cash"|"cheque"|"mobile", date: string, cheque_number?: string,
     *          cheque_bank?: string, cheque_date?: string, mobile_provider_id?: number,
     *          mobile_transaction_id?: string, mobile_sender?: string, picking_id?: number,
     *          note?: string}} values
     */
    async saveCollection(outletId, values) {
        return this.outbox.add(COLLECTIONS, collectionPayload(outletId, values));
    }

    /** A refused collection corrected (e.g. its transaction id): the same uuid, sent again. */
    async resendCollection(uuid, values) {
        const record = await this.outbox.get(uuid);
        const payload = collectionPayload(record.payload.partner_id, {
            ...values,
            date: record.payload.date, // the day it was received, not the day it is corrected
            picking_id: record.payload.picking_id,
        });
        return this.outbox.retry(uuid, payload);
    }

    /** Forget the device's state of visits planned before ``date`` whose records were sent. */
    async prune(visitIds) {
        const keep = new Set(visitIds);
        const queued = new Set((await this.outbox.list()).map((r) => r.uuid));
        for (const local of await this.store.getAll(REP_VISITS)) {
            if (!keep.has(local.visit_id) && !queued.has(local.uuid)) {
                await this.store.delete(REP_VISITS, local.visit_id);
            }
        }
    }

    /** Store a visit's device state (a plain copy: screens hand over their reactive proxies). */
    _keep(local) {
        return this.store.put(REP_VISITS, JSON.parse(JSON.stringify(local)));
    }

    /** Price an order being taken (see ``rep.priceOrder``). */
    price(context, entries) {
        return priceOrder(context, entries);
    }
}

/**
 * The visits a beat's sequence lock wants made or skipped before ``visit`` (the outlets before it
 * on the beat, still to visit), as the server checks it; empty when it may be checked in.
 *
 * @param {object} visit one of today's visits (with ``beat``)
 * @param {object[]} visits today's visits, with the device's state
 */
export function lockedBy(visit, visits) {
    const order = visit.beat?.sequence_lock ? visit.beat.outlet_ids || [] : [];
    const position = order.indexOf(visit.partner_id);
    if (visit.state !== "planned" || !visit.is_planned || position <= 0) {
        return [];
    }
    return visits.filter((other) => {
        const at = order.indexOf(other.partner_id);
        return (
            other.beat_id === visit.beat_id && other.is_planned && other.state === "planned" && at >= 0 && at < position
        );
    });
}
