from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmsReportsAnalysisCommon


@tagged("post_install", "-at_install")
class TestReportSecondarySales(DmsReportsAnalysisCommon):

    def _rows(self, user=None, domain=None):
        Report = self.env["dms.report.secondary.sales"]
        if user:
            Report = Report.with_user(user)
        return Report.search(domain or [("order_id", "in", self.counted.ids + self.draft.ids + self.cancelled.ids)])

    def test_one_row_per_counted_line(self):
        rows = self._rows()
        lines = self.counted.line_ids
        self.assertEqual(sorted(rows.ids), sorted(lines.ids), "drafts and cancelled orders stay out")
        self.assertEqual(len(self.o1.line_ids.filtered("is_reward")), 1, "the towel scheme gave a free towel")
        by_id = {row.id: row for row in rows}
        for line in lines:
            row = by_id[line.id]
            order = line.order_id
            self.assertEqual(
                (row.order_id, row.date, row.territory_id, row.distributor_id, row.partner_id, row.channel_id,
                 row.outlet_class_id, row.user_id, row.product_id, row.categ_id, row.scheme_id, row.is_reward),
                (order, order.date_order, order.territory_id, order.distributor_id, order.partner_id,
                 order.channel_id, order.outlet_class_id, order.user_id, line.product_id,
                 line.product_id.categ_id, line.scheme_id, line.is_reward))
            self.assertAlmostEqual(row.price_subtotal, line.price_subtotal)
            self.assertAlmostEqual(row.price_total, line.price_total)
            self.assertAlmostEqual(row.price_gross, line.price_unit * line.product_uom_qty)
            self.assertAlmostEqual(row.scheme_discount + row.free_goods_value, line.scheme_amount)
            self.assertAlmostEqual(row.price_gross - row.scheme_discount - row.free_goods_value, row.price_subtotal,
                                   msg="gross less scheme benefits is the net on tax-excluded prices")

    def test_units_cases_and_amounts(self):
        rows = self._rows(domain=[("order_id", "in", (self.o1 | self.o2).ids)])
        got = sorted((r.product_id.name, r.qty_units, round(r.qty_cases, 4), r.price_gross, r.scheme_discount,
                      r.free_goods_value, r.price_subtotal) for r in rows)
        self.assertEqual(got, sorted([
            ("Soap 100g", 10, round(10 / 24, 4), 350, 35, 0, 315),
            ("Soap 100g", 48, 2, 1680, 168, 0, 1512),  # 2 cases of 24 ordered as cases
            ("Soap 100g", 24, 1, 840, 84, 0, 756),  # 2 dozen: 24 units, one case
            ("Shampoo 200ml", 10, 0, 1500, 0, 0, 1500),  # no case defined: 0 cases
            ("Towel", 1, 0, 60, 0, 60, 0),
        ]))

    def test_territory_levels(self):
        row = self._rows(domain=[("order_id", "=", self.o1.id)])[:1]
        self.assertEqual((row.territory_id, row.parent_territory_id, row.region_id),
                         (self.leaf, self.area, self.region))
        row_2 = self._rows(domain=[("order_id", "=", self.o2.id)])
        self.assertEqual((row_2.parent_territory_id, row_2.region_id), (self.region, self.region))
        groups = dict(self.env["dms.report.secondary.sales"]._read_group(
            [("order_id", "in", self.counted.ids), *self._this_month()], ["region_id"], ["price_subtotal:sum"]))
        self.assertAlmostEqual(groups[self.region], 315 + 1512 + 1500 + 756)
        self.assertAlmostEqual(groups[self.other_region], 4 * 40 * 0.9)

    def test_totals_match_source_on_all_data(self):
        """Whatever the database holds (demo data included): the report sums what the order lines sum."""
        Line = self.env["dms.secondary.order.line"]
        [(lines, net)] = Line._read_group(
            [("state", "in", ("confirmed", "delivered"))], [], ["__count", "price_subtotal:sum"])
        [(rows, report_net, gross, discount, free)] = self.env["dms.report.secondary.sales"]._read_group(
            [], [], ["__count", "price_subtotal:sum", "price_gross:sum", "scheme_discount:sum", "free_goods_value:sum"])
        self.assertEqual(rows, lines)
        self.assertAlmostEqual(report_net, net, places=2)
        [(scheme_amount,)] = Line._read_group([("state", "in", ("confirmed", "delivered"))], [], ["scheme_amount:sum"])
        self.assertAlmostEqual(discount + free, scheme_amount, places=2)
        self.assertGreaterEqual(gross, report_net)
        demo_orders = self.env.ref("dms_sales.res_partner_outlet_1_demo", raise_if_not_found=False)
        if demo_orders:  # with demo data, the demo orders are in the report too
            self.assertGreater(rows, len(self.counted.line_ids))

    def test_access_follows_territories_and_distributor(self):
        o1_rows = self._rows(domain=[("order_id", "=", self.o1.id)])
        o2_rows = self._rows(domain=[("order_id", "=", self.o2.id)])
        south_rows = self._rows(domain=[("order_id", "=", self.o5.id)])
        mine = self._rows(self.rep)
        self.assertEqual(mine.order_id, self.o1 | self.o6, "Area 1 rep: orders of Leaf only")
        self.assertEqual(self._rows(self.rep_2).order_id, self.o2, "Area 2 rep: not the south order they took")
        self.assertEqual(self._rows(self.supervisor).order_id, self.o1 | self.o2 | self.o6, "region manager")
        self.assertEqual(self._rows(self.staff).order_id, self.o1 | self.o2 | self.o6, "own distributor")
        self.assertEqual(self._rows(self.manager).order_id, self.counted)
        with self.assertRaises(AccessError):
            south_rows.with_user(self.rep).read(["price_subtotal"])
        with self.assertRaises(AccessError):
            o2_rows.with_user(self.rep).read(["price_subtotal"])
        # reassigning the rep takes effect at once (the rule goes through member_user_ids in SQL)
        self.area_2.user_ids = [(4, self.rep.id)]
        self.env.flush_all()
        self.assertEqual(self._rows(self.rep).order_id, self.o1 | self.o2 | self.o6)
        o1_rows.with_user(self.rep).read(["price_subtotal"])
        # grouped figures obey the rules too
        [(net,)] = self.env["dms.report.secondary.sales"].with_user(self.rep_2)._read_group(
            [("order_id", "in", self.counted.ids)], [], ["price_subtotal:sum"])
        self.assertAlmostEqual(net, 756)

    def test_multi_company_rule(self):
        other = self.env["res.company"].create({"name": "Other DMS Company"})
        user = self.manager
        user.write({"company_ids": [(4, other.id)], "company_id": other.id})
        Report = self.env["dms.report.secondary.sales"].with_user(user).with_context(allowed_company_ids=other.ids)
        self.assertFalse(Report.search([("order_id", "in", self.counted.ids)]))
        Report = Report.with_context(allowed_company_ids=[other.id, self.company.id])
        self.assertEqual(Report.search([("order_id", "in", self.counted.ids)]).order_id, self.counted)
