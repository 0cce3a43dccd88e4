from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..engine.budget import Benefit, check, consumption, remaining, utilisation

# input generation is slow on a loaded machine: the checks are about the arithmetic, not the clock
relaxed = settings(max_examples=150, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
amounts = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)
benefits = st.lists(st.tuples(st.floats(-1e5, 1e6), st.floats(-1e3, 1e5)), max_size=8).map(
    lambda pairs: [Benefit(amount, qty) for amount, qty in pairs])


@tagged("post_install", "-at_install")
class TestSchemeBudgetEngine(BaseCase):

    def test_examples(self):
        lines = [Benefit(35.0), Benefit(120.0, 2.0), Benefit(-5.0, -1.0)]
        self.assertEqual(consumption(lines, "value"), 155.0, "negative benefits take nothing")
        self.assertEqual(consumption(lines, "qty"), 2.0)
        self.assertEqual(consumption(lines, "none"), 0.0)
        self.assertEqual((remaining(100, 35), utilisation(100, 35), utilisation(0, 35)), (65, 35.0, 0.0))
        verdict = check(100.0, 70.0, 35.0)
        self.assertEqual((verdict.fits, verdict.remaining_before, verdict.over_by), (False, 30.0, 5.0))
        self.assertTrue(check(100.0, 65.0, 35.0).fits, "exactly at the budget fits")
        self.assertTrue(check(100.0, 100.004, 0.0).fits, "an order that takes nothing always fits")
        self.assertTrue(check(100.0, 65.0, 35.004).fits, "within half a cent")
        self.assertFalse(check(100.0, 65.0, 35.006).fits)
        with self.assertRaises(ValueError):
            consumption(lines, "percent")
        with self.assertRaises(ValueError):
            check(-1.0, 0.0, 1.0)

    @relaxed
    @given(benefits, benefits)
    def test_consumption_adds_up(self, first, second):
        for budget_type in ("value", "qty"):
            together = consumption(first + second, budget_type)
            apart = consumption(first, budget_type) + consumption(second, budget_type)
            self.assertAlmostEqual(together, apart, delta=1e-6 * max(1.0, together))
            self.assertGreaterEqual(together, 0.0)

    @relaxed
    @given(amounts, amounts, amounts)
    def test_fits_iff_within_budget(self, budget, before, order):
        verdict = check(budget, before, order)
        self.assertEqual(verdict.fits, order == 0 or before + order <= budget + 0.005)
        self.assertEqual(verdict.remaining_after, budget - (before + order))
        self.assertAlmostEqual(verdict.remaining_before - verdict.order, verdict.remaining_after, delta=1e-3)
        if verdict.fits:
            self.assertEqual(verdict.over_by, 0.0)
        else:
            self.assertGreater(verdict.over_by, 0.0)
            self.assertGreater(verdict.order, verdict.remaining_before)

    @relaxed
    @given(amounts, amounts, amounts)
    def test_more_never_fits_better(self, budget, before, order):
        """Taking more, or more taken already, never turns a refusal into a pass."""
        if not check(budget, before, order).fits:
            self.assertFalse(check(budget, before + 1.0, order).fits)
            self.assertFalse(check(budget, before, order + 1.0).fits)

    @relaxed
    @given(st.floats(min_value=0.01, max_value=1e7), amounts)
    def test_utilisation(self, budget, consumed):
        self.assertAlmostEqual(utilisation(budget, consumed) / 100.0 * budget, consumed,
                               delta=1e-6 * max(1.0, consumed))
        if consumed <= budget:
            self.assertLessEqual(utilisation(budget, consumed), 100.0)
        else:
            self.assertGreaterEqual(utilisation(budget, consumed), 100.0)
