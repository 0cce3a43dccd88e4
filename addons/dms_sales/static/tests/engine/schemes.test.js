import { describe, expect, globals, test } from "@odoo/hoot";

import { applySchemes, orderTotals, roundAmount } from "@dms_sales/engine/schemes";

describe.current.tags("headless");

/**
 * The shared vectors: baskets with what the Python engine gives (written by
 * ``python3 addons/dms_sales/tests/scheme_vectors.py``, checked against the Python engine by
 * ``tests/test_scheme_vectors.py``). Fetched with the real fetch: the test environment mocks the
 * global one.
 */
let vectorsPromise = null;
function loadVectors() {
    const realFetch = globals.fetch; // called on its own: fetch needs the window as receiver
    vectorsPromise ||= realFetch("/dms_sales/static/tests/engine/scheme_vectors.json").then(
        (response) => {
            if (!response.ok) {
                throw new Error(`scheme vectors: HTTP ${response.status}`);
            }
            return response.json();
        }
    );
    return vectorsPromise;
}

/** The JS engine's answer in the vectors' shape (the Python ``run_vector``). */
function runVector(vector) {
    let result;
    try {
        result = applySchemes(vector.lines, vector.schemes, vector.rounding);
    } catch (error) {
        return { error: error.message };
    }
    const totals = orderTotals(vector.lines, result, vector.rounding);
    return {
        lines: [...result.lines.values()].map(({ line_id, amount, percent, scheme_ids }) => ({
            line_id,
            amount,
            percent,
            scheme_ids,
        })),
        free_goods: result.free_goods,
        applied_scheme_ids: result.applied_scheme_ids,
        totals: {
            gross: totals.gross,
            discount: totals.discount,
            net: totals.net,
            free_goods: totals.free_goods,
        },
    };
}

/**
 * Same value, float for float: both engines round to the same decimal and read it back as the
 * nearest double, so amounts compare exactly (no tolerance); -0 and 0 are equal, as in Python.
 */
function same(a, b) {
    if (typeof a === "number" && typeof b === "number") {
        return a === b || (Number.isNaN(a) && Number.isNaN(b));
    }
    if (Array.isArray(a) || Array.isArray(b)) {
        return (
            Array.isArray(a) &&
            Array.isArray(b) &&
            a.length === b.length &&
            a.every((item, i) => same(item, b[i]))
        );
    }
    if (a && b && typeof a === "object" && typeof b === "object") {
        const keys = Object.keys(a);
        return (
            keys.length === Object.keys(b).length &&
            keys.every((key) => key in b && same(a[key], b[key]))
        );
    }
    return a === b;
}

test("gives the Python engine's result for every basket of the shared vectors", async () => {
    const { vectors } = await loadVectors();
    expect(vectors.length).toBeGreaterThan(999);
    const wrong = [];
    for (const vector of vectors) {
        const got = runVector(vector);
        if (!same(got, vector.expected)) {
            wrong.push({ n: vector.n, got, expected: vector.expected });
        }
    }
    // the list (empty when all agree) names the baskets that differ, with both answers
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(wrong.length).toBe(0);
});

test("rounds every amount of the shared vectors as Python's decimal does", async () => {
    const { rounding } = await loadVectors();
    expect(rounding.length).toBeGreaterThan(499);
    const wrong = rounding
        .map(({ amount, rounding: step, expected }) => ({
            amount,
            step,
            expected,
            got: roundAmount(amount, step),
        }))
        .filter(({ got, expected }) => got !== expected);
    expect(wrong.slice(0, 5)).toEqual([]);
});

test("rounds half-up in decimal, where float arithmetic would not", () => {
    // 1.005 is stored as 1.00499999999999989...: Math.round(1.005 * 100) / 100 gives 1
    expect(Math.round(1.005 * 100) / 100).toBe(1);
    expect(roundAmount(1.005, 0.01)).toBe(1.01);
    expect(roundAmount(2.675, 0.01)).toBe(2.68);
    expect(roundAmount(-2.5, 1)).toBe(-3);
    expect(roundAmount(0.125, 0.05)).toBe(0.15);
    expect(roundAmount(1234.565, 0.01)).toBe(1234.57);
    expect(() => roundAmount(1, 0)).toThrow(/rounding must be positive/);
});

test("applies a readable basket: stacked slabs, free goods, an exclusive combo left out", () => {
    const lines = [
        { id: 1, product_id: 1, qty: 24, price_unit: 10.05, units_per_case: 12 },
        { id: 2, product_id: 2, qty: 6, price_unit: 40 },
    ];
    const schemes = [
        {
            id: 10,
            rule_type: "qty_slab",
            stackable: true,
            product_ids: [1],
            qty_uom: "case",
            slabs: [{ threshold: 2, value: 10 }],
        },
        {
            id: 11,
            rule_type: "value_slab",
            priority: 1,
            stackable: true,
            slabs: [{ threshold: 100, value: 1 }],
        },
        {
            id: 12,
            rule_type: "free_goods",
            stackable: true,
            product_ids: [2],
            buy_qty: 6,
            get_product_id: 2,
            get_qty: 1,
        },
        {
            id: 13,
            rule_type: "combo",
            percent: 5,
            combo: [
                { product_id: 1, min_qty: 1 },
                { product_id: 2, min_qty: 1 },
            ],
        },
    ];
    const result = applySchemes(lines, schemes);
    // priority 1 first: 1% of 241.20 (2.41) and of 240 (2.40); then 10% of line 1 (24.12) on top;
    // the exclusive combo skips lines an earlier scheme gave something on
    expect([...result.lines.values()].map((d) => [d.line_id, d.amount, d.scheme_ids])).toEqual([
        [1, 26.53, [11, 10]],
        [2, 2.4, [11]],
    ]);
    expect(result.free_goods).toEqual([{ product_id: 2, qty: 1, scheme_id: 12 }]);
    expect(result.applied_scheme_ids).toEqual([11, 10, 12]);
    expect(orderTotals(lines, result)).toEqual({
        gross: 481.2,
        discount: 28.93,
        net: 452.27,
        free_goods: [[2, 1]],
    });
});
