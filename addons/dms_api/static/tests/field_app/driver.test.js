import { describe, expect, test } from "@odoo/hoot";

import {
    fitWithin,
    legDistances,
    navigateUrl,
    newProof,
    orderStops,
    proofOutcome,
    proofPayload,
    proofProblems,
    routeDrawing,
    stopStatus,
} from "@dms_api/field_app/driver";

describe.current.tags("headless");

const DEPOT = { name: "Padma", latitude: 23.7808, longitude: 90.417 };

function stop(id, seq, lines = [], extra = {}) {
    return {
        id,
        name: `WH/OUT/${id}`,
        batch_id: 5,
        dms_stop_sequence: seq,
        state: "assigned",
        dms_delivery_state: false,
        trip: { name: "BATCH/1", scheduled_date: "2026-03-02 03:00:00" },
        depot: DEPOT,
        outlet: { name: `Outlet ${id}`, latitude: 23.79 + id / 1000, longitude: 90.40 + id / 1000 },
        lines,
        ...extra,
    };
}

const SOAP = { id: 11, product: "Soap", lot: "L1", quantity: 96, uom: "Units", rounding: 1 };
const SHAMPOO = { id: 12, product: "Shampoo", lot: "", quantity: 10, uom: "Units", rounding: 1 };

test("stops come in route order: trip, then stop number, unnumbered last", () => {
    const stops = [stop(3, 0), stop(1, 2), stop(2, 1), stop(4, 1, [], { batch_id: 9 })];
    expect(orderStops(stops).map((s) => s.id)).toEqual([2, 1, 3, 4]);
});

test("a new proof delivers everything loaded; a full delivery needs a signature or a photo", () => {
    const proof = newProof(stop(1, 1, [SOAP, SHAMPOO]));
    expect(proof.lines.map((l) => [l.move_line_id, l.loaded, l.delivered])).toEqual([
        [11, 96, 96],
        [12, 10, 10],
    ]);
    expect(proofOutcome(proof.lines)).toBe("delivered");
    expect(proofProblems(proof).map((p) => p.field)).toEqual(["signature"]);
    proof.signature = "iVBORw0KGgo=";
    expect(proofProblems(proof)).toEqual([]);
});

test("a short line needs its own reason; more than loaded or no number is refused", () => {
    const proof = newProof(stop(1, 1, [SOAP, SHAMPOO]));
    proof.lines[0].delivered = 72;
    expect(proofOutcome(proof.lines)).toBe("partial");
    expect(proofProblems(proof)).toEqual([
        { line: 0, field: "reason_id", message: "Soap: why was it not all delivered?" },
    ]);
    proof.lines[0].reason_id = 2;
    expect(proofProblems(proof)).toEqual([], { message: "partial: no signature required" });
    proof.lines[1].delivered = 11;
    expect(proofProblems(proof).map((p) => [p.line, p.field])).toEqual([[1, "delivered"]]);
    proof.lines[1].delivered = NaN;
    expect(proofProblems(proof).map((p) => [p.line, p.field])).toEqual([[1, "delivered"]]);
    proof.lines[1].delivered = -1;
    expect(proofProblems(proof).map((p) => [p.line, p.field])).toEqual([[1, "delivered"]]);
});

test("nothing delivered is a failed stop", () => {
    const proof = newProof(stop(1, 1, [SOAP]));
    proof.lines[0].delivered = 0;
    proof.lines[0].reason_id = 1;
    expect(proofOutcome(proof.lines)).toBe("failed");
    expect(proofProblems(proof)).toEqual([]);
});

test("the API record: every line, a reason only on short ones, media and note when given", () => {
    const s = stop(7, 1, [SOAP, SHAMPOO]);
    const proof = newProof(s);
    proof.lines[0].delivered = 72;
    proof.lines[0].reason_id = 3;
    proof.lines[1].reason_id = 4; // chosen, then the line set back to full: not sent
    proof.signature = "c2ln";
    proof.note = "  Back door  ";
    const record = proofPayload(s, proof, new Date("2026-03-02T05:10:00Z"));
    expect(record).toEqual({
        picking_id: 7,
        delivered_at: "2026-03-02T05:10:00.000Z",
        lines: [
            { move_line_id: 11, delivered_qty: 72, reason_id: 3 },
            { move_line_id: 12, delivered_qty: 10 },
        ],
        signature: "c2ln",
        note: "Back door",
    });
    // the outcome read back from the queued record, against the stop's loaded quantities
    expect(proofOutcome(record.lines, s)).toBe("partial");
});

test("a stop's status: the server's, else its queued proof, else to deliver", () => {
    const s = stop(7, 1, [SOAP]);
    expect(stopStatus(s)).toEqual({ state: "todo", pending: false, failed: false });
    const queued = {
        state: "pending",
        payload: { picking_id: 7, lines: [{ move_line_id: 11, delivered_qty: 50, reason_id: 1 }] },
    };
    expect(stopStatus(s, queued)).toEqual({ state: "partial", pending: true, failed: false });
    expect(stopStatus(s, { ...queued, state: "failed" }).failed).toBe(true);
    expect(stopStatus({ ...s, state: "done", dms_delivery_state: "partial" }, queued)).toEqual({
        state: "partial",
        pending: false,
        failed: false,
    });
    expect(stopStatus({ ...s, state: "cancel" }).state).toBe("failed");
});

test("legs: the optimiser's km, else as the crow flies from the previous point", () => {
    const a = stop(1, 1, [], { dms_distance_prev_km: 2.5 });
    const b = stop(2, 2);
    const legs = legDistances([a, b]);
    expect(legs.get(1)).toBe(2.5);
    expect(legs.get(2)).toBeWithin(0.1, 0.2); // 0.001 deg each way, ~0.15 km
});

test("navigate: coordinates, else the address", () => {
    expect(navigateUrl({ latitude: 23.79, longitude: 90.4 })).toBe(
        "https://www.google.com/maps/dir/?api=1&travelmode=driving&destination=23.79%2C90.4"
    );
    expect(navigateUrl({ latitude: 0, longitude: 0, street: "12 Road", city: "Dhaka" })).toInclude(
        "destination=12%20Road%2C%20Dhaka"
    );
    expect(navigateUrl({ latitude: 0, longitude: 0 })).toBe(null);
});

test("the route drawing stays inside the picture, north up, from the depot and back", () => {
    const stops = [stop(1, 1), stop(20, 2)];
    const drawing = routeDrawing(stops, 300, 200);
    for (const p of [drawing.depot, ...drawing.points]) {
        expect(p.x).toBeWithin(0, 300);
        expect(p.y).toBeWithin(0, 200);
    }
    expect(drawing.points.map((p) => p.seq)).toEqual([1, 2]);
    // stop 20 is further north (higher latitude) than stop 1: higher on the picture
    expect(drawing.points[1].y).toBeLessThan(drawing.points[0].y);
    expect(drawing.depot.y).toBeGreaterThan(drawing.points[0].y, { message: "the depot is the southernmost" });
    expect(drawing.path.startsWith(`M${drawing.depot.x} ${drawing.depot.y}`)).toBe(true);
    expect(drawing.path.endsWith(`L${drawing.depot.x} ${drawing.depot.y}`)).toBe(true);
    expect(routeDrawing([{ ...stop(1, 1), depot: null, outlet: {} }]).points).toEqual([]);
});

test("photos are brought within 1280 px, keeping their shape", () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1280, height: 960 });
    expect(fitWithin(1000, 2000)).toEqual({ width: 640, height: 1280 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
});
