"""Shared test vectors of the trade scheme engine: baskets with the results the Python engine gives.

The field app applies schemes offline with a JavaScript port of ``engine/schemes.py``
(``static/src/engine/schemes.js``). Both engines are checked against the same file,
``static/tests/engine/scheme_vectors.json``: ``test_scheme_vectors.py`` (Python) and
``static/tests/engine/schemes.test.js`` (Hoot, in the browser). After a change to the engine,
change the port the same way and regenerate the file::

    python3 addons/dms_sales/tests/scheme_vectors.py

The baskets are random but seeded (the same file every time), and lean towards what breaks ports:
prices whose discount ends on an exact half (1.005, 2.675, 0.125), fractional and negative
quantities, lines without a case size, thresholds reached exactly, fixed amounts shared with a
remainder, stacked and exclusive schemes of equal priority, integer and string ids mixed, currency
roundings from 0.001 to 5, and invalid schemes (the expected result is then the error message).
"""
import json
import os
import random
import sys

try:
    from ..engine import schemes as engine
except ImportError:  # run as a script: load the engine (plain Python, no Odoo) from its file
    import importlib.util

    _spec = importlib.util.spec_from_file_location(
        "dms_scheme_engine", os.path.join(os.path.dirname(__file__), os.pardir, "engine", "schemes.py"))
    engine = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(engine)

SEED = 20260301
BASKETS = 1200
ROUNDING_CASES = 600
VECTORS_PATH = os.path.normpath(os.path.join(
    os.path.dirname(__file__), os.pardir, "static", "tests", "engine", "scheme_vectors.json"))
REGENERATE = "python3 addons/dms_sales/tests/scheme_vectors.py"

# products 1-12; each with its category and the category's ancestors (as _dms_engine_line gives)
CATEGORIES = {
    1: [100, 110], 2: [100, 110], 3: [100, 120], 4: [100, 120], 5: [200, 210], 6: [200, 210],
    7: [200, 220], 8: [200, 220], 9: [300], 10: [300], 11: [100, 110, 111], 12: [200, 220, 221],
}
ALL_CATEGORIES = sorted({c for cs in CATEGORIES.values() for c in cs})
TRICKY_PRICES = [1.005, 2.675, 0.125, 0.375, 1.115, 0.1, 0.2, 0.3, 33.333, 0.015, 4.445, 10.005,
                 1234.565, 0.045, 99.995, 19.99, 7.7, 0.7, 1.1, 2.5, 12.5, 0.0, 1e-05, 0.33]
ROUNDINGS = [0.01] * 10 + [0.05, 0.05, 0.1, 0.5, 1.0, 0.001, 0.25, 5.0, 0.02]
PERCENTS = [2.0, 2.5, 5.0, 7.5, 10.0, 12.5, 15.0, 33.333, 0.5, 1.25, 3.3, 100.0, 0.1, 17.0]
FIXED = [10.0, 25.0, 99.99, 1000.0, 0.03, 7.0, 0.05, 333.33, 1.0, 50.5]


# Engine input from JSON and engine output to JSON --------------------------------------------

def line_from_json(data):
    return engine.OrderLine(data["id"], data["product_id"], data["qty"], data["price_unit"],
                            frozenset(data.get("categ_ids", ())), data.get("units_per_case", 0.0))


def scheme_from_json(data):
    data = dict(data)
    for key in ("product_ids", "categ_ids"):
        if key in data:
            data[key] = frozenset(data[key])
    if "slabs" in data:
        data["slabs"] = tuple(engine.Slab(**slab) for slab in data["slabs"])
    if "combo" in data:
        data["combo"] = tuple(engine.ComboComponent(**component) for component in data["combo"])
    return engine.Scheme(**data)


def run_vector(vector):
    """What the engine gives for a vector's input: its result and totals, or the error."""
    try:
        lines = [line_from_json(line) for line in vector["lines"]]
        schemes = [scheme_from_json(scheme) for scheme in vector["schemes"]]
        result = engine.apply_schemes(lines, schemes, rounding=vector["rounding"])
    except ValueError as error:
        return {"error": str(error)}
    totals = engine.order_totals(lines, result, rounding=vector["rounding"])
    return {
        "lines": [{"line_id": d.line_id, "amount": d.amount, "percent": d.percent, "scheme_ids": list(d.scheme_ids)}
                  for d in result.lines.values()],
        "free_goods": [{"product_id": g.product_id, "qty": g.qty, "scheme_id": g.scheme_id}
                       for g in result.free_goods],
        "applied_scheme_ids": list(result.applied_scheme_ids),
        "totals": {"gross": totals.gross, "discount": totals.discount, "net": totals.net,
                   "free_goods": [list(item) for item in totals.free_goods]},
    }


def run_rounding(case):
    amount, rounding = case["amount"], case["rounding"]
    return engine.round_amount(amount, rounding)


# Random baskets ------------------------------------------------------------------------------

def _qty(rng):
    kind = rng.random()
    if kind < 0.65:
        return float(rng.randint(1, 60))
    if kind < 0.8:
        return float(rng.choice([72, 96, 120, 144, 240, 288, 500, 1000]))
    if kind < 0.92:
        return rng.choice([0.5, 1.5, 2.25, 0.333, 7.75, 12.5, 0.1, 2.675])
    return rng.choice([0.0, -1.0, -12.0])


def _price(rng):
    kind = rng.random()
    if kind < 0.45:
        return rng.randint(1, 99999) / 100.0
    if kind < 0.75:
        return rng.choice(TRICKY_PRICES)
    if kind < 0.9:
        return float(rng.randint(1, 500))
    return rng.randint(1, 999999) / 1000.0


def _line_ids(rng, count):
    if rng.random() < 0.8:
        start = rng.randint(1, 500)
        return [start + i for i in range(count)]
    pool = ["L%d" % i for i in range(1, 20)] + ["virtual_%d" % i for i in range(1, 9)] + list(range(1, 30))
    return rng.sample(pool, count)


def _lines(rng):
    count = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6])
    ids = _line_ids(rng, count)
    lines = []
    for line_id in ids:
        product = rng.randint(1, 12)
        line = {"id": line_id, "product_id": product, "qty": _qty(rng), "price_unit": _price(rng),
                "categ_ids": CATEGORIES[product]}
        case = rng.choice([0.0, 0.0, 6.0, 12.0, 24.0, 24.0, 10.0, 7.5])
        if case:
            line["units_per_case"] = case
        lines.append(line)
    return lines


def _scope(rng, scheme, lines):
    kind = rng.random()
    products = sorted({line["product_id"] for line in lines}) or [rng.randint(1, 12)]
    if kind < 0.35:
        return
    if kind < 0.75:
        picked = set(rng.sample(products, rng.randint(1, len(products))))
        if rng.random() < 0.3:
            picked.add(rng.randint(1, 12))
        scheme["product_ids"] = sorted(picked)
    elif kind < 0.95:
        scheme["categ_ids"] = sorted(rng.sample(ALL_CATEGORIES, rng.randint(1, 2)))
    else:
        scheme["product_ids"] = [rng.randint(1, 12)]
        scheme["categ_ids"] = [rng.choice(ALL_CATEGORIES)]


def _measure(lines, uom):
    total = 0.0
    for line in lines:
        qty = max(line["qty"], 0.0)
        if uom == "case":
            case = line.get("units_per_case", 0.0)
            total += qty / case if case else 0.0
        else:
            total += qty
    return total


def _thresholds(rng, reached, count):
    """Thresholds around what the basket reaches: some below, some exactly on it, some above."""
    values = []
    for __ in range(count):
        kind = rng.random()
        if kind < 0.2 and reached > 0:
            value = reached
        elif kind < 0.7:
            value = reached * rng.choice([0.1, 0.25, 0.5, 0.8, 0.99])
        else:
            value = reached * rng.choice([1.01, 1.5, 2.0]) + 1
        value = round(value, rng.choice([0, 0, 1, 2]))
        values.append(value if value > 0 else float(rng.randint(1, 10)))
    if rng.random() < 0.1 and values:
        values.append(values[0])  # two slabs of the same threshold: the first one wins
    return values


def _tiers(rng, reached):
    """Tiered free goods: one to three tiers around what the basket reaches, each giving one
    product, sometimes two (a second slab of the same threshold), sometimes the same one twice."""
    slabs = []
    for threshold in _thresholds(rng, reached, rng.randint(1, 3)):
        for __ in range(1 if rng.random() < 0.7 else 2):
            slabs.append({"threshold": threshold, "get_product_id": rng.randint(1, 12),
                          "get_qty": rng.choice([1.0, 2.0, 3.0, 8.0, 0.5])})
    rng.shuffle(slabs)
    return slabs


def _scheme(rng, scheme_id, lines):
    rule = rng.choice(["qty_slab", "qty_slab", "value_slab", "value_slab", "free_goods", "combo"])
    scheme = {"id": scheme_id, "rule_type": rule}
    if rng.random() < 0.7:
        scheme["priority"] = rng.choice([1, 5, 10, 10, 20])
    if rng.random() < 0.5:
        scheme["stackable"] = True
    if rule == "combo":
        products = sorted({line["product_id"] for line in lines}) or [rng.randint(1, 12)]
        components = rng.sample(products, min(len(products), rng.randint(1, 3)))
        if rng.random() < 0.15:
            components.append(rng.randint(1, 12))
        combo = []
        for product in dict.fromkeys(components):
            ordered = sum(max(line["qty"], 0.0) for line in lines if line["product_id"] == product)
            min_qty = rng.choice([max(ordered, 1.0), max(ordered * 0.5, 1.0), ordered + 1, 1.0, 6.0])
            combo.append({"product_id": product, "min_qty": float(min_qty)})
        scheme["combo"] = combo
        scheme["percent"] = rng.choice(PERCENTS)
        return scheme
    _scope(rng, scheme, lines)
    if rng.random() < 0.35:
        scheme["qty_uom"] = "case"
    uom = scheme.get("qty_uom", "unit")
    if rule == "free_goods" and rng.random() < 0.4:
        scheme["slabs"] = _tiers(rng, _measure(lines, uom))
        return scheme
    if rule == "free_goods":
        scheme["buy_qty"] = rng.choice([1.0, 2.0, 5.0, 6.0, 10.0, 12.0, 2.5, 24.0])
        scheme["get_product_id"] = rng.randint(1, 12)
        scheme["get_qty"] = rng.choice([1.0, 1.0, 2.0, 0.5, 3.0])
        if rng.random() < 0.4:
            scheme["repeating"] = False
        return scheme
    if rule == "qty_slab":
        reached = _measure(lines, uom)
    else:
        reached = sum(max(line["qty"], 0.0) * max(line["price_unit"], 0.0) for line in lines)
    slabs = []
    for threshold in _thresholds(rng, reached, rng.randint(1, 3)):
        if rng.random() < 0.7:
            slabs.append({"threshold": threshold, "value": rng.choice(PERCENTS)})
        else:
            slabs.append({"threshold": threshold, "value": rng.choice(FIXED), "discount_type": "fixed"})
    scheme["slabs"] = slabs
    return scheme


def _schemes(rng, lines):
    count = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5])
    if rng.random() < 0.85:
        ids = rng.sample(range(1, 100), count)
    else:
        ids = rng.sample([1, 2, 3, "a", "b", "z", "s10", "s9", "Ä"], count)
    return [_scheme(rng, scheme_id, lines) for scheme_id in ids]


def _break(rng, vector):
    """Make the vector invalid in one of the ways the engine refuses."""
    schemes, lines = vector["schemes"], vector["lines"]
    kind = rng.choice(["rule", "uom", "no_slab", "slab_value", "slab_type", "percent", "free", "combo",
                       "combo_percent", "duplicate_line", "tier"])
    if kind == "duplicate_line":
        lines.append(dict(lines[0]))
        return
    scheme = {"id": rng.randint(100, 120), "rule_type": "qty_slab", "slabs": [{"threshold": 1.0, "value": 5.0}]}
    if kind == "rule":
        scheme["rule_type"] = rng.choice(["bogus", "Qty_Slab", ""])
    elif kind == "uom":
        scheme["qty_uom"] = rng.choice(["box", "Unit"])
    elif kind == "no_slab":
        scheme["slabs"] = []
    elif kind == "slab_value":
        scheme["slabs"] = [{"threshold": rng.choice([0.0, -1.0, 5.0]), "value": rng.choice([0.0, -2.0])}]
    elif kind == "slab_type":
        scheme["slabs"] = [{"threshold": 1.0, "value": 5.0, "discount_type": "amount"}]
    elif kind == "percent":
        scheme["slabs"] = [{"threshold": 1.0, "value": rng.choice([100.5, 150.0])}]
    elif kind == "free":
        scheme = {"id": scheme["id"], "rule_type": "free_goods", "buy_qty": rng.choice([0.0, 5.0]),
                  "get_qty": rng.choice([0.0, 1.0]), "get_product_id": rng.choice([None, 0])}
    elif kind == "tier":
        scheme = {"id": scheme["id"], "rule_type": "free_goods", "buy_qty": 5.0, "get_product_id": 1, "get_qty": 1.0,
                  "slabs": [{"threshold": rng.choice([0.0, 10.0]), "get_product_id": rng.choice([None, 0, 2]),
                             "get_qty": rng.choice([0.0, -1.0, 1.0])}]}
    elif kind == "combo":
        scheme = {"id": scheme["id"], "rule_type": "combo", "percent": 5.0,
                  "combo": rng.choice([[], [{"product_id": 1, "min_qty": 0.0}]])}
    else:
        scheme = {"id": scheme["id"], "rule_type": "combo", "percent": rng.choice([0.0, 100.01, -5.0]),
                  "combo": [{"product_id": 1, "min_qty": 1.0}]}
    schemes.insert(rng.randint(0, len(schemes)), scheme)


def _handmade():
    """Baskets a reader can check by hand, each on one rounding trap."""
    def line(line_id, product, qty, price, case=0.0):
        data = {"id": line_id, "product_id": product, "qty": qty, "price_unit": price, "categ_ids": CATEGORIES[product]}
        if case:
            data["units_per_case"] = case
        return data

    def pct(value, threshold=1.0, **kw):
        return {"id": 1, "rule_type": "qty_slab", "slabs": [{"threshold": threshold, "value": value}], **kw}

    return [
        # 10% of 10.05 is 1.005: half-up in decimal gives 1.01 (Math.round(100.49999) gives 1.00)
        {"rounding": 0.01, "lines": [line(1, 1, 1.0, 10.05)], "schemes": [pct(10.0)]},
        # 50% of 5.35 = 2.675 (the float is 2.67499999...): the engine rounds its repr, 2.68
        {"rounding": 0.01, "lines": [line(1, 1, 1.0, 5.35)], "schemes": [pct(50.0)]},
        {"rounding": 0.01, "lines": [line(1, 1, 1.0, 0.25)], "schemes": [pct(50.0)]},
        {"rounding": 0.05, "lines": [line(1, 1, 3.0, 0.25)], "schemes": [pct(10.0)]},
        {"rounding": 1.0, "lines": [line(1, 1, 1.0, 25.0)], "schemes": [pct(10.0)]},
        {"rounding": 0.001, "lines": [line(1, 1, 1.0, 0.0125)], "schemes": [pct(100.0)]},
        # a fixed 10 over three equal lines: 3.33 each, the remainder (0.01) on the last-named largest
        {"rounding": 0.01, "lines": [line(1, 1, 1.0, 10.0), line(2, 2, 1.0, 10.0), line(3, 3, 1.0, 10.0)],
         "schemes": [{"id": 1, "rule_type": "value_slab",
                      "slabs": [{"threshold": 1.0, "value": 10.0, "discount_type": "fixed"}]}]},
        # cases: 2 cases of 24 reach the slab of 2, a line without a case size counts none
        {"rounding": 0.01, "lines": [line(1, 1, 48.0, 1.5, 24.0), line(2, 1, 100.0, 1.5)],
         "schemes": [pct(5.0, threshold=2.0, qty_uom="case")]},
        # priorities equal: integer ids before string ids; exclusive then stackable on the same line
        {"rounding": 0.01, "lines": [line(1, 1, 10.0, 3.3)],
         "schemes": [{"id": "a", "rule_type": "qty_slab", "stackable": True,
                      "slabs": [{"threshold": 1.0, "value": 5.0}]},
                     {"id": 7, "rule_type": "qty_slab", "slabs": [{"threshold": 1.0, "value": 10.0}]}]},
        # a discount of more than the line: capped at its gross amount
        {"rounding": 0.01, "lines": [line(1, 1, 1.0, 30.0)],
         "schemes": [{"id": 1, "rule_type": "qty_slab", "stackable": True,
                      "slabs": [{"threshold": 1.0, "value": 80.0}]},
                     {"id": 2, "rule_type": "qty_slab", "stackable": True,
                      "slabs": [{"threshold": 1.0, "value": 50.0}]}]},
        # free goods: 25 bought, 1 free per 12, repeating then not
        {"rounding": 0.01, "lines": [line(1, 1, 25.0, 2.0)],
         "schemes": [{"id": 1, "rule_type": "free_goods", "buy_qty": 12.0, "get_product_id": 9, "get_qty": 1.0}]},
        {"rounding": 0.01, "lines": [line(1, 1, 25.0, 2.0)],
         "schemes": [{"id": 1, "rule_type": "free_goods", "buy_qty": 12.0, "get_product_id": 9, "get_qty": 1.0,
                      "repeating": False}]},
        # tiered free goods: buy 10 get 1, buy 20 get 3 of product 9, buy 50 get 8 of 9 and 1 of 10;
        # 25 bought reach the tier of 20 (tiers do not repeat), 50 the last one, 9 none
        *({"rounding": 0.01, "lines": [line(1, 1, qty, 2.0)],
           "schemes": [{"id": 1, "rule_type": "free_goods", "product_ids": [1],
                        "slabs": [{"threshold": 10.0, "get_product_id": 9, "get_qty": 1.0},
                                  {"threshold": 20.0, "get_product_id": 9, "get_qty": 3.0},
                                  {"threshold": 50.0, "get_product_id": 9, "get_qty": 8.0},
                                  {"threshold": 50.0, "get_product_id": 10, "get_qty": 1.0}]}]}
          for qty in (25.0, 50.0, 9.0)),
        # a combo met exactly, and one short by a fraction
        {"rounding": 0.01, "lines": [line(1, 1, 6.0, 12.35), line(2, 5, 2.0, 80.1)],
         "schemes": [{"id": 1, "rule_type": "combo", "percent": 7.5,
                      "combo": [{"product_id": 1, "min_qty": 6.0}, {"product_id": 5, "min_qty": 2.0}]}]},
        {"rounding": 0.01, "lines": [line(1, 1, 5.5, 12.35), line(2, 5, 2.0, 80.1)],
         "schemes": [{"id": 1, "rule_type": "combo", "percent": 7.5,
                      "combo": [{"product_id": 1, "min_qty": 6.0}, {"product_id": 5, "min_qty": 2.0}]}]},
        # a negative quantity counts as nothing
        {"rounding": 0.01, "lines": [line(1, 1, -5.0, 10.0), line(2, 1, 5.0, 10.0)],
         "schemes": [pct(10.0, threshold=5.0)]},
        # no schemes, no lines
        {"rounding": 0.01, "lines": [line(1, 1, 3.0, 1.1)], "schemes": []},
        {"rounding": 0.01, "lines": [], "schemes": [pct(5.0)]},
    ]


def _rounding_cases(rng):
    """round_amount on its own: products and quotients that land on (or next to) a half."""
    cases = []
    for amount in (1.005, 2.675, 1.115, 0.125, 0.375, 1.5, 2.5, -2.5, -1.005, 0.045, 1234.565, 1e-07, 0.0,
                   -0.0, 5e-324, 1e15 + 0.5, 123456789.125, 0.285, 1.255, 8.325, 4.35 * 0.5, 0.1 + 0.2):
        for rounding in (0.01, 0.05, 0.001, 1.0, 0.5, 0.25, 0.1, 5.0, 0.03, 0.07):
            cases.append({"amount": amount, "rounding": rounding})
    while len(cases) < ROUNDING_CASES:
        kind = rng.random()
        if kind < 0.4:
            amount = rng.randint(0, 10 ** rng.randint(2, 9)) / 1000.0 + 0.005
        elif kind < 0.7:
            amount = rng.randint(1, 100000) / 100.0 * rng.choice(PERCENTS) / 100.0
        else:
            amount = rng.uniform(-1000, 1000)
        cases.append({"amount": amount, "rounding": rng.choice(ROUNDINGS + [0.03, 0.07, 0.2])})
    return cases


def build():
    """The vectors document (a dict), inputs from the seeded generator, outputs from the engine."""
    rng = random.Random(SEED)
    vectors = _handmade()
    while len(vectors) < BASKETS:
        lines = _lines(rng) if rng.random() > 0.01 else []
        vector = {"rounding": rng.choice(ROUNDINGS), "lines": lines, "schemes": _schemes(rng, lines)}
        if lines and rng.random() < 0.04:
            _break(rng, vector)
        vectors.append(vector)
    for number, vector in enumerate(vectors, 1):
        vector["n"] = number
        vector["expected"] = run_vector(vector)
    roundings = _rounding_cases(rng)
    for case in roundings:
        case["expected"] = run_rounding(case)
    return {
        "about": "Trade scheme engine vectors: input baskets and what dms_sales/engine/schemes.py gives. "
                 "Generated, do not edit: %s" % REGENERATE,
        "seed": SEED,
        "vectors": [{key: vector[key] for key in ("n", "rounding", "lines", "schemes", "expected")}
                    for vector in vectors],
        "rounding": roundings,
    }


def dumps(document):
    """JSON with one vector per line (readable diffs); floats as Python's repr (exact)."""
    def row(item):
        return json.dumps(item, ensure_ascii=False, separators=(",", ":"), allow_nan=False)

    head = {key: document[key] for key in ("about", "seed")}
    parts = [row(head)[:-1] + ',\n"vectors":[\n']
    parts.append(",\n".join(row(vector) for vector in document["vectors"]))
    parts.append('\n],\n"rounding":[\n')
    parts.append(",\n".join(row(case) for case in document["rounding"]))
    parts.append("\n]}\n")
    return "".join(parts)


def load():
    with open(VECTORS_PATH, encoding="utf-8") as f:
        return json.load(f)


def main():
    text = dumps(build())
    os.makedirs(os.path.dirname(VECTORS_PATH), exist_ok=True)
    with open(VECTORS_PATH, "w", encoding="utf-8") as f:
        f.write(text)
    document = json.loads(text)
    errors = sum(1 for vector in document["vectors"] if "error" in vector["expected"])
    sys.stdout.write("wrote %s: %d baskets (%d refused), %d rounding cases, %d bytes\n"
                     % (VECTORS_PATH, len(document["vectors"]), errors, len(document["rounding"]), len(text)))


if __name__ == "__main__":
    main()
