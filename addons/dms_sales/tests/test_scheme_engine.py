from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..engine.schemes import (
    ComboComponent,
    FreeGood,
    OrderLine,
    Scheme,
    Slab,
    apply_schemes,
    round_amount,
)

SOAP, SHAMPOO, TOWEL = 1, 2, 3
PERSONAL_CARE = 100


def _line(line_id, product, qty, price, case=0.0, categs=()):
    return OrderLine(line_id, product, qty, price, frozenset(categs), case)


def _slab_scheme(sid, thresholds, rule_type="qty_slab", **kw):
    slabs = tuple(Slab(t, v, dt) for t, v, dt in thresholds)
    return Scheme(sid, rule_type, slabs=slabs, **kw)


@tagged("post_install", "-at_install")
class TestSchemeEngine(BaseCase):

    def _discounts(self, result):
        return {lid: (d.amount, round(d.percent, 6), d.scheme_ids) for lid, d in result.lines.items()}

    def test_slabs(self):
        qty_slabs = ((10, 5, "percent"), (20, 8, "percent"))
        cases = [
            # (description, lines, scheme, expected {line: (amount, percent, schemes)})
            ("below the first slab", [_line(1, SOAP, 9 * 24, 1, case=24)],
             _slab_scheme("q", qty_slabs, qty_uom="case"), {}),
            ("exactly the first slab", [_line(1, SOAP, 10 * 24, 1, case=24)],
             _slab_scheme("q", qty_slabs, qty_uom="case"), {1: (12.0, 5.0, ("q",))}),
            ("the best slab reached", [_line(1, SOAP, 25 * 24, 1, case=24)],
             _slab_scheme("q", qty_slabs, qty_uom="case"), {1: (48.0, 8.0, ("q",))}),
            ("cases summed over lines", [_line(1, SOAP, 5 * 24, 2, case=24), _line(2, SOAP, 5 * 24, 2, case=24)],
             _slab_scheme("q", qty_slabs, qty_uom="case"), {1: (12.0, 5.0, ("q",)), 2: (12.0, 5.0, ("q",))}),
            ("no case size: no cases counted", [_line(1, SOAP, 1000, 1)],
             _slab_scheme("q", qty_slabs, qty_uom="case"), {}),
            ("unit slab", [_line(1, SOAP, 10, 3)], _slab_scheme("q", qty_slabs), {1: (1.5, 5.0, ("q",))}),
            ("out of product scope", [_line(1, SHAMPOO, 50, 3)],
             _slab_scheme("q", qty_slabs, product_ids=frozenset({SOAP})), {}),
            ("in category scope", [_line(1, SHAMPOO, 50, 2, categs=(PERSONAL_CARE,))],
             _slab_scheme("q", qty_slabs, categ_ids=frozenset({PERSONAL_CARE})), {1: (8.0, 8.0, ("q",))}),
            ("value slab", [_line(1, SOAP, 10, 60), _line(2, SHAMPOO, 1, 400)],
             _slab_scheme("v", ((500, 2, "percent"), (1000, 4, "percent")), "value_slab"),
             {1: (24.0, 4.0, ("v",)), 2: (16.0, 4.0, ("v",))}),
            ("fixed amount shared by gross", [_line(1, SOAP, 1, 300), _line(2, SHAMPOO, 1, 100)],
             _slab_scheme("v", ((100, 40, "fixed"),), "value_slab"),
             {1: (30.0, 10.0, ("v",)), 2: (10.0, 10.0, ("v",))}),
            ("fixed amount larger than the lines", [_line(1, SOAP, 1, 30)],
             _slab_scheme("v", ((10, 500, "fixed"),), "value_slab"), {1: (30.0, 100.0, ("v",))}),
            ("rounding of a third", [_line(1, SOAP, 1, 10)],
             _slab_scheme("q", ((1, 33.333, "percent"),)), {1: (3.33, 33.3, ("q",))}),
        ]
        for description, lines, scheme, expected in cases:
            with self.subTest(description):
                self.assertEqual(self._discounts(apply_schemes(lines, [scheme])), expected)

    def test_fixed_remainder_goes_to_largest_line(self):
        lines = [_line(1, SOAP, 1, 10), _line(2, SOAP, 1, 10), _line(3, SOAP, 1, 20)]
        result = apply_schemes(lines, [_slab_scheme("v", ((1, 10, "fixed"),), "value_slab")])
        self.assertEqual([result.lines[i].amount for i in (1, 2, 3)], [2.5, 2.5, 5.0])
        result = apply_schemes(lines[:2] + [_line(3, SOAP, 1, 10)],
                               [_slab_scheme("v", ((1, 10, "fixed"),), "value_slab")])
        self.assertAlmostEqual(sum(d.amount for d in result.lines.values()), 10.0)

    def test_free_goods(self):
        cases = [
            # (description, qty of soap, repeating, expected free towels)
            ("below the buy quantity", 9, True, []),
            ("exactly once", 10, True, [FreeGood(TOWEL, 1, "f")]),
            ("repeating", 35, True, [FreeGood(TOWEL, 3, "f")]),
            ("not repeating", 35, False, [FreeGood(TOWEL, 1, "f")]),
        ]
        for description, qty, repeating, expected in cases:
            with self.subTest(description):
                scheme = Scheme("f", "free_goods", product_ids=frozenset({SOAP}), buy_qty=10,
                                get_product_id=TOWEL, get_qty=1, repeating=repeating)
                result = apply_schemes([_line(1, SOAP, qty, 5), _line(2, SHAMPOO, 100, 5)], [scheme])
                self.assertEqual(result.free_goods, expected)
                self.assertEqual(result.lines, {}, "free goods give no discount on the bought lines")
        scheme = Scheme("f", "free_goods", buy_qty=2, get_product_id=TOWEL, get_qty=1, qty_uom="case")
        result = apply_schemes([_line(1, SOAP, 24 * 5, 1, case=24)], [scheme])
        self.assertEqual(result.free_goods, [FreeGood(TOWEL, 2, "f")], "5 cases, one free every 2 cases")

    def test_tiered_free_goods(self):
        """One scheme, tiers of free goods: buy 10 get 1, buy 20 get 3 towels, buy 50 get 8 towels and
        1 shampoo; the highest tier reached gives, once."""
        tiers = (Slab(10, get_product_id=TOWEL, get_qty=1), Slab(20, get_product_id=TOWEL, get_qty=3),
                 Slab(50, get_product_id=TOWEL, get_qty=8), Slab(50, get_product_id=SHAMPOO, get_qty=1))
        scheme = Scheme("t", "free_goods", product_ids=frozenset({SOAP}), slabs=tiers)
        cases = [
            ("below the first tier", 9, []),
            ("first tier", 10, [FreeGood(TOWEL, 1, "t")]),
            ("second tier, not twice the first", 25, [FreeGood(TOWEL, 3, "t")]),
            ("top tier, two products", 120, [FreeGood(TOWEL, 8, "t"), FreeGood(SHAMPOO, 1, "t")]),
        ]
        for description, qty, expected in cases:
            with self.subTest(description):
                result = apply_schemes([_line(1, SOAP, qty, 5), _line(2, SHAMPOO, 100, 5)], [scheme])
                self.assertEqual(result.free_goods, expected)
                self.assertEqual(result.applied_scheme_ids, ["t"] if expected else [])
                self.assertEqual(result.lines, {})
        in_cases = Scheme("t", "free_goods", qty_uom="case", slabs=(Slab(2, get_product_id=TOWEL, get_qty=1),))
        self.assertEqual(apply_schemes([_line(1, SOAP, 48, 1, case=24)], [in_cases]).free_goods,
                         [FreeGood(TOWEL, 1, "t")], "two cases reach the tier of 2 cases")
        same_product = Scheme("t", "free_goods", slabs=(Slab(5, get_product_id=TOWEL, get_qty=1),
                                                        Slab(5, get_product_id=TOWEL, get_qty=2)))
        self.assertEqual(apply_schemes([_line(1, SOAP, 5, 1)], [same_product]).free_goods,
                         [FreeGood(TOWEL, 3, "t")], "one product's quantities of a tier add up")

    def test_combo(self):
        combo = Scheme("c", "combo", percent=10, combo=(ComboComponent(SOAP, 10), ComboComponent(SHAMPOO, 2)))
        cases = [
            ("both components", [(SOAP, 10), (SHAMPOO, 2), (TOWEL, 5)], {1: (10.0, 10.0, ("c",)),
                                                                        2: (2.0, 10.0, ("c",))}),
            ("one short", [(SOAP, 10), (SHAMPOO, 1)], {}),
            ("one missing", [(SOAP, 50)], {}),
            ("a component on two lines", [(SOAP, 4), (SOAP, 6), (SHAMPOO, 2)],
             {1: (4.0, 10.0, ("c",)), 2: (6.0, 10.0, ("c",)), 3: (2.0, 10.0, ("c",))}),
        ]
        for description, quantities, expected in cases:
            with self.subTest(description):
                lines = [_line(i, p, q, 10) for i, (p, q) in enumerate(quantities, 1)]
                self.assertEqual(self._discounts(apply_schemes(lines, [combo])), expected)

    def test_priority_and_stacking(self):
        lines = [_line(1, SOAP, 10, 10), _line(2, SHAMPOO, 10, 10)]
        exclusive_soap = _slab_scheme("a", ((1, 10, "percent"),), priority=1, product_ids=frozenset({SOAP}))
        stack_all = _slab_scheme("b", ((1, 5, "percent"),), priority=2, stackable=True)
        exclusive_all = _slab_scheme("c", ((1, 20, "percent"),), priority=3)
        cases = [
            ("exclusive blocks later schemes on its lines",
             [exclusive_soap, stack_all], {1: (10.0, 10.0, ("a",)), 2: (5.0, 5.0, ("b",))}),
            ("stackable schemes add up",
             [stack_all, _slab_scheme("d", ((1, 3, "percent"),), priority=5, stackable=True)],
             {1: (8.0, 8.0, ("b", "d")), 2: (8.0, 8.0, ("b", "d"))}),
            ("a later exclusive scheme skips lines already given something",
             [exclusive_soap, stack_all, exclusive_all], {1: (10.0, 10.0, ("a",)), 2: (5.0, 5.0, ("b",))}),
            ("priority, not list order, decides",
             [exclusive_all, exclusive_soap], {1: (10.0, 10.0, ("a",)), 2: (20.0, 20.0, ("c",))}),
            ("stacking never passes 100%",
             [_slab_scheme("x", ((1, 70, "percent"),), stackable=True),
              _slab_scheme("y", ((1, 60, "percent"),), priority=20, stackable=True)],
             {1: (100.0, 100.0, ("x", "y")), 2: (100.0, 100.0, ("x", "y"))}),
        ]
        for description, schemes, expected in cases:
            with self.subTest(description):
                self.assertEqual(self._discounts(apply_schemes(lines, schemes)), expected)
        free = Scheme("f", "free_goods", priority=1, buy_qty=5, get_product_id=TOWEL, get_qty=1)
        result = apply_schemes(lines, [free, stack_all])
        self.assertEqual(len(result.free_goods), 2 - 1, "one free-goods scheme, one entry")
        self.assertEqual(result.lines, {}, "the exclusive free-goods scheme claimed the lines")
        self.assertEqual(result.applied_scheme_ids, ["f"])

    def test_rounding(self):
        cases = [(2.675, 0.01, 2.68), (2.5, 1, 3.0), (1.02, 0.05, 1.0), (1.03, 0.05, 1.05), (0.0, 0.01, 0.0)]
        for amount, rounding, expected in cases:
            with self.subTest(amount=amount, rounding=rounding):
                self.assertAlmostEqual(round_amount(amount, rounding), expected)
        result = apply_schemes([_line(1, SOAP, 3, 7.77)], [_slab_scheme("q", ((1, 5, "percent"),))], rounding=0.05)
        self.assertAlmostEqual(result.lines[1].amount, 1.15, msg="23.31 x 5% = 1.1655, to 0.05")
        with self.assertRaises(ValueError):
            round_amount(1, 0)

    def test_bad_input(self):
        bad = [
            Scheme("s", "mystery"),
            Scheme("s", "qty_slab"),
            _slab_scheme("s", ((0, 5, "percent"),)),
            _slab_scheme("s", ((1, 150, "percent"),)),
            _slab_scheme("s", ((1, 5, "bogus"),)),
            Scheme("s", "free_goods", buy_qty=10, get_qty=1),
            Scheme("s", "free_goods", slabs=(Slab(10, get_qty=1),)),
            Scheme("s", "free_goods", slabs=(Slab(0, get_product_id=TOWEL, get_qty=1),)),
            Scheme("s", "free_goods", slabs=(Slab(10, get_product_id=TOWEL, get_qty=0),)),
            Scheme("s", "combo", percent=10),
            Scheme("s", "combo", percent=0, combo=(ComboComponent(SOAP, 1),)),
            Scheme("s", "qty_slab", slabs=(Slab(1, 1),), qty_uom="pallet"),
        ]
        for scheme in bad:
            with self.subTest(scheme=scheme), self.assertRaises(ValueError):
                apply_schemes([_line(1, SOAP, 1, 1)], [scheme])
        with self.assertRaises(ValueError):
            apply_schemes([_line(1, SOAP, 1, 1), _line(1, SOAP, 2, 1)], [])

    def test_nothing_in_nothing_out(self):
        result = apply_schemes([], [_slab_scheme("q", ((1, 5, "percent"),))])
        self.assertEqual((result.lines, result.free_goods, result.applied_scheme_ids), ({}, [], []))
        result = apply_schemes([_line(1, SOAP, -5, 10), _line(2, SOAP, 5, 0)],
                               [_slab_scheme("q", ((1, 5, "percent"),))])
        self.assertEqual(result.lines, {}, "negative quantities and zero prices get no discount")


_amounts = st.floats(min_value=0, max_value=10_000, allow_nan=False, allow_infinity=False)
_lines = st.lists(
    st.builds(OrderLine, id=st.integers(), product_id=st.sampled_from([SOAP, SHAMPOO, TOWEL]),
              qty=st.floats(min_value=-5, max_value=1_000, allow_nan=False, allow_infinity=False),
              price_unit=_amounts, categ_ids=st.frozensets(st.sampled_from([PERSONAL_CARE, 101]), max_size=2),
              units_per_case=st.sampled_from([0.0, 6.0, 24.0])),
    max_size=6, unique_by=lambda line: line.id)
_slabs = st.lists(st.builds(Slab, threshold=st.floats(min_value=0.5, max_value=5_000),
                            value=st.floats(min_value=0.01, max_value=100),
                            discount_type=st.sampled_from(["percent", "fixed"])), min_size=1, max_size=4)
_scope = st.frozensets(st.sampled_from([SOAP, SHAMPOO, TOWEL]), max_size=2)
_schemes = st.lists(st.one_of(
    st.builds(Scheme, id=st.integers(), rule_type=st.sampled_from(["qty_slab", "value_slab"]),
              priority=st.integers(0, 5), stackable=st.booleans(), product_ids=_scope,
              qty_uom=st.sampled_from(["unit", "case"]), slabs=_slabs.map(tuple)),
    st.builds(Scheme, id=st.integers(), rule_type=st.just("free_goods"), priority=st.integers(0, 5),
              stackable=st.booleans(), product_ids=_scope, buy_qty=st.floats(min_value=0.5, max_value=50),
              get_product_id=st.just(TOWEL), get_qty=st.floats(min_value=1, max_value=5), repeating=st.booleans()),
    st.builds(Scheme, id=st.integers(), rule_type=st.just("free_goods"), priority=st.integers(0, 5),
              stackable=st.booleans(), product_ids=_scope, qty_uom=st.sampled_from(["unit", "case"]),
              slabs=st.lists(st.builds(Slab, threshold=st.floats(min_value=0.5, max_value=500),
                                       get_product_id=st.sampled_from([SOAP, TOWEL]),
                                       get_qty=st.floats(min_value=0.5, max_value=10)),
                             min_size=1, max_size=4).map(tuple)),
    st.builds(Scheme, id=st.integers(), rule_type=st.just("combo"), priority=st.integers(0, 5),
              stackable=st.booleans(), percent=st.floats(min_value=0.01, max_value=100),
              combo=st.lists(st.builds(ComboComponent, product_id=st.sampled_from([SOAP, SHAMPOO]),
                                       min_qty=st.floats(min_value=0.5, max_value=20)),
                             min_size=1, max_size=2).map(tuple)),
), max_size=5, unique_by=lambda scheme: scheme.id)


@tagged("post_install", "-at_install")
class TestSchemeEngineProperties(BaseCase):

    @settings(max_examples=300, deadline=None)
    @given(lines=_lines, schemes=_schemes, rounding=st.sampled_from([0.01, 0.05, 1.0]))
    def test_discount_never_exceeds_line(self, lines, schemes, rounding):
        result = apply_schemes(lines, schemes, rounding)
        by_id = {line.id: line for line in lines}
        for line_id, discount in result.lines.items():
            gross = by_id[line_id].gross
            self.assertGreaterEqual(discount.amount, 0)
            self.assertLessEqual(discount.amount, gross + 1e-9)
            self.assertTrue(0 <= discount.percent <= 100)
            self.assertTrue(discount.scheme_ids)
            self.assertTrue(set(discount.scheme_ids) <= set(result.applied_scheme_ids))
        for free in result.free_goods:
            self.assertGreater(free.qty, 0)
        exclusive = {s.id for s in schemes if not s.stackable}
        for discount in result.lines.values():
            if exclusive & set(discount.scheme_ids):
                self.assertEqual(len(discount.scheme_ids), 1, "an exclusive scheme is alone on its lines")

    @settings(max_examples=150, deadline=None)
    @given(qty=st.integers(min_value=0, max_value=500), buy=st.integers(min_value=1, max_value=30),
           get=st.integers(min_value=1, max_value=5), repeating=st.booleans())
    def test_free_goods_count(self, qty, buy, get, repeating):
        scheme = Scheme("f", "free_goods", buy_qty=buy, get_product_id=TOWEL, get_qty=get, repeating=repeating)
        result = apply_schemes([_line(1, SOAP, qty, 1)], [scheme])
        earned = sum(free.qty for free in result.free_goods)
        expected = (qty // buy) * get if repeating else (get if qty >= buy else 0)
        self.assertEqual(earned, expected)

    @settings(max_examples=200, deadline=None)
    @given(tiers=st.lists(st.tuples(st.integers(min_value=1, max_value=100), st.sampled_from([TOWEL, SHAMPOO]),
                                    st.integers(min_value=1, max_value=10)), min_size=1, max_size=5),
           qty=st.integers(min_value=0, max_value=200), more=st.integers(min_value=0, max_value=200))
    def test_tiered_free_goods(self, tiers, qty, more):
        """The tier given is the highest reached (all its products, nothing of lower tiers), and
        buying more never moves to a lower tier."""
        scheme = Scheme("t", "free_goods", slabs=tuple(Slab(t, get_product_id=p, get_qty=q) for t, p, q in tiers))

        def given_tier(bought):
            result = apply_schemes([_line(1, SOAP, bought, 1)], [scheme])
            reached = [t for t, __, __ in tiers if t <= bought]
            expected = {}
            for threshold, product, get in tiers:
                if reached and threshold == max(reached):
                    expected[product] = expected.get(product, 0) + get
            self.assertEqual({free.product_id: free.qty for free in result.free_goods}, expected)
            self.assertEqual(len(result.free_goods), len(expected), "one free good per product of the tier")
            return max(reached, default=0)

        self.assertLessEqual(given_tier(qty), given_tier(qty + more))

    @settings(max_examples=150, deadline=None)
    @given(lines=_lines, percent=st.floats(min_value=0.01, max_value=100))
    def test_more_quantity_never_lowers_the_slab(self, lines, percent):
        low = _slab_scheme("q", ((10, percent / 2, "percent"), (20, percent, "percent")))
        lines = [line for line in lines if line.gross >= 1]  # percent noise of rounding stays small
        before = apply_schemes(lines, [low], rounding=1e-6)
        bigger = [OrderLine(line.id, line.product_id, max(line.qty, 0) + 20, line.price_unit, line.categ_ids)
                  for line in lines]
        after = apply_schemes(bigger, [low], rounding=1e-6)
        for line_id, discount in before.lines.items():
            self.assertGreaterEqual(after.lines[line_id].percent + 1e-3, discount.percent)
