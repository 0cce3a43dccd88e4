/**
 * The driver's part of the app's state: today's stops and the reasons a stop falls short, as the
 * device's store has them (so it works offline), and the proofs of delivery made on the phone,
 * which go to the outbox (resource ``stops``) and show on their stop until the server has them.
 */

import { reactive } from "@odoo/owl";

import { COLLECTIONS, DOOR_COLLECTIONS, doorCollections } from "./collection";
import { orderStops, proofPayload, REASONS, STOPS, syncDriver } from "./driver";

export class DriverModel {
    /**
     * @param {import("./model").FieldAppModel} model the app's model (store, API client, outbox)
     */
    constructor(model) {
        this.model = model;
        this.state = reactive({
            stops: [], // in route order
            reasons: [],
            queued: {}, // stop id -> outbox record of its proof
            collected: {}, // stop id -> {amount, count, waiting, failed}: collections at its door
            openStopId: null, // the stop whose proof of delivery is open
        });
        model.outbox.addEventListener("change", () => this.load());
        model.outbox.addEventListener("sent", (event) => this._onSent(event.detail));
    }

    /**
     * A proof the server accepted: its stop takes the server's answer at once (state, outcome),
     * rather than showing "to deliver" again until the next pull brings it.
     */
    async _onSent({ record, result }) {
        const store = this.model.store;
        if (record.resource === COLLECTIONS && record.payload.picking_id) {
            // money at a stop's door: still shown on the stop once the server has it
            await store.put(DOOR_COLLECTIONS, {
                id: result.id,
                picking_id: record.payload.picking_id,
                amount: record.payload.amount,
            });
            await this.load();
            return;
        }
        if (record.resource !== STOPS) {
            return;
        }
        const stop = await store.get(STOPS, record.payload.picking_id);
        if (stop && result.record) {
            await store.put(STOPS, { ...stop, ...result.record, client_uuid: record.uuid });
        }
        await this.load();
    }

    /** Read the stops, reasons and queued proofs from the device (works offline). */
    async load() {
        const store = this.model.store;
        const [stops, reasons, outbox, sent] = await Promise.all([
            store.getAll(STOPS),
            store.getAll(REASONS),
            this.model.outbox.list(),
            store.getAll(DOOR_COLLECTIONS),
        ]);
        const queued = {};
        for (const record of outbox) {
            if (record.resource === STOPS) {
                queued[record.payload.picking_id] = record;
            }
        }
        Object.assign(this.state, {
            stops: orderStops(stops),
            reasons: reasons.sort((a, b) => a.sequence - b.sequence || a.id - b.id),
            queued,
            collected: doorCollections(outbox, sent),
        });
    }

    /** Pull the stops and reasons (part of the app's sync); forget the money of stops gone. */
    async pull() {
        const counts = await syncDriver(this.model.api, this.model.store);
        const store = this.model.store;
        const stopIds = new Set((await store.getAll(STOPS)).map((s) => s.id));
        for (const done of await store.getAll(DOOR_COLLECTIONS)) {
            if (!stopIds.has(done.picking_id)) {
                await store.delete(DOOR_COLLECTIONS, done.id);
            }
        }
        return counts;
    }

    get openStop() {
        return this.state.stops.find((s) => s.id === this.state.openStopId) || null;
    }

    open(stopId) {
        this.state.openStopId = stopId;
    }

    close() {
        this.state.openStopId = null;
    }

    /** Collect money at ``stop``'s door (the collection screen; the record names the stop). */
    collect(stop) {
        this.state.openStopId = null;
        Object.assign(this.model.state, { collectStopId: stop.id, editUuid: null, screen: "collect" });
    }

    /**
     * Queue the proof of delivery of ``stop`` (IndexedDB first, with its uuid), back to the stops,
     * and try to send it.
     */
    async record(stop, proof) {
        const record = await this.model.outbox.add(STOPS, proofPayload(stop, proof));
        this.state.queued[stop.id] = record;
        this.close();
        this.model.sync();
        return record;
    }
}
