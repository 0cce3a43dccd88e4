"""Scheme budgets: what orders consume, what remains and whether an order fits (no Odoo imports).

A scheme's budget is a value (the benefit it gives: discounts plus free goods at list price) or a
free quantity (units of free goods given). Confirmed and delivered orders consume it; a cancelled
order or one set back to draft consumes nothing. An order *fits* when the budget is not exceeded
once it is counted, within half the rounding step; an order that consumes nothing always fits,
even on a scheme already over its budget (it takes nothing more from it).
"""
from dataclasses import dataclass

BUDGET_TYPES = ("none", "value", "qty")


@dataclass(frozen=True)
class Benefit:
    """What some order lines got from a scheme: an amount, and a free quantity (free goods)."""
    amount: float = 0.0
    free_qty: float = 0.0


@dataclass(frozen=True)
class Verdict:
    fits: bool
    budget: float
    consumed_before: float  # by other orders
    order: float  # by the order(s) checked
    remaining_before: float  # what the order(s) could take (negative: already over)
    remaining_after: float
    over_by: float  # how far past the budget the order(s) take it (0 when it fits)


def _total(values):
    total = 0.0
    for value in values:
        total += value
    return total


def consumption(benefits, budget_type):
    """What ``benefits`` consume of a budget of ``budget_type`` (negative benefits count as none)."""
    if budget_type not in BUDGET_TYPES:
        raise ValueError(f"unknown budget type {budget_type!r}")
    if budget_type == "value":
        return _total(max(b.amount, 0.0) for b in benefits)
    if budget_type == "qty":
        return _total(max(b.free_qty, 0.0) for b in benefits)
    return 0.0


def remaining(budget, consumed):
    """What is left of ``budget``; negative when it is exceeded."""
    return budget - consumed


def utilisation(budget, consumed):
    """Consumed in percent of the budget (0 without a budget)."""
    return consumed / budget * 100.0 if budget > 0 else 0.0


def check(budget, consumed_before, order, rounding=0.01):
    """Whether an order consuming ``order`` fits a ``budget`` of which ``consumed_before`` is
    taken by other orders. ``rounding`` is the smallest step (the currency's, or the unit's)."""
    if budget < 0 or rounding <= 0:
        raise ValueError("the budget must not be negative and the rounding must be positive")
    order = max(order, 0.0)
    after = consumed_before + order
    fits = order <= 0.0 or after <= budget + rounding / 2.0
    return Verdict(
        fits=fits, budget=budget, consumed_before=consumed_before, order=order,
        remaining_before=remaining(budget, consumed_before), remaining_after=remaining(budget, after),
        over_by=0.0 if fits else after - budget)
