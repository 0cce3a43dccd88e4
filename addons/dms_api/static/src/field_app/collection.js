/**
 * Money received in the field, by a rep at a visit or by a driver at the door: what the form
 * checks before queuing (as the server will), and the sync API's record (resource
 * ``collections``). Cash, a cheque (its number), or mobile money (provider and transaction id,
 * unique per provider: one already waiting in this phone's outbox is refused here, one already
 * recorded on the server comes back as the record's error, to correct and send again).
 *
 * Plain JavaScript without Odoo imports: the screen and the Hoot tests use the same functions.
 */

import { pullReadable } from "./sync";

export const COLLECTIONS = "collections";
export const PROVIDERS = "mobile_providers";
export const DOOR_COLLECTIONS = "door_collections"; // a driver's collections the server accepted
export const METHODS = ["cash", "cheque", "mobile"];

/** Pull the mobile money providers (reps and drivers); a user who may not read them gets none. */
export async function syncProviders(api, store) {
    return (await pullReadable(api, store, PROVIDERS)) || 0;
}

/** The providers to offer, in the server's order (sequence, name), archived ones left out. */
export function activeProviders(providers) {
    return providers
        .filter((p) => p.active !== false)
        .sort((a, b) => a.sequence - b.sequence || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** An amount as typed ("1 250,5") rounded to cents; 0 when it is not a number. */
export function parseAmount(text) {
    const value = Number(String(text ?? "").replace(/\s/g, "").replace(",", "."));
    return Number.isFinite(value) ? Math.round(value * 100) / 100 : 0;
}

/**
 * What is wrong with the form, by the server's rules (empty: nothing), as ``{field, message}``.
 *
 * @param {{amount: number, method: string, cheque_number?: string, mobile_provider_id?: number,
 *          mobile_transaction_id?: string}} values
 * @param {object[]} queued the outbox's records (a transaction id waiting there is taken)
 * @param {string|null} ownUuid the record being corrected (its own id is not a duplicate)
 */
export function collectionProblem(values, queued = [], ownUuid = null) {
    if (!(values.amount > 0)) {
        return { field: "amount", message: "Type the amount received." };
    }
    if (!METHODS.includes(values.method)) {
        return { field: "method", message: "Choose how it was paid." };
    }
    if (values.method === "cheque" && !(values.cheque_number || "").trim()) {
        return { field: "cheque_number", message: "Type the cheque's number." };
    }
    if (values.method === "mobile") {
        if (!values.mobile_provider_id) {
            return { field: "mobile_provider_id", message: "Choose the mobile money provider." };
        }
        const txId = (values.mobile_transaction_id || "").trim();
        if (!txId) {
            return { field: "mobile_transaction_id", message: "Type the transaction id of the payment." };
        }
        const taken = queued.some(
            (r) =>
                r.resource === COLLECTIONS &&
                r.uuid !== ownUuid &&
                r.payload.method === "mobile" &&
                r.payload.mobile_provider_id === values.mobile_provider_id &&
                (r.payload.mobile_transaction_id || "").trim().toUpperCase() === txId.toUpperCase()
        );
        if (taken) {
            return {
                field: "mobile_transaction_id",
                message: "This transaction id is already recorded on this phone for this provider.",
            };
        }
    }
    return null;
}

/**
 * The ``collections`` record of the form (without its uuid: the outbox gives it). Fields of
 * another method are left out; ``picking_id`` names a driver's stop, ``invoice_ids`` the bills
 * ticked (the principal's invoices or a distributor's bills, of one biller).
 */
export function collectionPayload(partnerId, values) {
    const payload = { partner_id: partnerId, amount: values.amount, method: values.method };
    const keys = ["date", "note"];
    if (values.method === "cheque") {
        keys.push("cheque_number", "cheque_bank", "cheque_date");
    } else if (values.method === "mobile") {
        keys.push("mobile_provider_id", "mobile_transaction_id", "mobile_sender");
    }
    for (const key of keys) {
        const value = typeof values[key] === "string" ? values[key].trim() : values[key];
        if (value) {
            payload[key] = value;
        }
    }
    if (values.picking_id) {
        payload.picking_id = values.picking_id;
    }
    if (values.invoice_ids?.length) {
        payload.invoice_ids = [...values.invoice_ids]; // the bills it pays; none: the oldest
    }
    return payload;
}

/** The form's values from a queued record (to correct one the server refused). */
export function collectionForm(payload) {
    return {
        amount: String(payload.amount),
        method: payload.method,
        cheque_number: payload.cheque_number || "",
        cheque_bank: payload.cheque_bank || "",
        cheque_date: payload.cheque_date || "",
        mobile_provider_id: payload.mobile_provider_id || null,
        mobile_transaction_id: payload.mobile_transaction_id || "",
        mobile_sender: payload.mobile_sender || "",
        note: payload.note || "",
        invoice_ids: payload.invoice_ids || [],
    };
}

/**
 * What a driver collected at each stop: ``{stop id: {amount, count, waiting, failed}}`` from the
 * outbox's records (``waiting``: not sent yet; ``failed``: one refused) and the door collections
 * the server accepted (``sent``: kept on the device, ``DOOR_COLLECTIONS``).
 */
export function doorCollections(queued, sent = []) {
    const byStop = {};
    const row = (stopId) => (byStop[stopId] ||= { amount: 0, count: 0, waiting: 0, failed: false });
    for (const record of queued) {
        const stopId = record.resource === COLLECTIONS && record.payload.picking_id;
        if (stopId) {
            const line = row(stopId);
            line.amount += record.payload.amount;
            line.count += 1;
            line.waiting += 1;
            line.failed ||= record.state === "failed";
        }
    }
    for (const done of sent) {
        const line = row(done.picking_id);
        line.amount += done.amount;
        line.count += 1;
    }
    return byStop;
}
