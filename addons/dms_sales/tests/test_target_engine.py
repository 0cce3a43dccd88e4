"""The cascade split and incentive slabs: plain arithmetic, no database."""
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..engine.incentive import Slab, check_slabs, payout, slab_for
from ..engine.targets import split_quantity, split_total

money = st.decimals(min_value=0, max_value=10**9, places=2).map(float)
weights = st.dictionaries(st.integers(1, 10**6), st.floats(0, 10**7, allow_nan=False), min_size=1, max_size=30)
slab = st.builds(Slab, st.floats(0, 300, allow_nan=False), st.floats(0, 20, allow_nan=False),
                 st.floats(0, 10**5, allow_nan=False))


def relaxed(examples):
    """Input generation is slow on a loaded machine: the checks are about arithmetic, not the clock."""
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


PLAN = [Slab(80, 1), Slab(100.01, 1.5, 5000)]


@tagged("post_install", "-at_install")
class TestSplitTotal(BaseCase):

    @relaxed(300)
    @given(money, weights)
    def test_shares_sum_to_the_total_and_are_never_negative(self, total, w):
        shares = split_total(total, w)
        self.assertEqual(list(shares), list(w), "every key, in order")
        self.assertAlmostEqual(sum(shares.values()), total, places=2)
        self.assertEqual(round(sum(shares.values()) * 100), round(total * 100), "exact in cents")
        self.assertTrue(all(s >= 0 for s in shares.values()))

    @relaxed(200)
    @given(money, st.integers(1, 40))
    def test_no_history_splits_equally(self, total, n):
        shares = list(split_total(total, dict.fromkeys(range(n), 0)).values())
        self.assertLessEqual(round((max(shares) - min(shares)) * 100), 1, "at most one cent apart")

    @relaxed(200)
    @given(money, weights)
    def test_larger_weight_never_gets_less(self, total, w):
        shares = split_total(total, w)
        for a in w:
            for b in w:
                if w[a] > w[b]:
                    self.assertGreaterEqual(shares[a] + 0.01, shares[b])

    def test_examples(self):
        self.assertEqual(split_total(100, {"a": 1, "b": 1, "c": 1}), {"a": 33.34, "b": 33.33, "c": 33.33})
        self.assertEqual(split_total(1000, {"a": 300, "b": 100}), {"a": 750.0, "b": 250.0})
        self.assertEqual(split_total(0, {"a": 5}), {"a": 0.0})
        self.assertEqual(split_total(10, {}), {})
        with self.assertRaises(ValueError):
            split_total(-1, {"a": 1})
        with self.assertRaises(ValueError):
            split_total(1, {"a": -1})


# UoM roundings as Odoo ships them (Units, Dozens: 1; kg: 0.001; and a coarser 0.5)
steps = st.sampled_from([1.0, 0.01, 0.001, 0.5])


@st.composite
def quantity_split(draw):
    """(total, weights, step): a total that is a whole number of steps, as a target quantity is."""
    step = draw(steps)
    total = float(Decimal(repr(step)) * draw(st.integers(0, 10**7)))
    return total, draw(weights), step


@tagged("post_install", "-at_install")
class TestSplitQuantity(BaseCase):
    """Cascaded quantities in whole units of the product's UoM, adding up to the parent's."""

    @relaxed(400)
    @given(quantity_split())
    def test_sum_kept_each_near_its_share_none_negative(self, case):
        total, w, step = case
        shares = split_quantity(total, w, step)
        self.assertEqual(list(shares), list(w), "every key, in order")
        step_dec = Decimal(repr(step))
        in_steps = {k: Decimal(repr(q)) / step_dec for k, q in shares.items()}
        self.assertTrue(all(n == n.to_integral_value() for n in in_steps.values()), "whole steps only")
        self.assertEqual(sum(in_steps.values()), Decimal(repr(total)) / step_dec, "the sum is the total, exactly")
        self.assertTrue(all(q >= 0 for q in shares.values()), "no negative share")
        weight_sum = sum(Fraction(x) for x in w.values())
        for k, q in shares.items():
            exact = (Fraction(w[k]) / weight_sum if weight_sum else Fraction(1, len(w))) * Fraction(total)
            self.assertLess(abs(Fraction(q) - exact), Fraction(repr(step)) + Fraction(1, 10**9),
                            "within one unit of the exact share")

    def test_examples(self):
        self.assertEqual(split_quantity(400, {"a": 1, "b": 1, "c": 1}), {"a": 134.0, "b": 133.0, "c": 133.0},
                         "not 133.33 each: whole units, the remainder to the first")
        self.assertEqual(split_quantity(79, {"a": 650, "b": 140}), {"a": 65.0, "b": 14.0})
        self.assertEqual(split_quantity(1, {"a": 1, "b": 1, "c": 1}, 0.001), {"a": 0.334, "b": 0.333, "c": 0.333})
        self.assertEqual(split_quantity(0, {"a": 0}), {"a": 0.0})
        self.assertEqual(split_quantity(5, {}), {})
        self.assertEqual(split_quantity(79.0000000001, {"a": 1}), {"a": 79.0}, "float noise is not a fraction")
        for bad in ((100.5, {"a": 1}, 1), (-1, {"a": 1}, 1), (1, {"a": -1}, 1), (1, {"a": 1}, 0)):
            with self.assertRaises(ValueError):
                split_quantity(*bad)


@tagged("post_install", "-at_install")
class TestIncentiveSlabs(BaseCase):

    def test_the_plan_of_the_issue(self):
        self.assertEqual(payout(79_000, 100_000, PLAN)[1], 0.0, "under 80%: nothing")
        self.assertEqual(payout(80_000, 100_000, PLAN)[1], 800.0, "80%: 1% of the achieved value")
        self.assertEqual(payout(100_000, 100_000, PLAN)[1], 1000.0, "100%: still 1%")
        self.assertEqual(payout(120_000, 100_000, PLAN)[1], 1800.0 + 5000, "above 100%: 1.5% + bonus")
        self.assertEqual(payout(5_000, 0, PLAN), (0.0, 0.0, None), "no target: no achievement")

    def test_bad_slabs(self):
        with self.assertRaises(ValueError):
            check_slabs([Slab(80, 1), Slab(80, 2)])
        with self.assertRaises(ValueError):
            check_slabs([Slab(80, -1)])

    @relaxed(300)
    @given(money, money, st.lists(slab, max_size=6, unique_by=lambda s: s.min_percent))
    def test_amount_is_the_matching_slab_or_nothing(self, achieved, target, slabs):
        percent, amount, found = payout(achieved, target, slabs)
        self.assertGreaterEqual(amount, 0)
        below = [s for s in slabs if s.min_percent <= percent]
        if not below or achieved <= 0:
            self.assertEqual(amount, 0)
        else:
            best = max(below, key=lambda s: s.min_percent)
            self.assertEqual(found, best)
            self.assertAlmostEqual(amount, achieved * best.rate_percent / 100 + best.fixed_bonus, delta=0.01)

    @relaxed(300)
    @given(money, st.floats(1, 10**9), st.floats(1, 10**9))
    def test_selling_more_never_pays_less_when_slabs_rise(self, target, a, b):
        low, high = sorted((a, b))
        self.assertLessEqual(payout(low, target or 1, PLAN)[1], payout(high, target or 1, PLAN)[1])

    @relaxed(200)
    @given(st.floats(0, 500, allow_nan=False), st.lists(slab, max_size=6, unique_by=lambda s: s.min_percent))
    def test_slab_for_is_the_highest_start_reached(self, percent, slabs):
        found = slab_for(percent, slabs)
        reached = [s.min_percent for s in slabs if s.min_percent <= percent]
        self.assertEqual(found and found.min_percent, max(reached) if reached else None)
