"""Suggested order for an outlet visit (no Odoo imports).

For each product the outlet ordered in the look-back window, the suggestion covers the days until
the next visit at the outlet's own rate:

* rate: units ordered in the window (``lookback_days`` before the visit) per day;
* seasonality: when the history reaches back a year, the rate is scaled by the product's index
  for the visit's month (its rate in that calendar month of past years over its rate over the
  whole history), kept within ``SEASON_BOUNDS``;
* demand = rate x index x ``cover_days``; minus the shelf stock counted at the visit (when
  counted); under half a unit it is nothing (a product bought once in a while is not pushed at
  every visit), else rounded up to whole cases when the product has a case size.

Then, in this order:

* must-sell gaps: every must-sell product is suggested at its minimum quantity at least (one case
  when it has a case size, else one unit, unless the list says more), whatever the history and the
  shelf hold, because the list says the outlet must carry it;
* scheme nudge: a quantity or value slab (or a free-goods step) the basket is close to (the missing
  part at most ``nudge_ratio`` of the next threshold) is reached by topping up the basket's largest
  line in the scheme's scope (only lines already suggested are topped up).

Quantities are in the product's unit, never negative; a product with nothing to suggest is left out.
"""
import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import schemes as scheme_engine

SEASON_BOUNDS = (0.5, 2.0)
MIN_NEED = 0.5  # units: a smaller need suggests nothing
QTY_EPSILON = 1e-9


@dataclass(frozen=True)
class SuggestInput:
    visit_date: date
    history: tuple = ()  # (product id, order date, units) of the outlet's past orders
    cover_days: float = 7.0  # days until the next visit
    lookback_days: int = 90
    must_sell: dict = field(default_factory=dict)  # product id -> minimum units (0: one case or one unit)
    shelf_stock: dict = field(default_factory=dict)  # product id -> units counted at the visit
    case_sizes: dict = field(default_factory=dict)  # product id -> units per case
    prices: dict = field(default_factory=dict)  # product id -> unit price (value slabs)
    categ_ids: dict = field(default_factory=dict)  # product id -> frozenset of category ids (with ancestors)
    schemes: tuple = ()  # scheme_engine.Scheme that apply to the outlet
    nudge_ratio: float = 0.2


@dataclass
class SuggestedLine:
    product_id: int
    qty: float
    reasons: list = field(default_factory=list)  # "history", "must_sell", "scheme"
    rate: float = 0.0  # units per day, seasonality included
    scheme_id: object = None  # the scheme whose next step the nudge reaches


def _check(data):
    if data.cover_days < 0 or data.lookback_days <= 0:
        raise ValueError("cover_days cannot be negative and lookback_days must be positive")
    if not 0 <= data.nudge_ratio <= 1:
        raise ValueError(f"nudge_ratio must be between 0 and 1, got {data.nudge_ratio!r}")
    for product_id, qty in data.shelf_stock.items():
        if qty is not None and qty < 0:
            raise ValueError(f"product {product_id}: shelf stock cannot be negative, got {qty!r}")


def _round_case(qty, case):
    if qty <= QTY_EPSILON:
        return 0.0
    if case and case > 0:
        return math.ceil(qty / case - QTY_EPSILON) * case
    return float(math.ceil(qty - QTY_EPSILON))


def season_index(entries, visit_date):
    """The product's rate in the visit's calendar month over its rate over the whole history,
    within SEASON_BOUNDS; 1.0 when the history is shorter than a year or has no sales."""
    if not entries:
        return 1.0
    first = min(day for day, _qty in entries)
    span = (visit_date - first).days
    total = sum(max(qty, 0.0) for _day, qty in entries)
    if span < 365 or total <= 0:
        return 1.0
    month_days, month_qty = 0, 0.0
    day = first
    while day < visit_date:
        if day.month == visit_date.month:
            month_days += 1
        day += timedelta(days=1)
    for day, qty in entries:
        if day.month == visit_date.month and day < visit_date:
            month_qty += max(qty, 0.0)
    if not month_days:
        return 1.0
    index = (month_qty / month_days) / (total / span)
    return min(max(index, SEASON_BOUNDS[0]), SEASON_BOUNDS[1])


def product_rate(entries, visit_date, lookback_days):
    """Units per day ordered in the look-back window before the visit."""
    start = visit_date - timedelta(days=lookback_days)
    recent = sum(max(qty, 0.0) for day, qty in entries if start <= day < visit_date)
    return recent / lookback_days


def _nudge(data, lines):
    """Top up the basket to the next step of a scheme it is close to."""
    for scheme in data.schemes:
        if scheme.rule_type not in ("qty_slab", "value_slab", "free_goods"):
            continue
        basket = [scheme_engine.OrderLine(
            line.product_id, line.product_id, line.qty, data.prices.get(line.product_id, 0.0),
            data.categ_ids.get(line.product_id, frozenset()), data.case_sizes.get(line.product_id, 0.0))
            for line in lines.values() if line.qty > 0]
        eligible = [ol for ol in basket if scheme.covers(ol)]
        if not eligible:
            continue
        if scheme.rule_type == "value_slab":
            reached = sum(ol.gross for ol in eligible)
        else:
            reached = sum(ol.measure(scheme.qty_uom) for ol in eligible)
        if scheme.rule_type == "free_goods" and not scheme.slabs:  # tiered free goods: the next tier
            step = scheme.buy_qty
            target = (math.floor(reached / step + QTY_EPSILON) + 1) * step if step > 0 else 0.0
            if not scheme.repeating and reached + QTY_EPSILON >= step:
                continue
        else:
            above = [s.threshold for s in scheme.slabs if s.threshold > reached + QTY_EPSILON]
            if not above:
                continue
            target = min(above)
        missing = target - reached
        if target <= 0 or missing <= 0 or missing > data.nudge_ratio * target + QTY_EPSILON:
            continue
        largest = max(eligible, key=lambda ol: (ol.gross, ol.qty, -ol.product_id))
        if scheme.rule_type == "value_slab":
            if largest.price_unit <= 0:
                continue
            units = missing / largest.price_unit
        elif scheme.qty_uom == "case":
            if not largest.units_per_case:
                continue
            units = missing * largest.units_per_case
        else:
            units = missing
        line = lines[largest.product_id]
        line.qty = _round_case(line.qty + units, data.case_sizes.get(line.product_id, 0.0))
        if "scheme" not in line.reasons:
            line.reasons.append("scheme")
        line.scheme_id = scheme.id


def suggest_order(data):
    """The suggested lines for one outlet visit, by product id (see the module docstring)."""
    _check(data)
    by_product = {}
    for product_id, day, qty in data.history:
        by_product.setdefault(product_id, []).append((day, qty))
    lines = {}
    for product_id, entries in by_product.items():
        rate = product_rate(entries, data.visit_date, data.lookback_days)
        if rate <= 0:
            continue
        rate *= season_index(entries, data.visit_date)
        need = rate * data.cover_days - (data.shelf_stock.get(product_id) or 0.0)
        if need < MIN_NEED:
            continue
        qty = _round_case(need, data.case_sizes.get(product_id, 0.0))
        if qty > 0:
            lines[product_id] = SuggestedLine(product_id, qty, ["history"], rate)
    for product_id, minimum in data.must_sell.items():
        case = data.case_sizes.get(product_id, 0.0)
        minimum = _round_case(max(minimum or 0.0, case or 1.0), case)
        line = lines.setdefault(product_id, SuggestedLine(product_id, 0.0, []))
        if line.qty < minimum:
            line.qty = minimum
        line.reasons.append("must_sell")
    _nudge(data, lines)
    return {pid: line for pid, line in sorted(lines.items()) if line.qty > 0}
