import math

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..engine import forecast as fc


@tagged("post_install", "-at_install")
class TestForecast(BaseCase):

    def test_constant_series(self):
        """10 a day, 7 days lead + 14 days cover = 210; less stock, plus safety, in cases of 12."""
        data = fc.ReplenishmentInput(
            daily_sales=(10,) * 56, on_hand=50, in_transit=20, lead_time_days=7, cover_days=14,
            safety_stock=30, case_size=12)
        s = fc.suggest(data)
        self.assertAlmostEqual(s.daily_forecast, 10)
        self.assertAlmostEqual(s.demand, 210)
        self.assertAlmostEqual(s.net_need, 170)
        self.assertEqual((s.quantity, s.cases), (180, 15))
        self.assertAlmostEqual(s.days_of_cover, 5)

    def test_table(self):
        cases = [
            # (kwargs, expected quantity)
            ({"daily_sales": (0,) * 28}, 0),  # no sales, no stock: nothing
            ({"daily_sales": (5,) * 28, "cover_days": 10, "on_hand": 100}, 0),  # covered already
            ({"daily_sales": (5,) * 28, "cover_days": 10, "case_size": 24}, 72),  # 50 -> 3 cases
            ({"daily_sales": (5,) * 28, "cover_days": 10, "case_size": 10}, 50),  # exact cases
            ({"daily_sales": (5,) * 28, "cover_days": 2, "case_size": 6, "moq": 40}, 42),  # MOQ, in cases
            ({"daily_sales": (4,) * 28, "cover_days": 2.5}, 10),  # fractional day pro rata
            ({"daily_sales": (), "safety_stock": 12, "case_size": 12}, 12),  # new product: safety only
        ]
        for kwargs, expected in cases:
            with self.subTest(**{k: v for k, v in kwargs.items() if k != "daily_sales"}):
                self.assertAlmostEqual(fc.suggest(fc.ReplenishmentInput(**kwargs)).quantity, expected)

    def test_smoothing_follows_a_step(self):
        """After a step from 10 to 20 the level moves (1 - alpha)^n of the way back to 10."""
        level = fc.smooth_level([10] * 10 + [20] * 3, alpha=0.5)
        self.assertAlmostEqual(level, 20 - 10 * 0.5 ** 3)

    def test_weekly_seasonality(self):
        """Weekends sell 4x: the seasonal forecast reproduces the weekly pattern exactly."""
        week = (5, 5, 5, 5, 5, 20, 20)  # Monday..Sunday
        series = week * 8
        daily = fc.forecast(series, 7, alpha=0.3, seasonal=True, first_weekday=0)
        for got, expected in zip(daily, week, strict=True):
            self.assertAlmostEqual(got, expected)
        # without seasonality the forecast is flat
        flat = fc.forecast(series, 7, alpha=0.3, seasonal=False)
        self.assertEqual(len({round(v, 6) for v in flat}), 1)
        # series starting on a Wednesday: indices follow the calendar, not the position
        shifted = fc.forecast(week[2:] + week * 7 + week[:2], 7, seasonal=True, first_weekday=2)
        for got, expected in zip(shifted, week[2:] + week[:2], strict=True):
            self.assertAlmostEqual(got, expected)

    def test_short_window_has_no_seasonality(self):
        self.assertEqual(fc.weekday_indices([1, 2, 3], 0), [1.0] * 7)

    def test_bad_input(self):
        for kwargs in ({"alpha": 0}, {"alpha": 1.5}, {"case_size": 0}, {"lead_time_days": -1},
                       {"moq": -5}, {"daily_sales": (1, -2)}):
            with self.subTest(**kwargs), self.assertRaises(ValueError):
                fc.suggest(fc.ReplenishmentInput(**{"daily_sales": (1,) * 7, **kwargs}))

    @settings(max_examples=200, deadline=None)
    @given(
        sales=st.lists(st.integers(0, 500), max_size=70),
        on_hand=st.integers(0, 5000), in_transit=st.integers(0, 1000),
        lead=st.integers(0, 30), cover=st.integers(0, 60), safety=st.integers(0, 500),
        case=st.integers(1, 48), moq=st.integers(0, 300), seasonal=st.booleans(),
    )
    def test_properties(self, sales, on_hand, in_transit, lead, cover, safety, case, moq, seasonal):
        s = fc.suggest(fc.ReplenishmentInput(
            daily_sales=tuple(sales), on_hand=on_hand, in_transit=in_transit, lead_time_days=lead,
            cover_days=cover, safety_stock=safety, case_size=case, moq=moq, seasonal=seasonal))
        # whole cases, never negative, covers the need, and never more than one case (or the MOQ) beyond it
        self.assertGreaterEqual(s.quantity, 0)
        self.assertAlmostEqual(s.quantity / case, s.cases)
        if s.net_need > 1e-9:
            self.assertGreaterEqual(s.quantity + 1e-6, s.net_need)
            self.assertGreaterEqual(s.quantity + 1e-6, moq)
            self.assertLess(s.quantity, max(s.net_need, moq) + case + 1e-6)
        else:
            self.assertEqual(s.quantity, 0)
        self.assertTrue(s.days_of_cover >= 0 or math.isinf(s.days_of_cover))
