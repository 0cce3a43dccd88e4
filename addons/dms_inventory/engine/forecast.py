"""Replenishment: forecast a distributor's daily sell-out and suggest a primary order quantity.

Plain Python, no Odoo: the replenishment model gathers daily secondary sales per (distributor,
product) into `ReplenishmentInput`s and writes the `Suggestion`s back in one batch.

Forecast: simple exponential smoothing of the daily level over the window, optionally with
multiplicative weekly seasonality (an index per weekday, from the window's weekday averages,
needs two full weeks). Suggestion: demand over lead time + days of cover, plus safety stock,
minus stock on hand and in transit, rounded up to whole cases, then up to the MOQ.
"""
import math
from dataclasses import dataclass

WEEK = 7


@dataclass(frozen=True)
class ReplenishmentInput:
    daily_sales: tuple  # units sold per day over the window, oldest first
    on_hand: float = 0.0
    in_transit: float = 0.0
    lead_time_days: float = 0.0
    cover_days: float = 0.0
    safety_stock: float = 0.0  # units
    case_size: float = 1.0  # units per case: the order is a whole number of cases
    moq: float = 0.0  # minimum order quantity, units
    alpha: float = 0.3  # smoothing factor, 0 < alpha <= 1
    seasonal: bool = False  # weekly seasonality
    first_weekday: int = 0  # weekday (Monday=0) of daily_sales[0]


@dataclass(frozen=True)
class Suggestion:
    daily_forecast: float  # average forecast units/day over the horizon
    demand: float  # forecast units over lead time + cover
    net_need: float  # demand + safety - on hand - in transit (may be negative)
    quantity: float  # suggested order, units (whole cases, >= MOQ, or 0)
    cases: int
    days_of_cover: float  # stock on hand / current daily forecast (inf when no sales)


def _check(data):
    if not 0 < data.alpha <= 1:
        raise ValueError("alpha must be in (0, 1], got %r" % data.alpha)
    if data.case_size <= 0:
        raise ValueError("case_size must be positive, got %r" % data.case_size)
    for name in ("lead_time_days", "cover_days", "safety_stock", "moq"):
        if getattr(data, name) < 0:
            raise ValueError("%s cannot be negative, got %r" % (name, getattr(data, name)))
    if any(q < 0 for q in data.daily_sales):
        raise ValueError("daily_sales cannot be negative")


def smooth_level(series, alpha):
    """Simple exponential smoothing; the level after the last point (0.0 for no data)."""
    if not series:
        return 0.0
    level = float(series[0])
    for value in series[1:]:
        level += alpha * (value - level)
    return level


def weekday_indices(series, first_weekday=0):
    """Multiplicative index per weekday (Monday=0): weekday average / overall average.
    All ones when the window has fewer than two full weeks or no sales."""
    if len(series) < 2 * WEEK:
        return [1.0] * WEEK
    sums, counts = [0.0] * WEEK, [0] * WEEK
    for i, value in enumerate(series):
        day = (first_weekday + i) % WEEK
        sums[day] += value
        counts[day] += 1
    mean = sum(series) / len(series)
    if mean <= 0:
        return [1.0] * WEEK
    return [(sums[d] / counts[d]) / mean for d in range(WEEK)]


def forecast(series, horizon, alpha=0.3, seasonal=False, first_weekday=0):
    """Forecast units for each of the `horizon` days following the series."""
    if horizon <= 0:
        return []
    if not seasonal:
        return [smooth_level(series, alpha)] * horizon
    indices = weekday_indices(series, first_weekday)
    deseasonalised = [
        value / indices[(first_weekday + i) % WEEK] if indices[(first_weekday + i) % WEEK] else 0.0
        for i, value in enumerate(series)
    ]
    level = smooth_level(deseasonalised, alpha)
    start = first_weekday + len(series)
    return [level * indices[(start + h) % WEEK] for h in range(horizon)]


def suggest(data):
    """The suggested primary order for one (distributor, product)."""
    _check(data)
    horizon_days = data.lead_time_days + data.cover_days
    whole_days = math.ceil(horizon_days)
    daily = forecast(data.daily_sales, max(whole_days, 1), data.alpha, data.seasonal, data.first_weekday)
    # a fractional last day counts pro rata
    demand = sum(daily[:int(horizon_days)])
    if whole_days > int(horizon_days):
        demand += daily[int(horizon_days)] * (horizon_days - int(horizon_days))
    net_need = demand + data.safety_stock - data.on_hand - data.in_transit
    quantity = 0.0
    if net_need > 1e-9:
        cases = math.ceil(round(net_need / data.case_size, 9))
        quantity = cases * data.case_size
        if quantity < data.moq:
            quantity = math.ceil(round(data.moq / data.case_size, 9)) * data.case_size
    current = forecast(data.daily_sales, 1, data.alpha, data.seasonal, data.first_weekday)[0] \
        if data.daily_sales else 0.0
    average = sum(daily) / len(daily) if daily else 0.0
    return Suggestion(
        daily_forecast=average,
        demand=demand,
        net_need=net_need,
        quantity=quantity,
        cases=round(quantity / data.case_size),
        days_of_cover=data.on_hand / current if current > 0 else math.inf,
    )


def suggest_many(inputs):
    """`suggest` over many inputs: a dict key -> Suggestion (keys as given)."""
    return {key: suggest(data) for key, data in inputs.items()}
