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
        territory = self.env["dms.territory"].create({"name": "Somewhere"})  # an outlet needs one
        outlet = self.env["res.partner"].create({
            "name": "Shop", "dms_role": "outlet", "dms_territory_id": territory.id})
        self.assertFalse(outlet.dms_stock_location_id)
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
