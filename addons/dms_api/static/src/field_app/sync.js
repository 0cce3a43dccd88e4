/**
 * Pulls from the sync API into the device's store, and what the screens read back from it.
 *
 * Each pull resumes from the cursor saved with the last page it stored (``Store.applyPage``):
 * the first sync downloads everything the user may see, later ones only what changed. Visits
 * are pulled per day (``?date=``), with a cursor per day.
 *
 * Plain JavaScript, no Odoo imports.
 */

import { ApiError } from "./api";
import { INVOICES, outletDues } from "./dues";
import { requestResult } from "./store";

/**
 * The device's date as the API writes dates (``YYYY-MM-DD``, local time).
 *
 * @param {Date} [date]
 */
export function localDate(date = new Date()) {
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Pull one resource into its store (``params`` narrow it; ``key`` names its cursor).
 *
 * @param {import("./api").ApiClient} api
 * @param {import("./store").Store} store
 * @param {string} resource API resource and store name
 * @param {{params?: Record<string, string>, key?: string}} [options]
 * @returns {Promise<number>} records received
 */
export async function pullResource(api, store, resource, { params = {}, key = resource } = {}) {
    const cursorKey = `cursor:${key}`;
    const since = await store.getSetting(cursorKey, null);
    let received = 0;
    await api.pull(resource, {
        since,
        params,
        onPage: async (page) => {
            await store.applyPage(resource, page, cursorKey);
            received += page.records.length;
        },
    });
    return received;
}

/**
 * ``pullResource``, or ``null`` for a user whose groups may not read the resource (the server's
 * 403): the one way the app skips what a user may not read (a driver of the Driver group reads
 * stops, outlets, products, prices, providers, no beats, visits, schemes, orders nor invoices).
 *
 * @returns {Promise<number|null>} records received, or null when refused
 */
export async function pullReadable(api, store, resource, options) {
    try {
        return await pullResource(api, store, resource, options);
    } catch (error) {
        if (error instanceof ApiError && error.status === 403) {
            return null;
        }
        throw error;
    }
}

/**
 * What the Today screen needs: the user's beats and outlets, and the visits of ``date`` (``null``
 * counts for a driver of the Driver group, who reads no beats nor visits).
 *
 * @param {import("./api").ApiClient} api
 * @param {import("./store").Store} store
 * @param {string} date YYYY-MM-DD
 */
export async function syncToday(api, store, date) {
    const counts = {
        beats: await pullReadable(api, store, "beats"),
        outlets: await pullReadable(api, store, "outlets"),
        visits: await pullReadable(api, store, "visits", {
            params: { date },
            key: `visits:${date}`,
        }),
    };
    await store.setSetting("last_sync", { at: Date.now(), date });
    return counts;
}

/**
 * The visits of ``date`` in beat order (the rep's day: sequence, then id), each with its outlet
 * and beat as far as the store has them, and the outlet's dues (``dues.js``: totals per currency).
 *
 * @param {import("./store").Store} store
 * @param {string} date YYYY-MM-DD
 */
export async function todayVisits(store, date) {
    const [visits, outlets, beats, invoices] = await Promise.all([
        store.getAll("visits"),
        store.getAll("outlets"),
        store.getAll("beats"),
        store.getAll(INVOICES),
    ]);
    const outletById = new Map(outlets.map((o) => [o.id, o]));
    const beatById = new Map(beats.map((b) => [b.id, b]));
    return visits
        .filter((visit) => visit.planned_date === date && visit.state !== "cancelled")
        .sort((a, b) => a.sequence - b.sequence || a.id - b.id)
        .map((visit) => ({
            ...visit,
            outlet: outletById.get(visit.partner_id) || null,
            beat: beatById.get(visit.beat_id) || null,
            dues: outletDues(invoices, visit.partner_id, date).totals, // per currency
        }));
}

/**
 * Forget the visits of days before ``date`` and their cursors: the device keeps today's work.
 *
 * @param {import("./store").Store} store
 * @param {string} date YYYY-MM-DD
 */
export async function pruneVisits(store, date) {
    await store.transaction(["visits", "settings"], "readwrite", async (s) => {
        const [visits, keys] = await Promise.all([
            requestResult(s.visits.getAll()),
            requestResult(s.settings.getAllKeys()),
        ]);
        for (const visit of visits) {
            if (visit.planned_date < date) {
                s.visits.delete(visit.id);
            }
        }
        for (const key of keys) {
            if (
                typeof key === "string" &&
                key.startsWith("cursor:visits:") &&
                key.slice(14) < date
            ) {
                s.settings.delete(key);
            }
        }
    });
}
