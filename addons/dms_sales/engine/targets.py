"""Target cascade arithmetic: split a parent target over its children, exactly.

Plain functions over plain data (no database), called by the cascade wizard."""


def split_total(total, weights, digits=2):
    """Split `total` over the keys of `weights` in proportion to their weights, each share rounded
    to `digits` decimals, the shares summing to exactly `total` (largest remainder: the units lost
    to rounding go to the keys with the largest remainders, ties to the first key).

    All weights zero (no history): an equal split. Returns {key: share}, in the keys' order.
    Raises ValueError on a negative total or weight."""
    keys = list(weights)
    if not keys:
        return {}
    if total < 0:
        raise ValueError("the total to split cannot be negative")
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights cannot be negative")
    scale = 10 ** digits
    units = round(total * scale)
    weight_sum = sum(weights.values())
    raw = [(weights[k] / weight_sum if weight_sum else 1 / len(keys)) * units for k in keys]
    floors = [int(r) for r in raw]
    left = units - sum(floors)
    order = sorted(range(len(keys)), key=lambda i: (-(raw[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return {k: floors[i] / scale for i, k in enumerate(keys)}
