"""Trade scheme arithmetic: slabs, free goods, combos, stacking and rounding (no Odoo imports).

Semantics, in the order they are applied:

* Schemes run by ascending ``priority`` (then ``id``). Each scheme looks at the *eligible* lines:
  lines in its product scope (``product_ids`` or ``categ_ids``; both empty = every product;
  a combo's scope is its components) that are not *claimed*.
* A scheme *applies* when its condition is met and it gives something. A non-stackable
  (exclusive) scheme that applies claims its lines: no later scheme touches them. An exclusive
  scheme also skips lines an earlier scheme already gave something on; a stackable scheme adds
  its benefit to theirs.
* Quantity slab: the eligible lines' total quantity (units, or cases when ``qty_uom == "case"``;
  a line without a case size counts no cases) is compared with the slab thresholds; the highest
  slab reached applies to every eligible line.
* Value slab: the same with the eligible lines' gross amount (quantity x unit price).
* A slab gives a percent of each line's gross amount, or a fixed amount shared over the eligible
  lines in proportion to their gross amount (the rounding remainder goes to the largest line).
* Free goods: for every ``buy_qty`` (units or cases) of the eligible lines together, ``get_qty`` of
  ``get_product_id`` free: ``floor(qty / buy_qty) * get_qty`` when ``repeating``, else once.
* Tiered free goods: a free-goods scheme with ``slabs`` gives by tier instead (``buy_qty``,
  ``get_*`` and ``repeating`` are then unused): the highest threshold the eligible lines' quantity
  reaches (units or cases) gives the ``get_qty`` of ``get_product_id`` of every slab at that
  threshold (several slabs of one threshold give several products; one product's quantities add
  up), once: buy 10 get 1, buy 20 get 3, buy 50 get 8 and 1 of another product.
* Combo: every component must be ordered (eligible lines of that product together) at its
  ``min_qty`` units at least; then ``percent`` off every line of the component products.
* Amounts are rounded half-up to ``rounding`` (the currency's smallest unit). Benefits of stacked
  schemes add up on the line's gross amount. A line's total discount is never negative and never
  more than its gross amount; ``percent`` is that total over the gross amount.

The field app applies schemes offline with a port of this module to JavaScript
(``static/src/engine/schemes.js``). Both must give the same floats for the same input: the shared
vectors in ``static/tests/engine/scheme_vectors.json`` (``tests/scheme_vectors.py`` writes them)
are checked against this engine by ``tests/test_scheme_vectors.py`` and against the port by
``static/tests/engine/schemes.test.js``. Change both together and regenerate the vectors.
Floats are added left to right (:func:`_total`), never with ``sum()``: Python 3.12 made ``sum()``
of floats compensated, which JavaScript does not do, and the result would depend on the Python.
"""
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

RULE_TYPES = ("qty_slab", "value_slab", "free_goods", "combo")
QTY_EPSILON = 1e-9


@dataclass(frozen=True)
class OrderLine:
    id: object
    product_id: int
    qty: float
    price_unit: float
    categ_ids: frozenset = frozenset()
    units_per_case: float = 0.0

    @property
    def gross(self):
        return max(self.qty, 0.0) * max(self.price_unit, 0.0)

    def measure(self, qty_uom):
        qty = max(self.qty, 0.0)
        if qty_uom == "case":
            return qty / self.units_per_case if self.units_per_case and self.units_per_case > 0 else 0.0
        return qty


@dataclass(frozen=True)
class Slab:
    threshold: float
    value: float = 0.0
    discount_type: str = "percent"  # or "fixed": an amount for the whole group of lines
    get_product_id: int | None = None  # tiered free goods: the product this tier gives
    get_qty: float = 0.0  # and how much of it


@dataclass(frozen=True)
class ComboComponent:
    product_id: int
    min_qty: float


@dataclass(frozen=True)
class Scheme:
    id: object
    rule_type: str
    priority: int = 10
    stackable: bool = False
    product_ids: frozenset = frozenset()
    categ_ids: frozenset = frozenset()
    qty_uom: str = "unit"
    slabs: tuple = ()
    buy_qty: float = 0.0
    get_product_id: int | None = None
    get_qty: float = 0.0
    repeating: bool = True
    combo: tuple = ()
    percent: float = 0.0

    def covers(self, line):
        if self.rule_type == "combo":
            return line.product_id in {c.product_id for c in self.combo}
        if not self.product_ids and not self.categ_ids:
            return True
        return line.product_id in self.product_ids or bool(self.categ_ids & line.categ_ids)


@dataclass
class LineDiscount:
    line_id: object
    amount: float = 0.0
    percent: float = 0.0
    scheme_ids: tuple = ()

    @property
    def scheme_id(self):
        """The first (highest priority) scheme that gave something on the line."""
        return self.scheme_ids[0] if self.scheme_ids else None


@dataclass(frozen=True)
class FreeGood:
    product_id: int
    qty: float
    scheme_id: object


@dataclass
class Result:
    lines: dict = field(default_factory=dict)  # line id -> LineDiscount (only lines with a benefit)
    free_goods: list = field(default_factory=list)
    applied_scheme_ids: list = field(default_factory=list)


@dataclass(frozen=True)
class Totals:
    gross: float
    discount: float
    net: float
    free_goods: tuple = ()  # (product id, quantity) per product, in the order they were first given


def _total(values):
    """Add floats left to right, like JavaScript does (``sum()`` compensates from Python 3.12)."""
    total = 0.0
    for value in values:
        total += value
    return total


def round_amount(amount, rounding):
    """Round half-up to a multiple of ``rounding`` (e.g. 0.01, 0.05, 1)."""
    if rounding <= 0:
        raise ValueError(f"rounding must be positive, got {rounding!r}")
    step = Decimal(repr(rounding))
    units = (Decimal(repr(amount)) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(units * step)


def check_scheme(scheme):
    """Raise ValueError on a scheme the engine cannot apply."""
    if scheme.rule_type not in RULE_TYPES:
        raise ValueError(f"scheme {scheme.id}: unknown rule type {scheme.rule_type!r}")
    if scheme.qty_uom not in ("unit", "case"):
        raise ValueError(f"scheme {scheme.id}: quantity unit must be 'unit' or 'case', got {scheme.qty_uom!r}")
    if scheme.rule_type in ("qty_slab", "value_slab"):
        if not scheme.slabs:
            raise ValueError(f"scheme {scheme.id}: a slab scheme needs at least one slab")
        for slab in scheme.slabs:
            if slab.threshold <= 0 or slab.value <= 0:
                raise ValueError(f"scheme {scheme.id}: slab thresholds and discounts must be positive")
            if slab.discount_type not in ("percent", "fixed"):
                raise ValueError(f"scheme {scheme.id}: unknown discount type {slab.discount_type!r}")
            if slab.discount_type == "percent" and slab.value > 100:
                raise ValueError(f"scheme {scheme.id}: a slab percent cannot exceed 100")
    elif scheme.rule_type == "free_goods" and scheme.slabs:
        for slab in scheme.slabs:
            if slab.threshold <= 0 or slab.get_qty <= 0 or not slab.get_product_id:
                raise ValueError(f"scheme {scheme.id}: a free goods tier needs a positive threshold, "
                                 f"a product and a quantity")
    elif scheme.rule_type == "free_goods":
        if scheme.buy_qty <= 0 or scheme.get_qty <= 0 or not scheme.get_product_id:
            raise ValueError(f"scheme {scheme.id}: free goods need a buy quantity, a product and a quantity")
    else:
        if not scheme.combo or any(c.min_qty <= 0 for c in scheme.combo):
            raise ValueError(f"scheme {scheme.id}: a combo needs components with positive minimum quantities")
        if not 0 < scheme.percent <= 100:
            raise ValueError(f"scheme {scheme.id}: the combo discount must be between 0 and 100 percent")


def best_slab(slabs, reached):
    """The slab with the highest threshold not above ``reached``, or None."""
    best = None
    for slab in slabs:
        if reached + QTY_EPSILON >= slab.threshold and (best is None or slab.threshold > best.threshold):
            best = slab
    return best


def _percent_amounts(lines, percent, rounding):
    return {line.id: round_amount(line.gross * percent / 100.0, rounding) for line in lines}


def _fixed_amounts(lines, amount, rounding):
    """Share a fixed amount over lines in proportion to their gross amount."""
    total = _total(line.gross for line in lines)
    if total <= 0:
        return {}
    amount = min(round_amount(amount, rounding), total)
    shares = {line.id: round_amount(amount * line.gross / total, rounding) for line in lines}
    largest = max(lines, key=lambda line: (line.gross, str(line.id)))
    shares[largest.id] = max(0.0, round_amount(shares[largest.id] + amount - _total(shares.values()), rounding))
    return shares


def _slab_amounts(scheme, lines, rounding):
    if scheme.rule_type == "qty_slab":
        reached = _total(line.measure(scheme.qty_uom) for line in lines)
    else:
        reached = _total(line.gross for line in lines)
    slab = best_slab(scheme.slabs, reached)
    if slab is None:
        return {}
    if slab.discount_type == "percent":
        return _percent_amounts(lines, slab.value, rounding)
    return _fixed_amounts(lines, slab.value, rounding)


def _combo_amounts(scheme, lines, rounding):
    ordered = {}
    for line in lines:
        ordered[line.product_id] = ordered.get(line.product_id, 0.0) + max(line.qty, 0.0)
    for component in scheme.combo:
        if ordered.get(component.product_id, 0.0) + QTY_EPSILON < component.min_qty:
            return {}
    return _percent_amounts(lines, scheme.percent, rounding)


def free_quantity(scheme, lines):
    """Free quantity earned by ``lines`` under a free-goods scheme without tiers."""
    bought = _total(line.measure(scheme.qty_uom) for line in lines)
    times = math.floor(bought / scheme.buy_qty + QTY_EPSILON)
    if not scheme.repeating:
        times = min(times, 1)
    return times * scheme.get_qty


def free_goods(scheme, lines):
    """[(product id, quantity)] ``lines`` earn under a free-goods scheme, tiered or not, in the
    order of the slabs (only positive quantities)."""
    if not scheme.slabs:
        qty = free_quantity(scheme, lines)
        return [(scheme.get_product_id, qty)] if qty > 0 else []
    best = best_slab(scheme.slabs, _total(line.measure(scheme.qty_uom) for line in lines))
    if best is None:
        return []
    given = {}
    for slab in scheme.slabs:
        if slab.threshold == best.threshold:
            given[slab.get_product_id] = given.get(slab.get_product_id, 0.0) + slab.get_qty
    return list(given.items())


def _order_key(scheme):
    """Priority first, then id (numbers in numeric order)."""
    if isinstance(scheme.id, int | float):
        return scheme.priority, 0, scheme.id, ""
    return scheme.priority, 1, 0, str(scheme.id)


def apply_schemes(lines, schemes, rounding=0.01):
    """Apply ``schemes`` to order ``lines``; return a :class:`Result` (see the module docstring)."""
    for scheme in schemes:
        check_scheme(scheme)
    if len({line.id for line in lines}) != len(lines):
        raise ValueError("order line ids must be unique")
    gross = {line.id: line.gross for line in lines}
    given = {line.id: 0.0 for line in lines}
    by_line = {line.id: [] for line in lines}
    claimed = set()  # lines an applied exclusive scheme took
    benefited = set()  # lines an applied scheme gave something on (discount or free goods)
    result = Result()
    for scheme in sorted(schemes, key=_order_key):
        eligible = [line for line in lines if line.id not in claimed and scheme.covers(line)]
        if not scheme.stackable:
            eligible = [line for line in eligible if line.id not in benefited]
        if not eligible:
            continue
        if scheme.rule_type == "free_goods":
            goods = free_goods(scheme, eligible)
            if not goods:
                continue
            result.free_goods.extend(FreeGood(product_id, qty, scheme.id) for product_id, qty in goods)
            touched = [line.id for line in eligible]
        else:
            if scheme.rule_type == "combo":
                amounts = _combo_amounts(scheme, eligible, rounding)
            else:
                amounts = _slab_amounts(scheme, eligible, rounding)
            touched = []
            for line_id, amount in amounts.items():
                amount = min(max(amount, 0.0), gross[line_id] - given[line_id])
                if amount <= 0:
                    continue
                given[line_id] += amount
                by_line[line_id].append(scheme.id)
                touched.append(line_id)
            if not touched:
                continue
        result.applied_scheme_ids.append(scheme.id)
        benefited.update(touched)
        if not scheme.stackable:
            claimed.update(touched)
    for line in lines:
        if not by_line[line.id]:
            continue
        amount = min(max(given[line.id], 0.0), gross[line.id])
        percent = amount / gross[line.id] * 100.0 if gross[line.id] else 0.0
        result.lines[line.id] = LineDiscount(line.id, amount, min(percent, 100.0), tuple(by_line[line.id]))
    return result


def order_totals(lines, result, rounding=0.01):
    """The order's gross, scheme discount and net amounts under ``result`` (each rounded like the
    line amounts), and the free quantity of each product given."""
    gross = round_amount(_total(line.gross for line in lines), rounding)
    discount = round_amount(_total(benefit.amount for benefit in result.lines.values()), rounding)
    free = {}
    for good in result.free_goods:
        free[good.product_id] = free.get(good.product_id, 0.0) + good.qty
    return Totals(gross, discount, round_amount(gross - discount, rounding), tuple(free.items()))
