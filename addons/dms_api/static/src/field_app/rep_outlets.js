/**
 * A rep's new outlets and outlet returns, on the device:
 *
 * - ``propose(values)``: a new outlet (name, owner, phone, channel, class, territory, address,
 *   the phone's position, a photo) goes to the outbox at once (resource ``outlet_proposals``, its
 *   uuid made then). The server creates it ``proposed`` in one of the rep's territories; a
 *   supervisor approves it. ``proposals()`` lists those waiting on the phone and those the server
 *   has, with their approval state.
 * - ``saveReturn(outletId, lines)``: goods an outlet gives back (product, quantity, reason) go to
 *   the outbox (resource ``stock_returns``): a draft return for the outlet's distributor.
 *
 * ``sync()`` pulls the lists these screens choose from (territories, channels, outlet classes,
 * return reasons) and the rep's proposals.
 *
 * Plain JavaScript, no Odoo imports besides ours: the Hoot tests drive it with a fake server.
 */

import { haversineM } from "./rep";
import { REP_VISITS } from "./rep_work";
import { localDate, pullReadable } from "./sync";

export const OUTLET_PULLED = ["territories", "channels", "outlet_classes", "return_reasons", "outlet_proposals"];
export const MAX_NAME = 128;
export const MAX_RETURN_QTY = 100000;

const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id);

/**
 * What is wrong with a proposed outlet, as the server would answer it: ``{field, message}`` or
 * null. The screen shows it and keeps the form.
 */
export function proposalProblem(values, { territoryCount = 0 } = {}) {
    const name = (values.name || "").trim();
    if (!name) {
        return { field: "name", message: "Type the outlet's name." };
    }
    if (name.length > MAX_NAME) {
        return { field: "name", message: `The name is too long (${MAX_NAME} characters at most).` };
    }
    if (territoryCount > 1 && !values.territory_id) {
        return { field: "territory_id", message: "Choose the outlet's territory." };
    }
    const position = values.position;
    if (position && !(Math.abs(position.latitude) <= 90 && Math.abs(position.longitude) <= 180)) {
        return { field: "latitude", message: "The phone's position is not valid: read it again." };
    }
    return null;
}

/**
 * The territory of the outlet nearest to ``position`` among ``outlets`` (pulled, with
 * coordinates) whose territory is one of ``territoryIds``: a good guess for a new shop nearby.
 */
export function nearestTerritory(outlets, position, territoryIds) {
    const allowed = new Set(territoryIds);
    let best = null;
    let bestDistance = Infinity;
    for (const outlet of outlets) {
        if (!allowed.has(outlet.dms_territory_id) || !(outlet.partner_latitude || outlet.partner_longitude)) {
            continue;
        }
        const distance = haversineM(
            position.latitude,
            position.longitude,
            outlet.partner_latitude,
            outlet.partner_longitude
        );
        if (distance < bestDistance) {
            best = outlet.dms_territory_id;
            bestDistance = distance;
        }
    }
    return best;
}

/** What is wrong with a return's lines (``{field, message}``), or null. */
export function returnProblem(lines) {
    if (!lines.length) {
        return { field: "lines", message: "Add the products the outlet returns." };
    }
    for (const [i, line] of lines.entries()) {
        if (!(line.qty > 0 && line.qty <= MAX_RETURN_QTY)) {
            return { field: `lines[${i}].qty`, message: `${line.name || "A product"}: type the quantity returned.` };
        }
        if (!line.reason_id) {
            return { field: `lines[${i}].reason_id`, message: `${line.name || "A product"}: choose why it is returned.` };
        }
    }
    return null;
}

export class RepOutlets {
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

    /** Pull the lists; a resource the user may not read (403, e.g. a driver) is skipped. */
    async sync() {
        for (const resource of OUTLET_PULLED) {
            await pullReadable(this.api, this.store, resource);
        }
    }

    /** The territory to propose a shop at ``position`` in (see ``nearestTerritory``), or null. */
    async guessTerritory(position, territoryIds) {
        return nearestTerritory(await this.store.getAll("outlets"), position, territoryIds);
    }

    /** What the new-outlet and return screens choose from, sorted for the eye. */
    async choices() {
        const [territories, channels, classes, reasons] = await Promise.all(
            ["territories", "channels", "outlet_classes", "return_reasons"].map((n) => this.store.getAll(n))
        );
        const active = (records) => records.filter((r) => r.active !== false);
        return {
            territories: active(territories).sort((a, b) =>
                a.complete_name < b.complete_name ? -1 : a.complete_name > b.complete_name ? 1 : 0
            ),
            channels: active(channels).sort(byName),
            classes: active(classes).sort(byName),
            reasons: active(reasons).sort((a, b) => a.sequence - b.sequence || a.id - b.id),
        };
    }

    /**
     * Propose a new outlet: queued at once. Refused (an Error with ``field``) when invalid.
     *
     * @param {{name: string, owner?: string, phone?: string, territory_id?: number,
     *          channel_id?: number, outlet_class_id?: number, street?: string, city?: string,
     *          position?: {latitude: number, longitude: number, accuracy?: number}|null,
     *          photo?: string|null}} values
     */
    async propose(values) {
        return this.outbox.add("outlet_proposals", this._proposalPayload(values));
    }

    /** A proposal the server refused, corrected: the same uuid, the new values, resent. */
    async resendProposal(uuid, values) {
        return this.outbox.retry(uuid, this._proposalPayload(values));
    }

    _proposalPayload(values) {
        const problem = proposalProblem(values, { territoryCount: values.territoryCount || 0 });
        if (problem) {
            throw Object.assign(new Error(problem.message), { field: problem.field });
        }
        const payload = { name: values.name.trim() };
        for (const key of ["owner", "phone", "street", "city"]) {
            const text = (values[key] || "").trim();
            if (text) {
                payload[key] = text;
            }
        }
        for (const key of ["territory_id", "channel_id", "outlet_class_id"]) {
            if (values[key]) {
                payload[key] = values[key];
            }
        }
        if (values.position) {
            payload.latitude = values.position.latitude;
            payload.longitude = values.position.longitude;
            if (values.position.accuracy != null) {
                payload.accuracy = Math.round(values.position.accuracy);
            }
        }
        if (values.photo) {
            payload.photo = values.photo;
        }
        return payload;
    }

    /**
     * The rep's proposed outlets: those in the outbox first (waiting, or refused with the
     * server's message), then the server's with their state (proposed, approved, rejected).
     */
    async proposals() {
        const [pulled, queued] = await Promise.all([this.store.getAll("outlet_proposals"), this.outbox.list()]);
        const mine = queued
            .filter((r) => r.resource === "outlet_proposals" && r.owner === this.outbox.owner)
            .map((r) => ({
                key: r.uuid,
                id: null,
                name: r.payload.name,
                state: r.state === "failed" ? "failed" : "waiting",
                message: r.error?.message || "",
                duplicates: 0,
            }));
        const queuedUuids = new Set(queued.map((r) => r.uuid));
        const server = pulled
            .filter((o) => o.active !== false && !queuedUuids.has(o.client_uuid))
            .sort((a, b) => b.id - a.id)
            .map((o) => ({
                key: String(o.id),
                id: o.id,
                name: o.name,
                state: o.dms_outlet_state,
                message: "",
                duplicates: (o.dms_duplicate_ids || []).length,
            }));
        return [...mine.reverse(), ...server];
    }

    /**
     * Goods the outlet gives back: queued at once (a draft return for its distributor). Refused
     * (an Error with ``field``) when a line has no quantity or reason.
     *
     * @param {number} outletId
     * @param {Array<{product_id: number, qty: number, reason_id: number, name?: string}>} lines
     * @param {{note?: string}} [extra]
     */
    async saveReturn(outletId, lines, { note = "" } = {}) {
        const problem = returnProblem(lines);
        if (problem) {
            throw Object.assign(new Error(problem.message), { field: problem.field });
        }
        const payload = {
            outlet_id: outletId,
            date: this.now().toISOString(),
            lines: lines.map((l) => ({ product_id: l.product_id, qty: l.qty, reason_id: l.reason_id })),
        };
        if (note.trim()) {
            payload.note = note.trim();
        }
        return this.outbox.add("stock_returns", payload);
    }

    /**
     * A visit of an outlet with none planned today (a new outlet, proposed or approved): shaped
     * like the day's visits, keyed by the outlet's id made negative (the visit screen and
     * ``RepWork`` keep its state under that key; checking out pushes it with ``outlet_id``).
     */
    async unplannedVisit(outletId, local = null) {
        const outlet = await this.store.get("outlets", outletId);
        return {
            id: -outletId,
            partner_id: outletId,
            is_planned: false,
            state: local ? (local.check_out ? "done" : "in_progress") : "planned",
            outlet: outlet || null,
            beat: null,
            local: local || undefined,
        };
    }

    /**
     * Today's unplanned visits on the phone (checked in on ``date``), except those the server
     * already returns among the day's visits (same uuid).
     */
    async unplannedVisits(date, visits) {
        const known = new Set(visits.map((v) => v.client_uuid).filter(Boolean));
        const locals = (await this.store.getAll(REP_VISITS)).filter(
            (l) => l.visit_id < 0 && !known.has(l.uuid) && localDate(new Date(l.check_in.time)) === date
        );
        return Promise.all(locals.map((l) => this.unplannedVisit(l.outlet_id, l)));
    }

    /** The returns of ``outletId`` still on the phone (waiting or refused). */
    async queuedReturns(outletId) {
        return (await this.outbox.list()).filter(
            (r) => r.resource === "stock_returns" && r.payload.outlet_id === outletId && r.owner === this.outbox.owner
        );
    }
}
