import datetime

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestDistributorStock(DmsInventoryCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"dms_replenish_window_days": 28, "dms_near_expiry_days": 30})
        cls.soap.product_tmpl_id.write({"tracking": "lot", "use_expiration_date": True})
        now = fields.Datetime.now()
        cls.lot_near, cls.lot_far, cls.lot_expired = cls.env["stock.lot"].create([
            {"name": "NEAR", "product_id": cls.soap.id, "expiration_date": now + datetime.timedelta(days=10)},
            {"name": "FAR", "product_id": cls.soap.id, "expiration_date": now + datetime.timedelta(days=200)},
            {"name": "OLD", "product_id": cls.soap.id, "expiration_date": now - datetime.timedelta(days=2)},
        ])
        cls._stock_at(cls.distributor, cls.soap, 30, lot=cls.lot_near)
        cls._stock_at(cls.distributor, cls.soap, 40, lot=cls.lot_far)
        cls._stock_at(cls.distributor, cls.soap, 5, bucket="expired", lot=cls.lot_expired)
        cls._stock_at(cls.distributor_south, cls.shampoo, 12)
        cls._delivered_sales(cls.outlet, cls.soap, 5, 28)      # 5 a day: 70 saleable = 14 days
        cls._delivered_sales(cls.outlet, cls.shampoo, 2, 28)   # sold, none in stock: stock-out

    def test_report_cover_and_expiry(self):
        Stock = self.env["dms.distributor.stock"]
        rows = Stock.search([("distributor_id", "=", self.distributor.id)])
        self.assertEqual(len(rows), 3)
        near = rows.filtered(lambda r: r.lot_id == self.lot_near)
        self.assertEqual((near.is_near_expiry, near.is_expired, near.bucket), (True, False, "saleable"))
        self.assertAlmostEqual(near.daily_velocity, 5)
        self.assertAlmostEqual(near.days_of_cover, 14)
        self.assertEqual(near.value_cost, 30 * self.soap.standard_price)
        self.assertFalse(rows.filtered(lambda r: r.lot_id == self.lot_far).is_near_expiry)
        self.assertTrue(rows.filtered(lambda r: r.lot_id == self.lot_expired).is_expired)
        partner = self.distributor
        self.assertEqual(partner.dms_near_expiry_count, 2)
        self.assertAlmostEqual(partner.dms_days_of_cover, 70 / 7)  # all products: 70 / (5 + 2)
        self.assertEqual(Stock.search(partner.action_view_dms_near_expiry()["domain"]).lot_id,
                         self.lot_near | self.lot_expired)

    def test_alerts_once(self):
        self.distributor.user_id = self.supervisor
        Partner = self.env["res.partner"]
        Partner._cron_dms_stock_alerts()
        Partner._cron_dms_stock_alerts()
        activities = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.distributor.id)])
        self.assertEqual(sorted(activities.activity_type_id.mapped("name")),
                         ["Distributor Near Expiry", "Distributor Stock-out"], "one of each, not duplicated")
        self.assertEqual(activities.user_id, self.supervisor)
        stock_out = activities.filtered(lambda a: "Stock-out" in a.summary)
        self.assertIn("Shampoo", stock_out.note)
        self.assertNotIn("Soap", stock_out.note)

    def test_rep_reads_stock_of_distributors_serving_the_territory(self):
        Quant = self.env["stock.quant"]
        # rep works the area of the outlet served by the north distributor
        mine = Quant.with_user(self.rep).search([("location_id.dms_distributor_id", "!=", False)])
        self.assertEqual(mine.location_id.dms_distributor_id, self.distributor)
        south = Quant.search([("location_id", "=", self.distributor_south._dms_bucket_location("saleable").id)])
        with self.assertRaises(AccessError):
            south.with_user(self.rep).read(["quantity"])
        with self.assertRaises(AccessError):
            mine[:1].with_user(self.rep).write({"inventory_quantity": 1})
        report = self.env["dms.distributor.stock"].with_user(self.rep).search([])
        self.assertEqual(report.distributor_id, self.distributor)
        # reassigning the rep's territory takes effect at once
        self.area.user_ids = [(3, self.rep.id)]
        self.other_region.user_ids = [(4, self.rep.id)]
        self.env.flush_all()
        self.assertEqual(Quant.with_user(self.rep).search(
            [("location_id.dms_distributor_id", "!=", False)]).location_id.dms_distributor_id, self.distributor_south)

    def test_distributor_staff_and_companies(self):
        clerk = new_test_user(self.env, "stock_clerk", groups="base.group_user,dms_sales.group_dms_distributor")
        clerk.partner_id.parent_id = self.distributor_south
        report = self.env["dms.distributor.stock"].with_user(clerk).search([])
        self.assertEqual(report.distributor_id, self.distributor_south)
        self.assertEqual(report.quantity, 12)
        other = self.env["res.company"].create({"name": "Other Co"})
        manager = new_test_user(self.env, "other_manager", groups="dms_sales.group_dms_manager",
                                company_id=other.id, company_ids=[(6, 0, other.ids)])
        self.assertFalse(self.env["dms.distributor.stock"].with_user(manager).search([]))
        run = self.env["dms.replenishment"].create({"distributor_ids": [(6, 0, self.distributor.ids)]})
        with self.assertRaises(AccessError):
            run.with_user(manager).read(["name"])
