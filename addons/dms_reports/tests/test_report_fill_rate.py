from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.dms_routing.tests.common import DmsOrderTripCommon

REPORT = "dms.report.fill.rate"


@tagged("post_install", "-at_install")
class TestReportFillRate(DmsOrderTripCommon):
    """Fill rate on real deliveries: 96 soaps ordered at Rahim, 72 delivered (proof of delivery);
    10 ordered at Karim's outlet, all delivered. Soap at 35 with 10% off: 3024 and 315 ordered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.draft = cls._create_order(lines=[(cls.soap, 5)])  # drafts never count

    def _deliver(self):
        self._proof(self.stop, [72], self.reason)
        self._proof(self.stop_2)
        self.env.flush_all()

    def _group(self, groupby, domain=None, user=None):
        Report = self.env[REPORT].with_user(user) if user else self.env[REPORT]
        return Report.read_group(
            domain or [("order_id", "in", (self.order | self.order_2 | self.draft).ids)],
            ["line_count:sum", "line_filled_count:sum", "qty_ordered:sum", "qty_delivered:sum", "value_ordered:sum",
             "value_delivered:sum", "fill_rate_qty:avg", "fill_rate_line:avg", "fill_rate_value:avg"],
            groupby, lazy=False)

    def test_line_figures(self):
        self._deliver()
        rows = self.env[REPORT].search([("order_id", "in", (self.order | self.order_2 | self.draft).ids)])
        self.assertEqual(len(rows), 2, "one row per line of the confirmed or delivered orders, no draft")
        short = rows.filtered(lambda r: r.order_id == self.order)
        self.assertEqual((short.state, short.partner_id, short.distributor_id, short.product_id),
                         ("delivered", self.outlet, self.distributor, self.soap))
        self.assertEqual((short.qty_ordered, short.qty_delivered, short.qty_short), (96, 72, 24))
        self.assertAlmostEqual(short.value_ordered, 3024)
        self.assertAlmostEqual(short.value_delivered, 2268)
        self.assertEqual((short.line_filled_count, short.fill_rate_line), (0, 0))
        self.assertAlmostEqual(short.fill_rate_qty, 75)
        self.assertAlmostEqual(short.fill_rate_value, 75)
        full = rows - short
        self.assertEqual((full.qty_ordered, full.qty_delivered, full.qty_short, full.line_filled_count),
                         (10, 10, 0, 1))
        self.assertAlmostEqual(full.fill_rate_value, 100)

    def test_group_rates_are_ratios_of_sums(self):
        self._deliver()
        [total] = self._group(["distributor_id"])
        self.assertEqual(total["distributor_id"][0], self.distributor.id)
        self.assertEqual((total["line_count"], total["line_filled_count"]), (2, 1))
        self.assertEqual((total["qty_ordered"], total["qty_delivered"]), (106, 82))
        self.assertAlmostEqual(total["value_ordered"], 3339)
        self.assertAlmostEqual(total["value_delivered"], 2583)
        self.assertAlmostEqual(total["fill_rate_line"], 50)
        # weighted by value, not the average of 75% and 100%
        self.assertAlmostEqual(total["fill_rate_value"], 100 * 2583 / 3339)
        self.assertAlmostEqual(total["fill_rate_qty"], 100 * 82 / 106)
        by_outlet = {g["partner_id"][0]: g["fill_rate_value"] for g in self._group(["partner_id"])}
        self.assertAlmostEqual(by_outlet[self.outlet.id], 75)
        self.assertAlmostEqual(by_outlet[self.outlet_2.id], 100)
        [by_product] = self._group(["product_id"])
        self.assertEqual(by_product["product_id"][0], self.soap.id)
        # a rate asked alone still reads its sums (the pivot asks only the measures shown)
        [alone] = self.env[REPORT].read_group(
            [("order_id", "in", self.order.ids)], ["fill_rate_value:avg"], [], lazy=False)
        self.assertAlmostEqual(alone["fill_rate_value"], 75)
        self.assertNotIn("value_ordered", alone)

    def test_undelivered_order_counts_zero_until_delivered(self):
        [row] = self._group([], domain=[("order_id", "=", self.order.id)])
        self.assertEqual((row["qty_delivered"], row["fill_rate_value"]), (0, 0))
        self.assertFalse(self.env[REPORT].search([("order_id", "=", self.order.id), ("state", "=", "delivered")]))

    def test_query_count_does_not_grow_with_groups(self):
        self._deliver()
        self._group(["partner_id"])  # warm the caches
        with self.assertQueryCount(3):
            groups = self._group(["partner_id", "product_id"])
        self.assertEqual(len(groups), 2)

    def test_access_rules(self):
        self._deliver()
        ids = (self.order | self.order_2).ids
        rep_2_rows = self.env[REPORT].with_user(self.rep_2).search([("order_id", "in", ids)])
        self.assertEqual(rep_2_rows.order_id, self.order_2, "a rep sees the lines of their territories")
        self.assertEqual(self.env[REPORT].with_user(self.rep).search([("order_id", "in", ids)]).order_id, self.order)
        self.assertEqual(self.env[REPORT].with_user(self.supervisor).search([("order_id", "in", ids)]).order_id,
                         self.order | self.order_2)
        outsider = new_test_user(self.env, "dms_fill_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env[REPORT].with_user(outsider).search([])
