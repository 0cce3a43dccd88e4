from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmsReportsAnalysisCommon


@tagged("post_install", "-at_install")
class TestReportSellInOut(DmsReportsAnalysisCommon):

    def _by_product(self, user=None, distributor=None):
        Report = self.env["dms.report.sell.in.out"]
        if user:
            Report = Report.with_user(user)
        return {product: values for product, *values in Report._read_group(
            [("distributor_id", "=", (distributor or self.distributor).id), *self._this_month()], ["product_id"],
            ["sell_in_qty:sum", "sell_in_value:sum", "sell_out_qty:sum", "sell_out_value:sum",
             "stock_buildup_qty:sum"])}

    def test_sell_in_against_sell_out(self):
        got = self._by_product()
        # soap: in 100 + 5 dozen = 160 units for 4,500; out 10 + 48 + 24 = 82 units for 315 + 1,512 + 756
        self.assertEqual([round(v, 2) for v in got[self.soap]], [160, 4500, 82, 2583, 78])
        self.assertEqual([round(v, 2) for v in got[self.shampoo]], [10, 1200, 10, 1500, 0])
        self.assertEqual([round(v, 2) for v in got[self.towel]], [0, 0, 1, 0, -1], "free goods leave stock too")

    def test_sources_and_months(self):
        Report = self.env["dms.report.sell.in.out"]
        sell_in = Report.search([("kind", "=", "sell_in"), ("distributor_id", "=", self.distributor.id)])
        self.assertEqual(len(sell_in), 3, "only the confirmed order; not the quotation")
        self.assertFalse(Report.search([("distributor_id", "=", self.customer.id)]), "not a distributor: no sell-in")
        [(qty, value)] = Report._read_group(
            [("distributor_id", "=", self.distributor.id), ("kind", "=", "sell_out"),
             ("date", "<", self.month_start), ("date", ">=", self.month_start.replace(day=1, month=1, year=2000))],
            [], ["sell_out_qty:sum", "sell_out_value:sum"])
        self.assertEqual((qty, value), (20, 630), "last month: o6, 20 soap at 31.5")
        # totals against the source records, on all data
        [(in_value,)] = self.env["sale.order.line"]._read_group(
            [("order_id", "=", self.primary.id)], [], ["price_subtotal:sum"])
        [(report_in,)] = Report._read_group([("id", "in", [line.id * 2 for line in self.primary.order_line])], [],
                                            ["sell_in_value:sum"])
        self.assertAlmostEqual(report_in, in_value)

    def test_access(self):
        self.assertEqual(set(self._by_product(user=self.staff)), {self.soap, self.shampoo, self.towel})
        self.assertFalse(self._by_product(user=self.staff, distributor=self.distributor_south),
                         "staff see their own distributor only")
        # a rep sees the sell-out of their outlets only; the sales order to the distributor is
        # in the distributor's territory (North), which the region's manager sees
        self.assertEqual(self.primary.dms_territory_id, self.region)
        rep_rows = self.env["dms.report.sell.in.out"].with_user(self.rep).search([("distributor_id", "!=", False)])
        self.assertEqual(set(rep_rows.mapped("kind")), {"sell_out"})
        self.assertEqual(rep_rows.territory_id, self.leaf)
        self.assertEqual([round(v, 2) for v in self._by_product(user=self.supervisor)[self.soap]],
                         [160, 4500, 82, 2583, 78])
        self.assertFalse(self._by_product(user=self.rep, distributor=self.distributor_south))
        south = self.env["dms.report.sell.in.out"].search([("distributor_id", "=", self.distributor_south.id)])
        with self.assertRaises(AccessError):
            south.with_user(self.rep).read(["sell_out_value"])
