"""Incentive slabs on target achievement: plain arithmetic, no database.

A plan is a list of slabs, each applying from an achievement percentage (inclusive) up to the next
slab's: the payout is `rate_percent` of the achieved value plus a fixed bonus. Below the lowest
slab nothing is paid. E.g. [Slab(80, 1), Slab(100.01, 1.5, 5000)]: under 80% nothing, 80-100% 1% of
the achieved value, above 100% 1.5% and 5000."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Slab:
    min_percent: float
    rate_percent: float
    fixed_bonus: float = 0.0


def check_slabs(slabs):
    """The slabs sorted by `min_percent`; ValueError on a negative figure or two slabs that start
    at the same percentage."""
    ordered = sorted(slabs, key=lambda s: s.min_percent)
    for slab in ordered:
        if slab.min_percent < 0 or slab.rate_percent < 0 or slab.fixed_bonus < 0:
            raise ValueError("slab figures cannot be negative")
    starts = [s.min_percent for s in ordered]
    if len(set(starts)) != len(starts):
        raise ValueError("two slabs start at the same achievement")
    return ordered


def slab_for(percent, slabs):
    """The slab that applies at `percent` achievement, or None below the lowest one."""
    found = None
    for slab in check_slabs(slabs):
        if percent >= slab.min_percent:
            found = slab
    return found


def achievement_percent(achieved, target):
    """Achieved over target in percent; 0 when there is no target."""
    return achieved / target * 100 if target > 0 else 0.0


def payout(achieved_value, target_value, slabs, digits=2):
    """(achievement %, amount, slab) for a rep who sold `achieved_value` against `target_value`.
    The amount is rounded to `digits` decimals; a negative achieved value (returns) earns nothing."""
    percent = achievement_percent(achieved_value, target_value)
    slab = slab_for(percent, slabs)
    if slab is None or achieved_value <= 0:
        return percent, 0.0, slab
    amount = achieved_value * slab.rate_percent / 100 + slab.fixed_bonus
    return percent, round(amount, digits), slab
