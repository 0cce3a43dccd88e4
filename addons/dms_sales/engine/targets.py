"""Target cascade arithmetic: split a parent target over its children, exactly.

Plain functions over plain data (no database), called by the cascade wizard."""
from decimal import Decimal
from fractions import Fraction


def _check(total, weights):
    if total < 0:
        raise ValueError("the total to split cannot be negative")
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights cannot be negative")


def _largest_remainder(units, weights):
    """Split the integer `units` over the keys of `weights` in proportion to the weights (all zero:
    equally): each key gets the floor of its exact share, and the units left go one each to the keys
    with the largest remainders (ties to the first key). Exact (fractions), so every key is within
    one unit of its exact share and the parts sum to `units`. Returns a list of ints, in key order."""
    keys = list(weights)
    weight_sum = sum(Fraction(w) for w in weights.values())
    exact = [(Fraction(weights[k]) / weight_sum if weight_sum else Fraction(1, len(keys))) * units for k in keys]
    floors = [int(e) for e in exact]  # shares are >= 0, so int() is the floor
    left = units - sum(floors)
    order = sorted(range(len(keys)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def split_total(total, weights, digits=2):
    """Split `total` over the keys of `weights` in proportion to their weights, each share rounded
    to `digits` decimals, the shares summing to exactly `total` (largest remainder: the units lost
    to rounding go to the keys with the largest remainders, ties to the first key).

    All weights zero (no history): an equal split. Returns {key: share}, in the keys' order.
    Raises ValueError on a negative total or weight."""
    keys = list(weights)
    if not keys:
        return {}
    _check(total, weights)
    scale = 10 ** digits
    parts = _largest_remainder(round(total * scale), weights)
    return {k: parts[i] / scale for i, k in enumerate(keys)}


def split_quantity(total, weights, step=1.0):
    """Split the quantity `total` over the keys of `weights` in whole multiples of `step` (the
    rounding of the product's unit of measure: 1 for Units, 0.001 for kg), by largest remainder,
    so the shares sum to exactly `total` and each is within one step of its exact share.

    `total` must itself be a whole number of steps (up to float noise): otherwise no split in
    steps adds up to it. All weights zero: an equal split. Returns {key: quantity}, in key order.
    Raises ValueError on a negative total or weight, a step <= 0 or a total not in steps."""
    keys = list(weights)
    if not keys:
        return {}
    if step <= 0:
        raise ValueError("the rounding step must be positive")
    _check(total, weights)
    # the step as the decimal it was typed as (0.01, not 0.01000000000000000020816...)
    step_dec = Decimal(repr(float(step)))
    steps = Decimal(repr(float(total))) / step_dec
    units = int(steps.to_integral_value())
    if abs(steps - units) > Decimal("1e-6"):
        raise ValueError(f"the total {total} is not a whole number of steps of {step}")
    parts = _largest_remainder(units, weights)
    return {k: float(step_dec * parts[i]) for i, k in enumerate(keys)}
