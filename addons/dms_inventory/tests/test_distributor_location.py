from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestDistributorLocation(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.product = cls.env["product.product"].create({"name": "Soap 100g", "is_storable": True})
        cls.distributor, cls.distributor_2 = cls.env["res.partner"].create([
            {"name": "Dist One", "dms_role": "distributor", "is_company": True},
            {"name": "Dist Two", "dms_role": "distributor", "is_company": True},
        ])

    def test_location_created_with_distributor(self):
        location = self.distributor.dms_stock_location_id
        self.assertEqual(location.usage, "internal")
        self.assertEqual(location.dms_distributor_id, self.distributor)
        self.assertEqual(location.location_id, self.env.company.dms_distributor_location_id)
        self.assertEqual(location.location_id.usage, "view")
        # one shared view location per company
        self.assertEqual(self.distributor_2.dms_stock_location_id.location_id, location.location_id)

    def test_location_follows_role_and_archive(self):
        outlet = self.env["res.partner"].create({"name": "Shop", "dms_role": "wholesaler"})
        self.assertFalse(outlet.dms_stock_location_id, "only distributors hold stock here")
        outlet.dms_role = "distributor"
        self.assertTrue(outlet.dms_stock_location_id)
        outlet.action_archive()
        self.assertFalse(outlet.dms_stock_location_id.active)
        outlet.action_unarchive()
        self.assertTrue(outlet.dms_stock_location_id.active)

    def test_distributor_user_sees_own_stock_only(self):
        Quant = self.env["stock.quant"]
        for dist in (self.distributor, self.distributor_2):
            Quant._update_available_quantity(self.product, dist.dms_stock_location_id, 10, owner_id=dist)
        clerk = new_test_user(self.env, "dist_clerk", groups="dms_sales.group_dms_distributor,base.group_portal")
        clerk.partner_id.parent_id = self.distributor
        visible = Quant.with_user(clerk).search([("product_id", "=", self.product.id)])
        self.assertEqual(visible.location_id, self.distributor.dms_stock_location_id)
        other = Quant.search([("location_id", "=", self.distributor_2.dms_stock_location_id.id)])
        with self.assertRaises(AccessError):
            other.with_user(clerk).read(["quantity"])
        action = self.distributor.action_view_dms_stock()
        self.assertEqual(Quant.search(action["domain"]).quantity, 10)

    def test_bucket_locations(self):
        parent = self.distributor.dms_stock_location_id
        buckets = self.env["stock.location"].search([("location_id", "=", parent.id)])
        self.assertEqual(
            sorted(buckets.mapped("dms_bucket")), ["blocked", "damaged", "expired", "saleable", "transit"])
        self.assertTrue(all(loc.usage == "internal" for loc in buckets))
        self.assertEqual(buckets.dms_distributor_id, self.distributor)
        saleable = self.distributor._dms_bucket_location("saleable")
        self.assertEqual(saleable.dms_bucket, "saleable")
        self.assertNotEqual(saleable, self.distributor_2._dms_bucket_location("saleable"))

    def test_existing_distributors_get_locations(self):
        """Distributors of the demo data (created before this module) have their buckets."""
        padma = self.env.ref("dms_sales.res_partner_distributor_padma_demo", raise_if_not_found=False)
        if not padma:
            self.skipTest("installed without demo data")
        self.assertTrue(padma._dms_bucket_location("damaged"))
        # the first one created: later demo data (van sales) may sell from another location
        order = self.env["dms.secondary.order"].search([("distributor_id", "=", padma.id)], order="id", limit=1)
        self.assertEqual(order.location_id, padma._dms_bucket_location("saleable"))

    def test_bucket_locations_of_several_distributors_at_once(self):
        """Orders created together look their distributors' saleable stock up in one query."""
        shop = self.env["res.partner"].create({"name": "No stock", "dms_role": "wholesaler"})
        partners = self.distributor | self.distributor_2 | shop
        partners.mapped("dms_stock_location_id")
        with self.assertQueryCount(1):
            found = partners._dms_bucket_locations("saleable")
        self.assertEqual(found, {
            self.distributor: self.distributor._dms_bucket_location("saleable"),
            self.distributor_2: self.distributor_2._dms_bucket_location("saleable"),
            shop: self.env["stock.location"]})
        self.assertTrue(all(found[d].dms_bucket == "saleable" for d in (self.distributor, self.distributor_2)))
