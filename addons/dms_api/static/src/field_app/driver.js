/**
 * The driver's day, as plain functions over plain data: the stops of their trips in route order,
 * the distances and the route drawn as an SVG, and the proof of delivery of a stop (quantities
 * per line, a reason per short line, signature and photo) checked as the server checks it and
 * turned into the sync API's record (resource ``stops``).
 *
 * Plain JavaScript without Odoo imports: the screens and the Hoot tests use the same functions.
 */

import { pullResource } from "./sync";

export const STOPS = "stops";
export const REASONS = "delivery_reasons";
export const SVG_WIDTH = 358;
export const SVG_HEIGHT = 200;
const SVG_PAD = 18;

/**
 * Pull the driver's stops and the reasons a stop may fall short (for a rep without trips: none).
 *
 * @param {import("./api").ApiClient} api
 * @param {import("./store").Store} store
 */
export async function syncDriver(api, store) {
    return {
        stops: await pullResource(api, store, STOPS),
        reasons: await pullResource(api, store, REASONS),
    };
}

/**
 * Stops in route order: trip by trip (planned departure, then id), then the optimiser's stop
 * number (stops without one last), then id.
 *
 * @param {object[]} stops records of the ``stops`` resource
 */
export function orderStops(stops) {
    const big = Number.MAX_SAFE_INTEGER;
    return [...stops].sort(
        (a, b) =>
            (a.trip?.scheduled_date || "").localeCompare(b.trip?.scheduled_date || "") ||
            (a.batch_id || 0) - (b.batch_id || 0) ||
            (a.dms_stop_sequence || big) - (b.dms_stop_sequence || big) ||
            a.id - b.id
    );
}

/**
 * The stop's outcome as the driver sees it: the server's once it has it, else the proof waiting in
 * the outbox (``pending``), else still to deliver.
 *
 * @param {object} stop
 * @param {object|null} queued the outbox record of its proof, if any
 * @returns {{state: "todo"|"delivered"|"partial"|"failed", pending: boolean, failed: boolean}}
 */
export function stopStatus(stop, queued = null) {
    if (stop.dms_delivery_state) {
        return { state: stop.dms_delivery_state, pending: false, failed: false };
    }
    if (stop.state === "done") {
        return { state: "delivered", pending: false, failed: false };
    }
    if (stop.state === "cancel") {
        return { state: "failed", pending: false, failed: false };
    }
    if (queued) {
        return {
            state: proofOutcome(queued.payload.lines, stop),
            pending: true,
            failed: queued.state === "failed",
        };
    }
    return { state: "todo", pending: false, failed: false };
}

/** Great-circle distance in km between two {latitude, longitude}. */
export function haversineKm(a, b) {
    const rad = (deg) => (deg * Math.PI) / 180;
    const dLat = rad(b.latitude - a.latitude);
    const dLng = rad(b.longitude - a.longitude);
    const h =
        Math.sin(dLat / 2) ** 2 +
        Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
    return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function located(point) {
    return Boolean(point && (point.latitude || point.longitude));
}

/**
 * Km from the previous stop (or the depot): the optimiser's road distance, else as the crow flies.
 *
 * @param {object[]} ordered stops in route order
 * @returns {Map<number, number|null>}
 */
export function legDistances(ordered) {
    const legs = new Map();
    let previous = ordered[0]?.depot || null;
    for (const stop of ordered) {
        let km = stop.dms_distance_prev_km || null;
        if (!km && located(previous) && located(stop.outlet)) {
            km = haversineKm(previous, stop.outlet);
        }
        legs.set(stop.id, km);
        previous = stop.outlet;
    }
    return legs;
}

/** A link that opens the phone's maps app with directions to the outlet (by coordinates, else address). */
export function navigateUrl(outlet) {
    const base = "https://www.google.com/maps/dir/?api=1&travelmode=driving&destination=";
    if (located(outlet)) {
        return base + encodeURIComponent(`${outlet.latitude},${outlet.longitude}`);
    }
    const address = [outlet?.street, outlet?.city].filter(Boolean).join(", ");
    return address ? base + encodeURIComponent(address) : null;
}

/**
 * The route as an SVG drawing (no map tiles: it works offline): the depot and the located stops
 * projected into ``width`` x ``height`` (equirectangular, north up, same scale both ways), joined
 * in route order from the depot and back.
 *
 * @param {object[]} ordered stops in route order (with ``outlet`` and ``depot``)
 * @returns {{width, height, depot: {x, y}|null, points: {id, seq, x, y}[], path: string}}
 */
export function routeDrawing(ordered, width = SVG_WIDTH, height = SVG_HEIGHT) {
    const depot = ordered.find((s) => located(s.depot))?.depot || null;
    const stops = ordered.filter((s) => located(s.outlet));
    const all = [...(depot ? [depot] : []), ...stops.map((s) => s.outlet)];
    if (!all.length) {
        return { width, height, depot: null, points: [], path: "" };
    }
    const meanLat = all.reduce((sum, p) => sum + p.latitude, 0) / all.length;
    const kx = Math.cos((meanLat * Math.PI) / 180);
    const xs = all.map((p) => p.longitude * kx);
    const ys = all.map((p) => p.latitude);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const spanX = maxX - minX || 1e-6;
    const spanY = maxY - minY || 1e-6;
    const scale = Math.min((width - 2 * SVG_PAD) / spanX, (height - 2 * SVG_PAD) / spanY);
    const offsetX = (width - spanX * scale) / 2;
    const offsetY = (height - spanY * scale) / 2;
    const project = (p) => ({
        x: Math.round((offsetX + (p.longitude * kx - minX) * scale) * 10) / 10,
        y: Math.round((height - offsetY - (p.latitude - minY) * scale) * 10) / 10,
    });
    const depotPoint = depot ? project(depot) : null;
    const points = stops.map((stop, index) => ({
        id: stop.id,
        seq: ordered.indexOf(stop) + 1,
        ...project(stop.outlet),
        index,
    }));
    const line = [...(depotPoint ? [depotPoint] : []), ...points, ...(depotPoint ? [depotPoint] : [])];
    const path = line.map((p, i) => `${i ? "L" : "M"}${p.x} ${p.y}`).join(" ");
    return { width, height, depot: depotPoint, points, path };
}

// Proof of delivery -------------------------------------------------------------------------

function roundTo(value, rounding = 0.01) {
    const digits = Math.max(0, Math.ceil(-Math.log10(rounding || 0.01)));
    return Number((Math.round(value / (rounding || 0.01)) * (rounding || 0.01)).toFixed(digits));
}

/** A new proof for ``stop``: every line delivered in full, nothing signed or photographed yet. */
export function newProof(stop) {
    return {
        lines: (stop.lines || []).map((line) => ({
            move_line_id: line.id,
            product: line.product,
            lot: line.lot,
            uom: line.uom,
            rounding: line.rounding || 0.01,
            loaded: line.quantity,
            delivered: line.quantity,
            reason_id: null,
        })),
        signature: null, // PNG, base64 (no data: prefix)
        photo: null, // JPEG, base64
        note: "",
    };
}

/** Whether a line of the proof delivers less than was loaded. */
export function isShort(line) {
    return roundTo(line.delivered, line.rounding) < roundTo(line.loaded, line.rounding);
}

/**
 * Delivered, partly delivered or failed (nothing delivered), from a proof's or a payload's lines.
 *
 * @param {{delivered?: number, delivered_qty?: number, loaded?: number, move_line_id: number}[]} lines
 * @param {object} [stop] for payload lines: the stop, whose lines give the loaded quantities
 */
export function proofOutcome(lines, stop = null) {
    const loadedOf = new Map((stop?.lines || []).map((l) => [l.id, l.quantity]));
    const rows = lines.map((line) => ({
        delivered: line.delivered ?? line.delivered_qty,
        loaded: line.loaded ?? loadedOf.get(line.move_line_id) ?? 0,
        rounding: line.rounding || 0.01,
    }));
    if (rows.every((row) => roundTo(row.delivered, row.rounding) <= 0)) {
        return "failed";
    }
    return rows.some(isShort) ? "partial" : "delivered";
}

/**
 * What is wrong with a proof, as the server would refuse it: ``[{line?: index, field, message}]``,
 * empty when it can be recorded.
 *
 * @param {ReturnType<typeof newProof>} proof
 */
export function proofProblems(proof) {
    const problems = [];
    if (!proof.lines.length) {
        problems.push({ field: "lines", message: "This stop has no goods to deliver." });
    }
    proof.lines.forEach((line, index) => {
        const qty = line.delivered;
        if (typeof qty !== "number" || Number.isNaN(qty) || qty < 0 || roundTo(qty, line.rounding) > roundTo(line.loaded, line.rounding)) {
            problems.push({
                line: index,
                field: "delivered",
                message: `${line.product}: between 0 and ${line.loaded}.`,
            });
        } else if (isShort(line) && !line.reason_id) {
            problems.push({
                line: index,
                field: "reason_id",
                message: `${line.product}: why was it not all delivered?`,
            });
        }
    });
    const short = proof.lines.some(isShort);
    if (!problems.length && !short && !proof.signature && !proof.photo) {
        problems.push({ field: "signature", message: "The customer signs, or take a photo." });
    }
    return problems;
}

/**
 * The sync API's record for the proof (``POST /dms/api/v1/stops``); the outbox gives it its uuid.
 *
 * @param {object} stop
 * @param {ReturnType<typeof newProof>} proof
 * @param {Date} [now]
 */
export function proofPayload(stop, proof, now = new Date()) {
    const record = {
        picking_id: stop.id,
        delivered_at: now.toISOString(),
        lines: proof.lines.map((line) => ({
            move_line_id: line.move_line_id,
            delivered_qty: roundTo(line.delivered, line.rounding),
            ...(isShort(line) ? { reason_id: line.reason_id } : {}),
        })),
    };
    for (const key of ["signature", "photo"]) {
        if (proof[key]) {
            record[key] = proof[key];
        }
    }
    if (proof.note.trim()) {
        record.note = proof.note.trim();
    }
    return record;
}

/** The base64 content of a ``data:`` URL. */
export function dataUrlContent(url) {
    return url.slice(url.indexOf(",") + 1);
}

/**
 * Width and height to draw an image of ``width`` x ``height`` so that neither passes ``max``.
 */
export function fitWithin(width, height, max = 1280) {
    const ratio = Math.min(1, max / Math.max(width, height));
    return { width: Math.round(width * ratio), height: Math.round(height * ratio) };
}
