"""Van sales balance: what was loaded must be explained by sales, returns and unloading."""
from dataclasses import dataclass

KINDS = ("loaded", "sold", "returned", "unloaded")


@dataclass(frozen=True)
class VanBalance:
    """One product's day on a van, in the product's unit."""
    loaded: float = 0.0
    sold: float = 0.0
    returned: float = 0.0
    unloaded: float = 0.0

    @property
    def variance(self):
        """Loaded - (sold - returned) - unloaded: positive is goods missing, negative a surplus."""
        return self.loaded - (self.sold - self.returned) - self.unloaded


def balances(totals, precision=1e-6):
    """{key: {kind: qty}} -> ({key: VanBalance}, keys with a non-zero variance, in key order).

    Unknown kinds are refused, so a typo never silently drops a move total."""
    result = {}
    for key, kinds in totals.items():
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError("unknown van move kinds: %s" % ", ".join(sorted(unknown)))
        result[key] = VanBalance(**{kind: float(kinds.get(kind, 0.0)) for kind in KINDS})
    off = [key for key in sorted(result) if abs(result[key].variance) > precision]
    return result, off
