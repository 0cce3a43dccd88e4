from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..engine.schemes import Scheme, Slab
from ..engine.suggest import SuggestInput, season_index, suggest_order

SOAP, SHAMPOO, TEA = 1, 2, 3
VISIT = date(2026, 6, 15)


def _weekly(product, qty, weeks=12, start=VISIT):
    return tuple((product, start - timedelta(days=7 * (i + 1)), qty) for i in range(weeks))


@tagged("post_install", "-at_install")
class TestSuggestEngine(BaseCase):

    def test_rate_covers_days_to_next_visit(self):
        # 12 units a week for 12 weeks: 12/7 a day, a week to cover: 12 units
        result = suggest_order(SuggestInput(VISIT, _weekly(SOAP, 12), cover_days=7, lookback_days=84))
        self.assertEqual(result[SOAP].qty, 12.0)
        self.assertEqual(result[SOAP].reasons, ["history"])
        # the same in cases of 24: one case
        result = suggest_order(SuggestInput(
            VISIT, _weekly(SOAP, 12), cover_days=7, lookback_days=84, case_sizes={SOAP: 24}))
        self.assertEqual(result[SOAP].qty, 24.0)

    def test_shelf_stock_reduces_and_can_cancel(self):
        data = {"visit_date": VISIT, "history": _weekly(SOAP, 12), "cover_days": 7, "lookback_days": 84}
        self.assertEqual(suggest_order(SuggestInput(**data, shelf_stock={SOAP: 5}))[SOAP].qty, 7.0)
        self.assertNotIn(SOAP, suggest_order(SuggestInput(**data, shelf_stock={SOAP: 30})))

    def test_tiny_need_suggests_nothing(self):
        # one unit in 90 days: 0.08 of a unit for a week, not worth a line
        history = ((SOAP, VISIT - timedelta(days=30), 1),)
        self.assertEqual(suggest_order(SuggestInput(VISIT, history)), {})

    def test_old_orders_outside_window_ignored(self):
        history = ((SOAP, VISIT - timedelta(days=200), 500),)
        self.assertEqual(suggest_order(SuggestInput(VISIT, history)), {})

    def test_must_sell_gap(self):
        result = suggest_order(SuggestInput(
            VISIT, _weekly(SOAP, 12), must_sell={TEA: 0, SHAMPOO: 10}, case_sizes={TEA: 6},
            shelf_stock={TEA: 100}))
        self.assertEqual(result[TEA].qty, 6.0)  # one case, even with a full shelf
        self.assertEqual(result[TEA].reasons, ["must_sell"])
        self.assertEqual(result[SHAMPOO].qty, 10.0)
        self.assertEqual(result[SOAP].reasons, ["history"])

    def test_seasonality(self):
        # two years of history: 1 a day, 3 a day in June
        history = []
        day = VISIT - timedelta(days=730)
        while day < VISIT:
            history.append((SOAP, day, 3 if day.month == 6 else 1))
            day += timedelta(days=1)
        entries = [(d, q) for _p, d, q in history]
        index = season_index(entries, VISIT)
        self.assertGreater(index, 2.0 - 1e-9)  # capped at 2
        flat = suggest_order(SuggestInput(VISIT, tuple(history), cover_days=7, lookback_days=30))
        # June's first half (3/day) and May's second half (1/day) in the window, doubled by June's index
        self.assertGreater(flat[SOAP].qty, 7 * 1.0 * 2 - 1)
        # under a year of history: no seasonality
        self.assertEqual(season_index(entries[-200:], VISIT), 1.0)

    def test_scheme_nudge(self):
        slab = Scheme("s", "qty_slab", product_ids=frozenset({SOAP, SHAMPOO}), slabs=(Slab(30, 5),))
        data = {"visit_date": VISIT, "cover_days": 7, "lookback_days": 84, "schemes": (slab,)}
        # 12 + 14 = 26: 4 short of 30 (within 20%): the largest line gets them
        history = _weekly(SOAP, 12) + _weekly(SHAMPOO, 14)
        result = suggest_order(SuggestInput(history=history, **data))
        self.assertEqual(result[SHAMPOO].qty, 18.0)
        self.assertEqual(result[SHAMPOO].reasons, ["history", "scheme"])
        self.assertEqual(result[SHAMPOO].scheme_id, "s")
        self.assertEqual(result[SOAP].qty, 12.0)
        # 12 + 7 = 19: too far from 30, nothing added
        result = suggest_order(SuggestInput(history=_weekly(SOAP, 12) + _weekly(SHAMPOO, 7), **data))
        self.assertEqual((result[SOAP].qty, result[SHAMPOO].qty), (12.0, 7.0))
        # value slab: 10 units at 9.5 = 95, 5 short of 100: one more unit
        value = Scheme("v", "value_slab", slabs=(Slab(100, 5),))
        result = suggest_order(SuggestInput(
            VISIT, _weekly(SOAP, 10), cover_days=7, lookback_days=84, schemes=(value,), prices={SOAP: 9.5}))
        self.assertEqual(result[SOAP].qty, 11.0)
        # free goods: buy 12 get 1, 11 suggested: 12
        free = Scheme("f", "free_goods", product_ids=frozenset({SOAP}), buy_qty=12, get_product_id=SOAP, get_qty=1)
        result = suggest_order(SuggestInput(
            VISIT, _weekly(SOAP, 11), cover_days=7, lookback_days=84, schemes=(free,)))
        self.assertEqual(result[SOAP].qty, 12.0)
        # tiered free goods: the next tier (20), not the next multiple of a buy quantity
        tiers = Scheme("t", "free_goods", product_ids=frozenset({SOAP}),
                       slabs=(Slab(10, get_product_id=SOAP, get_qty=1), Slab(20, get_product_id=SOAP, get_qty=3)))
        result = suggest_order(SuggestInput(
            VISIT, _weekly(SOAP, 17), cover_days=7, lookback_days=84, schemes=(tiers,)))
        self.assertEqual((result[SOAP].qty, result[SOAP].scheme_id), (20.0, "t"))

    def test_bad_input(self):
        with self.assertRaises(ValueError):
            suggest_order(SuggestInput(VISIT, shelf_stock={SOAP: -1}))
        with self.assertRaises(ValueError):
            suggest_order(SuggestInput(VISIT, lookback_days=0))


_history = st.lists(st.tuples(
    st.sampled_from((SOAP, SHAMPOO, TEA)), st.integers(1, 400), st.floats(0, 500, allow_nan=False)), max_size=30)
_products = st.sampled_from((SOAP, SHAMPOO, TEA))


def _input(history, **kw):
    return SuggestInput(VISIT, tuple((p, VISIT - timedelta(days=d), q) for p, d, q in history), **kw)


@tagged("post_install", "-at_install")
class TestSuggestEngineProperties(BaseCase):

    @settings(max_examples=150, deadline=None)
    @given(_history, st.dictionaries(_products, st.floats(0, 1000, allow_nan=False)),
           st.dictionaries(_products, st.sampled_from((0, 1, 6, 24))), st.floats(0, 30, allow_nan=False))
    def test_never_negative(self, history, shelf, cases, cover):
        slab = Scheme("s", "qty_slab", slabs=(Slab(50, 5), Slab(100, 8)))
        result = suggest_order(_input(history, shelf_stock=shelf, case_sizes=cases, cover_days=cover,
                                      schemes=(slab,)))
        for line in result.values():
            self.assertGreater(line.qty, 0)
            case = cases.get(line.product_id)
            if case:
                self.assertAlmostEqual(line.qty / case, round(line.qty / case))

    @settings(max_examples=150, deadline=None)
    @given(_history, st.dictionaries(_products, st.sampled_from((0, 1, 5, 12))),
           st.dictionaries(_products, st.floats(0, 1000, allow_nan=False)),
           st.dictionaries(_products, st.sampled_from((0, 6, 24))))
    def test_must_sell_always_suggested(self, history, must_sell, shelf, cases):
        result = suggest_order(_input(history, must_sell=must_sell, shelf_stock=shelf, case_sizes=cases))
        for product_id, minimum in must_sell.items():
            self.assertIn(product_id, result)
            self.assertGreaterEqual(result[product_id].qty, max(minimum, 1))
            self.assertIn("must_sell", result[product_id].reasons)

    @settings(max_examples=150, deadline=None)
    @given(_history, _products, st.floats(0, 500, allow_nan=False), st.floats(0, 500, allow_nan=False),
           st.dictionaries(_products, st.sampled_from((0, 6, 24))), st.booleans())
    def test_shelf_stock_reduces(self, history, product, low, high, cases, must):
        low, high = min(low, high), max(low, high)
        must_sell = {product: 0} if must else {}
        fewer = suggest_order(_input(history, shelf_stock={product: high}, case_sizes=cases, must_sell=must_sell))
        more = suggest_order(_input(history, shelf_stock={product: low}, case_sizes=cases, must_sell=must_sell))
        qty_fewer = fewer[product].qty if product in fewer else 0.0
        qty_more = more[product].qty if product in more else 0.0
        self.assertLessEqual(qty_fewer, qty_more)
        # other products do not change
        self.assertEqual({p: line.qty for p, line in fewer.items() if p != product},
                         {p: line.qty for p, line in more.items() if p != product})
