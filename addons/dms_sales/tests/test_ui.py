from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDmsSalesUi(HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        territory = cls.env["dms.territory"].create({"name": "Tour Territory"})
        cls.rep = new_test_user(
            cls.env, "tour_rep", password="tour_rep_pw",
            groups="dms_sales.group_dms_rep,product.group_stock_packaging")
        territory.user_ids = cls.rep
        pricelist = cls.env["product.pricelist"].create({"name": "Tour outlet prices"})
        distributor = cls.env["res.partner"].create({
            "name": "Tour Distributor", "is_company": True, "dms_role": "distributor",
            "dms_covered_territory_ids": [(6, 0, territory.ids)], "dms_secondary_pricelist_id": pricelist.id,
        })
        cls.outlet = cls.env["res.partner"].create({
            "name": "Tour Outlet", "is_company": True, "dms_role": "outlet",
            "dms_territory_id": territory.id, "dms_distributor_id": distributor.id,
        })
        soap = cls.env["product.product"].create({"name": "Tour Soap", "list_price": 40, "taxes_id": False})
        cls.env["product.packaging"].create({"name": "Tour Case", "product_id": soap.id, "qty": 12, "sales": True})
        cls.env["product.pricelist.item"].create({
            "pricelist_id": pricelist.id, "applied_on": "0_product_variant", "product_id": soap.id,
            "compute_price": "fixed", "fixed_price": 30,
        })

    def test_rep_enters_and_confirms_an_order_in_cases(self):
        self.start_tour("/odoo", "dms_secondary_order_tour", login="tour_rep")
        order = self.env["dms.secondary.order"].search([("partner_id", "=", self.outlet.id)])
        self.assertEqual(order.state, "confirmed")
        self.assertEqual(order.user_id, self.rep)
        self.assertEqual(order.line_ids.product_uom_qty, 24)
        self.assertEqual(order.amount_untaxed, 720)


@tagged("post_install", "-at_install")
class TestDmsOutletApprovalUi(HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = new_test_user(
            cls.env, "tour_sup", password="tour_sup_pw", groups="dms_sales.group_dms_supervisor")
        rep = new_test_user(cls.env, "tour_rep2", groups="dms_sales.group_dms_rep")
        territory = cls.env["dms.territory"].create({
            "name": "Tour Region", "manager_id": cls.supervisor.id, "user_ids": [(4, rep.id)]})
        distributor = cls.env["res.partner"].create({
            "name": "Tour Distributor 2", "is_company": True, "dms_role": "distributor",
            "dms_covered_territory_ids": [(6, 0, territory.ids)],
        })
        outlet = {"is_company": True, "dms_role": "outlet", "dms_territory_id": territory.id,
                  "dms_distributor_id": distributor.id}
        cls.old = cls.env["res.partner"].create({**outlet, "name": "Tour Old Kiosk", "phone": "01711-000111"})
        cls.new = cls.env["res.partner"].with_user(rep).create(
            {**outlet, "name": "Tour New Kiosk", "phone": "+880 1711 000111"}).sudo()

    def test_supervisor_approves_a_proposed_outlet(self):
        self.assertEqual(self.new.dms_outlet_state, "proposed")
        self.assertEqual(self.new.dms_duplicate_ids, self.old)
        self.start_tour("/odoo", "dms_outlet_approval_tour", login="tour_sup")
        self.assertEqual(self.new.dms_outlet_state, "approved")
