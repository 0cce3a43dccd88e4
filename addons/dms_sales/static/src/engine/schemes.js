/**
 * Trade scheme arithmetic: a port of ``dms_sales/engine/schemes.py`` to plain JavaScript (no
 * imports), so that the field app applies schemes offline exactly as the server does.
 *
 * Read the Python module's docstring for the semantics. This port follows it line by line and
 * must give the same floats: ``static/tests/engine/scheme_vectors.json`` (written by the Python
 * engine, ``python3 addons/dms_sales/tests/scheme_vectors.py``) is checked against both engines.
 * Where JavaScript and Python differ, the Python behaviour is reproduced:
 *
 * - ``round_amount`` rounds half-up in *decimal* on the shortest repr of the float, like
 *   ``Decimal(repr(x))`` (``Math.round(x * 100) / 100`` rounds 1.005 down, Python gives 1.01);
 *   the division by the rounding step is rounded to 28 significant digits first, as Python's
 *   decimal context does;
 * - ``min``/``max`` return their first argument on ties (``Math.max(-0, 0)`` is 0, Python's
 *   ``max(-0.0, 0.0)`` is -0.0), sorting and ``max`` with a key keep the first of equals;
 * - records are keyed by id in ``Map``s: an object would reorder integer-like keys.
 *
 * Data are plain objects with the Python dataclasses' field names (snake_case, like the sync
 * API's records); missing fields take the dataclasses' defaults.
 *
 * @typedef {{id: number|string, product_id: number, qty: number, price_unit: number,
 *            categ_ids?: number[], units_per_case?: number}} OrderLine
 * @typedef {{threshold: number, value?: number, discount_type?: "percent"|"fixed",
 *            get_product_id?: number|null, get_qty?: number}} Slab  (get_*: a free goods tier)
 * @typedef {{product_id: number, min_qty: number}} ComboComponent
 * @typedef {{id: number|string, rule_type: "qty_slab"|"value_slab"|"free_goods"|"combo",
 *            priority?: number, stackable?: boolean, product_ids?: number[], categ_ids?: number[],
 *            qty_uom?: "unit"|"case", slabs?: Slab[], buy_qty?: number, get_product_id?: number|null,
 *            get_qty?: number, repeating?: boolean, combo?: ComboComponent[], percent?: number}} Scheme
 * @typedef {{line_id: number|string, amount: number, percent: number, scheme_ids: Array<number|string>}} LineDiscount
 * @typedef {{product_id: number, qty: number, scheme_id: number|string}} FreeGood
 * @typedef {{lines: Map<number|string, LineDiscount>, free_goods: FreeGood[],
 *            applied_scheme_ids: Array<number|string>}} Result
 */

export const RULE_TYPES = ["qty_slab", "value_slab", "free_goods", "combo"];
export const QTY_EPSILON = 1e-9;

const DECIMAL_PRECISION = 28; // Python's default decimal context
const SLAB_DEFAULTS = { value: 0.0, discount_type: "percent", get_product_id: null, get_qty: 0.0 };
const SCHEME_DEFAULTS = {
    priority: 10,
    stackable: false,
    product_ids: [],
    categ_ids: [],
    qty_uom: "unit",
    slabs: [],
    buy_qty: 0.0,
    get_product_id: null,
    get_qty: 0.0,
    repeating: true,
    combo: [],
    percent: 0.0,
};

// Python semantics ---------------------------------------------------------------------------

/** Python's ``max(a, b)``: ``a`` unless ``b`` is greater. */
function pyMax(a, b) {
    return b > a ? b : a;
}

/** Python's ``min(a, b)``: ``a`` unless ``b`` is smaller. */
function pyMin(a, b) {
    return b < a ? b : a;
}

/** Floats added left to right (the Python engine's ``_total``). */
function total(values) {
    let sum = 0.0;
    for (const value of values) {
        sum += value;
    }
    return sum;
}

/** Python's ``str()`` of an id (ids are integers or strings). */
function pyStr(value) {
    return String(value);
}

/** Python's ``repr()`` of the values error messages quote. */
function pyRepr(value) {
    if (value === null || value === undefined) {
        return "None";
    }
    if (typeof value === "string") {
        if (value.includes("'") && !value.includes('"')) {
            return `"${value.replace(/\\/g, "\\\\")}"`;
        }
        return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
    }
    if (typeof value === "boolean") {
        return value ? "True" : "False";
    }
    return String(value);
}

/** Compare strings by code point, as Python does (JavaScript compares UTF-16 code units). */
function compareStrings(a, b) {
    const ca = Array.from(a, (c) => c.codePointAt(0));
    const cb = Array.from(b, (c) => c.codePointAt(0));
    for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
        if (ca[i] !== cb[i]) {
            return ca[i] < cb[i] ? -1 : 1;
        }
    }
    return ca.length - cb.length;
}

// Decimal rounding, as Python's decimal module does it ----------------------------------------

const TEN = 10n;

/**
 * The shortest decimal that reads back as ``x`` (JavaScript's ``String(x)`` and Python's
 * ``repr(x)`` both give it): ``{negative, coefficient, exponent}`` with x = ±coefficient·10^exponent.
 */
function decimalOf(x) {
    if (!Number.isFinite(x)) {
        throw new Error(`cannot round ${x}`);
    }
    const [mantissa, exp = "0"] = String(Math.abs(x)).split("e");
    let exponent = parseInt(exp, 10);
    let digits = mantissa;
    const dot = mantissa.indexOf(".");
    if (dot >= 0) {
        exponent -= mantissa.length - dot - 1;
        digits = mantissa.slice(0, dot) + mantissa.slice(dot + 1);
    }
    return { negative: x < 0 || Object.is(x, -0), coefficient: BigInt(digits), exponent };
}

function digitCount(n) {
    return n === 0n ? 1 : n.toString().length;
}

function pow10(n) {
    return TEN ** BigInt(n);
}

/**
 * Round the non-negative ``n / d`` to an integer: half-even when ``halfEven``, else half-up.
 */
function divideRounded(n, d, halfEven) {
    const q = n / d;
    const twice = 2n * (n % d);
    if (twice > d || (twice === d && (!halfEven || q % 2n === 1n))) {
        return q + 1n;
    }
    return q;
}

/**
 * ``coefficient·10^exponent`` rounded half-even to ``DECIMAL_PRECISION`` significant digits.
 */
function toPrecision(coefficient, exponent) {
    const excess = digitCount(coefficient) - DECIMAL_PRECISION;
    if (excess <= 0) {
        return { coefficient, exponent };
    }
    let rounded = divideRounded(coefficient, pow10(excess), true);
    let shift = excess;
    if (digitCount(rounded) > DECIMAL_PRECISION) {
        // 99..9 rounded up to 100..0: one digit too many, and the last one is a zero
        rounded /= TEN;
        shift += 1;
    }
    return { coefficient: rounded, exponent: exponent + shift };
}

/**
 * Round half-up to a multiple of ``rounding`` (e.g. 0.01, 0.05, 1), exactly as the Python engine:
 * ``float((Decimal(repr(amount)) / Decimal(repr(rounding))).quantize(1, ROUND_HALF_UP) * step)``.
 *
 * @param {number} amount
 * @param {number} rounding
 * @returns {number}
 */
export function roundAmount(amount, rounding) {
    if (!(rounding > 0)) {
        throw new Error(`rounding must be positive, got ${pyRepr(rounding)}`);
    }
    const a = decimalOf(amount);
    const step = decimalOf(rounding);
    // Decimal division: the exact quotient rounded half-even to 28 significant digits. Enough
    // digits are computed to round it (and the remainder decides exact halves).
    const scale = DECIMAL_PRECISION + 2 + digitCount(step.coefficient);
    const numerator = a.coefficient * pow10(scale);
    const denominator = step.coefficient;
    let exponent = a.exponent - step.exponent - scale;
    const quotient = numerator / denominator;
    const exact = numerator % denominator === 0n;
    // a non-zero remainder only matters as a tie-breaker below the last digit: keep a sticky digit
    let coefficient = exact ? quotient : quotient * TEN + 1n;
    if (!exact) {
        exponent -= 1;
    }
    ({ coefficient, exponent } = toPrecision(coefficient, exponent));
    // quantize(Decimal(1), ROUND_HALF_UP): ties away from zero, on the magnitude
    let units;
    if (exponent >= 0) {
        units = coefficient * pow10(exponent);
    } else {
        units = divideRounded(coefficient, pow10(-exponent), false);
    }
    if (digitCount(units) > DECIMAL_PRECISION) {
        throw new Error(`cannot round ${amount} to ${rounding}: too many digits`);
    }
    // units * step, rounded to the context's precision, then read as the nearest float
    const product = toPrecision(units * step.coefficient, step.exponent);
    const value = Number(`${product.coefficient}e${product.exponent}`);
    return a.negative ? -value : value;
}

// Data -------------------------------------------------------------------------------------

function lineOf(line) {
    return {
        id: line.id,
        product_id: line.product_id,
        qty: line.qty,
        price_unit: line.price_unit,
        categ_ids: new Set(line.categ_ids || []),
        units_per_case: line.units_per_case ?? 0.0,
    };
}

/** The keys of ``record`` whose value is not undefined (a dataclass's missing field takes its default). */
function definedOf(record) {
    return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function schemeOf(scheme) {
    const result = { ...SCHEME_DEFAULTS };
    for (const [key, value] of Object.entries(scheme)) {
        if (value !== undefined) {
            result[key] = value;
        }
    }
    result.product_ids = new Set(result.product_ids);
    result.categ_ids = new Set(result.categ_ids);
    result.slabs = result.slabs.map((slab) => ({ ...SLAB_DEFAULTS, ...definedOf(slab) }));
    return result;
}

function gross(line) {
    return pyMax(line.qty, 0.0) * pyMax(line.price_unit, 0.0);
}

function measure(line, qtyUom) {
    const qty = pyMax(line.qty, 0.0);
    if (qtyUom === "case") {
        return line.units_per_case && line.units_per_case > 0 ? qty / line.units_per_case : 0.0;
    }
    return qty;
}

function covers(scheme, line) {
    if (scheme.rule_type === "combo") {
        return scheme.combo.some((component) => component.product_id === line.product_id);
    }
    if (!scheme.product_ids.size && !scheme.categ_ids.size) {
        return true;
    }
    if (scheme.product_ids.has(line.product_id)) {
        return true;
    }
    for (const categ of scheme.categ_ids) {
        if (line.categ_ids.has(categ)) {
            return true;
        }
    }
    return false;
}

/**
 * Throw an Error on a scheme the engine cannot apply (the Python ``check_scheme``'s messages).
 *
 * @param {Scheme} rawScheme
 */
export function checkScheme(rawScheme) {
    const scheme = schemeOf(rawScheme);
    const sid = pyStr(scheme.id);
    if (!RULE_TYPES.includes(scheme.rule_type)) {
        throw new Error(`scheme ${sid}: unknown rule type ${pyRepr(scheme.rule_type)}`);
    }
    if (scheme.qty_uom !== "unit" && scheme.qty_uom !== "case") {
        throw new Error(
            `scheme ${sid}: quantity unit must be 'unit' or 'case', got ${pyRepr(scheme.qty_uom)}`
        );
    }
    if (scheme.rule_type === "qty_slab" || scheme.rule_type === "value_slab") {
        if (!scheme.slabs.length) {
            throw new Error(`scheme ${sid}: a slab scheme needs at least one slab`);
        }
        for (const slab of scheme.slabs) {
            if (slab.threshold <= 0 || slab.value <= 0) {
                throw new Error(`scheme ${sid}: slab thresholds and discounts must be positive`);
            }
            if (slab.discount_type !== "percent" && slab.discount_type !== "fixed") {
                throw new Error(
                    `scheme ${sid}: unknown discount type ${pyRepr(slab.discount_type)}`
                );
            }
            if (slab.discount_type === "percent" && slab.value > 100) {
                throw new Error(`scheme ${sid}: a slab percent cannot exceed 100`);
            }
        }
    } else if (scheme.rule_type === "free_goods" && scheme.slabs.length) {
        for (const slab of scheme.slabs) {
            if (slab.threshold <= 0 || slab.get_qty <= 0 || !slab.get_product_id) {
                throw new Error(
                    `scheme ${sid}: a free goods tier needs a positive threshold, a product and a quantity`
                );
            }
        }
    } else if (scheme.rule_type === "free_goods") {
        if (scheme.buy_qty <= 0 || scheme.get_qty <= 0 || !scheme.get_product_id) {
            throw new Error(
                `scheme ${sid}: free goods need a buy quantity, a product and a quantity`
            );
        }
    } else {
        if (!scheme.combo.length || scheme.combo.some((c) => c.min_qty <= 0)) {
            throw new Error(
                `scheme ${sid}: a combo needs components with positive minimum quantities`
            );
        }
        if (!(0 < scheme.percent && scheme.percent <= 100)) {
            throw new Error(`scheme ${sid}: the combo discount must be between 0 and 100 percent`);
        }
    }
}

/**
 * The slab with the highest threshold not above ``reached`` (the first of equals), or null.
 *
 * @param {Slab[]} slabs
 * @param {number} reached
 */
export function bestSlab(slabs, reached) {
    let best = null;
    for (const slab of slabs) {
        if (
            reached + QTY_EPSILON >= slab.threshold &&
            (best === null || slab.threshold > best.threshold)
        ) {
            best = slab;
        }
    }
    return best;
}

function percentAmounts(lines, percent, rounding) {
    return new Map(
        lines.map((line) => [line.id, roundAmount((gross(line) * percent) / 100.0, rounding)])
    );
}

/** Share a fixed amount over lines in proportion to their gross amount. */
function fixedAmounts(lines, amount, rounding) {
    const sum = total(lines.map(gross));
    if (sum <= 0) {
        return new Map();
    }
    amount = pyMin(roundAmount(amount, rounding), sum);
    const shares = new Map(
        lines.map((line) => [line.id, roundAmount((amount * gross(line)) / sum, rounding)])
    );
    // Python's max() with a key: the first line of the greatest (gross, str(id))
    let largest = lines[0];
    for (const line of lines.slice(1)) {
        const [g, best] = [gross(line), gross(largest)];
        if (g > best || (g === best && compareStrings(pyStr(line.id), pyStr(largest.id)) > 0)) {
            largest = line;
        }
    }
    shares.set(
        largest.id,
        pyMax(0.0, roundAmount(shares.get(largest.id) + amount - total(shares.values()), rounding))
    );
    return shares;
}

function slabAmounts(scheme, lines, rounding) {
    const reached =
        scheme.rule_type === "qty_slab"
            ? total(lines.map((line) => measure(line, scheme.qty_uom)))
            : total(lines.map(gross));
    const slab = bestSlab(scheme.slabs, reached);
    if (slab === null) {
        return new Map();
    }
    if (slab.discount_type === "percent") {
        return percentAmounts(lines, slab.value, rounding);
    }
    return fixedAmounts(lines, slab.value, rounding);
}

function comboAmounts(scheme, lines, rounding) {
    const ordered = new Map();
    for (const line of lines) {
        ordered.set(line.product_id, (ordered.get(line.product_id) ?? 0.0) + pyMax(line.qty, 0.0));
    }
    for (const component of scheme.combo) {
        if ((ordered.get(component.product_id) ?? 0.0) + QTY_EPSILON < component.min_qty) {
            return new Map();
        }
    }
    return percentAmounts(lines, scheme.percent, rounding);
}

function freeQty(scheme, lines) {
    const bought = total(lines.map((line) => measure(line, scheme.qty_uom)));
    let times = Math.floor(bought / scheme.buy_qty + QTY_EPSILON);
    if (!scheme.repeating) {
        times = Math.min(times, 1);
    }
    return times * scheme.get_qty;
}

/** [[product id, quantity]] earned under a free-goods scheme, tiered or not (``free_goods``). */
function freeGoodsOf(scheme, lines) {
    if (!scheme.slabs.length) {
        const qty = freeQty(scheme, lines);
        return qty > 0 ? [[scheme.get_product_id, qty]] : [];
    }
    const best = bestSlab(
        scheme.slabs,
        total(lines.map((line) => measure(line, scheme.qty_uom)))
    );
    if (best === null) {
        return [];
    }
    const given = new Map();
    for (const slab of scheme.slabs) {
        if (slab.threshold === best.threshold) {
            given.set(slab.get_product_id, (given.get(slab.get_product_id) ?? 0.0) + slab.get_qty);
        }
    }
    return [...given];
}

/**
 * Free goods earned by ``lines`` under a free-goods scheme, tiered or not: [[product id, qty]].
 *
 * @param {Scheme} scheme
 * @param {OrderLine[]} lines
 */
export function freeGoods(scheme, lines) {
    return freeGoodsOf(schemeOf(scheme), lines.map(lineOf));
}

/**
 * Free quantity earned by ``lines`` under a free-goods scheme without tiers.
 *
 * @param {Scheme} scheme
 * @param {OrderLine[]} lines
 */
export function freeQuantity(scheme, lines) {
    return freeQty(schemeOf(scheme), lines.map(lineOf));
}

/** Priority first, then id (numbers in numeric order, before strings). */
function compareSchemes(a, b) {
    if (a.priority !== b.priority) {
        return a.priority < b.priority ? -1 : 1;
    }
    const aNum = typeof a.id === "number";
    const bNum = typeof b.id === "number";
    if (aNum !== bNum) {
        return aNum ? -1 : 1;
    }
    if (aNum) {
        return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    }
    return compareStrings(pyStr(a.id), pyStr(b.id));
}

/**
 * Apply ``schemes`` to order ``lines`` (see the Python module's docstring).
 *
 * @param {OrderLine[]} rawLines
 * @param {Scheme[]} rawSchemes
 * @param {number} [rounding=0.01] the currency's smallest unit
 * @returns {Result}
 */
export function applySchemes(rawLines, rawSchemes, rounding = 0.01) {
    for (const scheme of rawSchemes) {
        checkScheme(scheme);
    }
    const lines = rawLines.map(lineOf);
    const schemes = rawSchemes.map(schemeOf);
    if (new Set(lines.map((line) => line.id)).size !== lines.length) {
        throw new Error("order line ids must be unique");
    }
    const grossOf = new Map(lines.map((line) => [line.id, gross(line)]));
    const given = new Map(lines.map((line) => [line.id, 0.0]));
    const byLine = new Map(lines.map((line) => [line.id, []]));
    const claimed = new Set(); // lines an applied exclusive scheme took
    const benefited = new Set(); // lines an applied scheme gave something on
    const result = { lines: new Map(), free_goods: [], applied_scheme_ids: [] };
    for (const scheme of [...schemes].sort(compareSchemes)) {
        let eligible = lines.filter((line) => !claimed.has(line.id) && covers(scheme, line));
        if (!scheme.stackable) {
            eligible = eligible.filter((line) => !benefited.has(line.id));
        }
        if (!eligible.length) {
            continue;
        }
        let touched;
        if (scheme.rule_type === "free_goods") {
            const goods = freeGoodsOf(scheme, eligible);
            if (!goods.length) {
                continue;
            }
            for (const [productId, qty] of goods) {
                result.free_goods.push({ product_id: productId, qty, scheme_id: scheme.id });
            }
            touched = eligible.map((line) => line.id);
        } else {
            const amounts =
                scheme.rule_type === "combo"
                    ? comboAmounts(scheme, eligible, rounding)
                    : slabAmounts(scheme, eligible, rounding);
            touched = [];
            for (const [lineId, raw] of amounts) {
                const amount = pyMin(pyMax(raw, 0.0), grossOf.get(lineId) - given.get(lineId));
                if (amount <= 0) {
                    continue;
                }
                given.set(lineId, given.get(lineId) + amount);
                byLine.get(lineId).push(scheme.id);
                touched.push(lineId);
            }
            if (!touched.length) {
                continue;
            }
        }
        result.applied_scheme_ids.push(scheme.id);
        for (const lineId of touched) {
            benefited.add(lineId);
            if (!scheme.stackable) {
                claimed.add(lineId);
            }
        }
    }
    for (const line of lines) {
        const schemeIds = byLine.get(line.id);
        if (!schemeIds.length) {
            continue;
        }
        const lineGross = grossOf.get(line.id);
        const amount = pyMin(pyMax(given.get(line.id), 0.0), lineGross);
        const percent = lineGross ? (amount / lineGross) * 100.0 : 0.0;
        result.lines.set(line.id, {
            line_id: line.id,
            amount,
            percent: pyMin(percent, 100.0),
            scheme_ids: schemeIds,
        });
    }
    return result;
}

/**
 * The order's gross, scheme discount and net amounts under ``result`` (each rounded like the line
 * amounts) and the free quantity of each product given (the Python ``order_totals``).
 *
 * @param {OrderLine[]} rawLines
 * @param {Result} result
 * @param {number} [rounding=0.01]
 * @returns {{gross: number, discount: number, net: number, free_goods: Array<[number, number]>}}
 */
export function orderTotals(rawLines, result, rounding = 0.01) {
    const lines = rawLines.map(lineOf);
    const grossTotal = roundAmount(total(lines.map(gross)), rounding);
    const discount = roundAmount(total([...result.lines.values()].map((d) => d.amount)), rounding);
    const free = new Map();
    for (const good of result.free_goods) {
        free.set(good.product_id, (free.get(good.product_id) ?? 0.0) + good.qty);
    }
    return {
        gross: grossTotal,
        discount,
        net: roundAmount(grossTotal - discount, rounding),
        free_goods: [...free],
    };
}
