from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import DmsApiCommon


@tagged("post_install", "-at_install")
class TestDistributorPortal(DmsApiCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_north = cls._create_order(cls.outlet)
        cls.order_south = cls._create_order(cls.outlet_south)
        Claim = cls.env["dms.claim"]
        cls.claim_north, cls.claim_south = Claim.create([{
            "distributor_id": distributor.id, "date_from": fields.Date.today().replace(day=1),
            "date_to": fields.Date.today(),
        } for distributor in (cls.distributor, cls.distributor_south)])
        cls.medicine = cls.env["product.product"].create({
            "name": "Syrup 100ml", "is_storable": True, "tracking": "lot", "use_expiration_date": True})
        Lot = cls.env["stock.lot"]
        soon, later = Lot.create([
            {"name": "LOT-SOON", "product_id": cls.medicine.id,
             "expiration_date": fields.Datetime.now() + timedelta(days=10)},
            {"name": "LOT-LATER", "product_id": cls.medicine.id,
             "expiration_date": fields.Datetime.now() + timedelta(days=200)},
        ])
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.medicine, cls.distributor.dms_stock_location_id, 5, lot_id=soon)
        Quant._update_available_quantity(cls.medicine, cls.distributor.dms_stock_location_id, 9, lot_id=later)
        Quant._update_available_quantity(cls.soap, cls.distributor_south.dms_stock_location_id, 77)

    def setUp(self):
        super().setUp()
        self.authenticate("dms_dist_staff", "dms_dist_staff")

    def test_lists_show_only_own_distributor(self):
        page = self.url_open("/my/secondary_orders").text
        self.assertIn(self.order_north.name, page)
        self.assertNotIn(self.order_south.name, page)
        page = self.url_open("/my/claims").text
        self.assertIn(self.claim_north.name, page)
        self.assertNotIn(self.claim_south.name, page)

    def test_stock_highlights_near_expiry(self):
        page = self.url_open("/my/distributor_stock").text
        self.assertIn("LOT-SOON", page)
        self.assertIn("LOT-LATER", page)
        self.assertEqual(page.count("o_dms_near_expiry"), 1)
        self.assertNotIn("77.00", page, "another distributor's stock is not shown")

    def test_near_expiry_days_follow_the_company_setting(self):
        """The highlight uses the company's Near Expiry (days) setting of dms_inventory, not a constant."""
        company = self.env["res.users"].search([("login", "=", "dms_dist_staff")]).company_id
        company.dms_near_expiry_days = 300
        page = self.url_open("/my/distributor_stock").text
        self.assertEqual(page.count("o_dms_near_expiry"), 2, "both lots expire within 300 days")
        self.assertIn("within 300 days", page)
        company.dms_near_expiry_days = 5
        page = self.url_open("/my/distributor_stock").text
        self.assertEqual(page.count("o_dms_near_expiry"), 0, "no lot expires within 5 days")

    def test_guessing_another_distributors_order_id(self):
        response = self.url_open("/my/secondary_orders/%d" % self.order_north.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.order_north.name, response.text)
        for order_id in (self.order_south.id, 2_000_000_000):
            response = self.url_open("/my/secondary_orders/%d" % order_id, allow_redirects=False)
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.headers["Location"].endswith("/my"))

    def test_home_counters(self):
        counters = self.make_jsonrpc_request("/my/counters", {
            "counters": ["dms_secondary_order_count", "dms_stock_count", "dms_claim_count"]})
        self.assertEqual(counters, {"dms_secondary_order_count": 1, "dms_stock_count": 2, "dms_claim_count": 1})

    def test_tour_secondary_orders(self):
        self.start_tour("/my", "dms_api_portal_secondary_orders", login="dms_dist_staff")
