from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmsReportsCommon


@tagged("post_install", "-at_install")
class TestReportMustSell(DmsReportsCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.must_sell = cls.env["dms.assortment"].create({
            "name": "North must-sell", "territory_ids": [Command.set(cls.region.ids)],
            "line_ids": [Command.create({"product_id": cls.soap.id}),
                         Command.create({"product_id": cls.shampoo.id})],
        })
        cls.orders = cls._create_order(lines=[(cls.soap, 10)]) \
            | cls._create_order(outlet=cls.outlet_2, lines=[(cls.shampoo, 2)]) \
            | cls._create_order(lines=[(cls.soap, 10), (cls.shampoo, 1)])
        cls.orders.action_confirm()
        cls._create_order(outlet=cls.outlet_2, lines=[(cls.soap, 5)])  # a draft counts for nothing

    def _rows(self, user=None, **kw):
        Report = self.env["dms.report.must.sell"]
        if user:
            Report = Report.with_user(user)
        month = fields.Date.today().replace(day=1)
        return Report.search([("assortment_id", "=", self.must_sell.id), ("month", "=", month),
                              *[(k, "=", v) for k, v in kw.items()]])

    def test_compliance(self):
        Report = self.env["dms.report.must.sell"]
        outlets = self._rows(kind="outlet")
        self.assertEqual(
            {(r.partner_id, r.product_id): r.ordered_count for r in outlets},
            {(self.outlet, self.soap): 1, (self.outlet, self.shampoo): 1,
             (self.outlet_2, self.soap): 0, (self.outlet_2, self.shampoo): 1})
        self.assertEqual(outlets.territory_id, self.leaf | self.area_2)
        domain = [("assortment_id", "=", self.must_sell.id), ("month", "=", fields.Date.today().replace(day=1))]
        by_product = {p: (n, c) for p, n, c in Report._read_group(
            [*domain, ("kind", "=", "outlet")], ["product_id"], ["ordered_count:sum", "compliance:avg"])}
        self.assertEqual(by_product, {self.soap: (1, 50.0), self.shampoo: (2, 100.0)})
        [(per_order, orders)] = Report._read_group(
            [*domain, ("kind", "=", "order")], [], ["must_sell_lines:avg", "order_count:sum"])
        self.assertEqual((round(per_order, 4), orders), (round(4 / 3, 4), 3))
        # outside the list's dates, nothing is expected
        self.must_sell.date_from = fields.Date.today() + timedelta(days=40)
        self.assertFalse(self._rows())

    def test_access(self):
        self.assertEqual(self._rows(self.rep).partner_id, self.outlet)
        self.assertEqual(self._rows(self.rep_2).partner_id, self.outlet_2)
        self.assertEqual(self._rows(self.staff).partner_id, self.outlet | self.outlet_2)
        self.assertEqual(self._rows(self.manager), self._rows())
        with self.assertRaises(AccessError):
            self._rows(kind="outlet", partner_id=self.outlet_2.id).with_user(self.rep).read(["ordered_count"])

    def test_suggestion_acceptance(self):
        history = self._create_order(lines=[(self.soap, 24)], date_order=fields.Datetime.now() - timedelta(days=20))
        history.action_confirm()
        order = self._create_order(lines=[]).with_user(self.rep)
        order.action_fill_suggestion()
        self.assertEqual({line.product_id: line.suggested_qty for line in order.line_ids},
                         {self.soap: 24.0, self.shampoo: 1.0})
        # the rep takes half the soap and drops the shampoo
        order.line_ids.filtered(lambda line: line.product_id == self.soap).product_uom_qty = 12
        order.line_ids.filtered(lambda line: line.product_id == self.shampoo).unlink()
        order.action_confirm()
        Report = self.env["dms.report.suggestion"]
        rows = Report.search([("order_id", "=", order.id)])
        self.assertEqual(sorted((r.product_id.id, r.suggested_qty, r.ordered_qty, r.kept_qty, r.kept_rate)
                                for r in rows), sorted([(self.soap.id, 24.0, 12.0, 12.0, 50.0),
                                                        (False, 0.0, 0.0, 0.0, 0.0)]))
        [(lines, kept, rate)] = Report._read_group(
            [("order_id", "=", order.id)], [], ["line_count:sum", "kept_line_count:sum", "kept_rate:avg"])
        self.assertEqual((lines, kept, rate), (2, 1, 25.0))
        self.assertEqual(Report.with_user(self.rep).search([("order_id", "=", order.id)]), rows)
        self.assertFalse(Report.with_user(self.rep_2).search([("order_id", "=", order.id)]))
