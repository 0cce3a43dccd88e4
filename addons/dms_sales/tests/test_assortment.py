from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import DmsSalesCommon


@tagged("post_install", "-at_install")
class TestAssortment(DmsSalesCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tea = cls.env["product.product"].create({"name": "Tea 400g", "list_price": 200})
        Assortment = cls.env["dms.assortment"]
        cls.list_region = Assortment.create({
            "name": "North must-sell", "list_type": "must_sell", "territory_ids": [Command.set(cls.region.ids)],
            "line_ids": [Command.create({"product_id": cls.shampoo.id}),
                         Command.create({"product_id": cls.tea.id, "min_qty": 5})],
        })
        cls.list_area_2 = Assortment.create({
            "name": "Area 2 must-sell", "territory_ids": [Command.set(cls.area_2.ids)],
            "line_ids": [Command.create({"product_id": cls.soap.id})],
        })
        cls.list_south = Assortment.create({
            "name": "South focus", "list_type": "focus", "territory_ids": [Command.set(cls.other_region.ids)],
            "line_ids": [Command.create({"product_id": cls.soap.id})],
        })
        cls.lists = cls.list_region | cls.list_area_2 | cls.list_south

    def test_flags_on_the_order(self):
        order = self._create_order(lines=[(self.soap, 10), (self.shampoo, 2)])
        soap_line, shampoo_line = order.line_ids
        self.assertFalse(soap_line.is_must_sell)  # the soap list is Area 2's, not the outlet's
        self.assertTrue(shampoo_line.is_must_sell)  # the region's list covers the outlet's leaf
        self.assertEqual(order.must_sell_missing_ids, self.tea)
        # the outlet of Area 2 gets both lists: soap is there, shampoo and tea missing
        order_2 = self._create_order(outlet=self.outlet_2, lines=[(self.soap, 10)])
        self.assertTrue(order_2.line_ids.is_must_sell)
        self.assertEqual(order_2.must_sell_missing_ids, self.shampoo | self.tea)
        # a focus list flags nothing; nor does a list out of its dates or its outlets
        self.assertFalse(self._create_order(outlet=self.outlet_south).must_sell_missing_ids)
        self.list_region.date_to = fields.Date.today() - timedelta(days=1)
        self.list_area_2.partner_ids = self.outlet
        self.env.invalidate_all()
        self.assertFalse(order_2.must_sell_missing_ids)
        self.assertFalse(order_2.line_ids.is_must_sell)
        # the warning never blocks: the order confirms with must-sell products missing
        order.action_confirm()
        self.assertEqual(order.state, "confirmed")

    def test_form_shows_missing_products(self):
        with Form(self.env["dms.secondary.order"].with_user(self.rep)) as form:
            form.partner_id = self.outlet
            self.assertEqual(set(form.must_sell_missing_ids.ids), {self.shampoo.id, self.tea.id})
            with form.line_ids.new() as line:
                line.product_id = self.tea
                line.product_uom_qty = 5
            self.assertEqual(form.must_sell_missing_ids.ids, self.shampoo.ids)

    def test_access(self):
        Assortment = self.env["dms.assortment"]
        mine = Assortment.with_user(self.rep).search([("id", "in", self.lists.ids)])
        self.assertEqual(mine, self.list_region)  # the rep's leaf is below the region, not in Area 2
        self.assertEqual(Assortment.with_user(self.rep_2).search([("id", "in", self.lists.ids)]),
                         self.list_region | self.list_area_2)
        self.assertEqual(Assortment.with_user(self.supervisor).search([("id", "in", self.lists.ids)]),
                         self.list_region | self.list_area_2)
        self.assertEqual(Assortment.with_user(self.manager).search([("id", "in", self.lists.ids)]), self.lists)
        lines = self.env["dms.assortment.line"].with_user(self.rep).search([("assortment_id", "in", self.lists.ids)])
        self.assertEqual(lines.assortment_id, self.list_region)
        with self.assertRaises(AccessError):
            self.list_south.with_user(self.rep).read(["name"])
        with self.assertRaises(AccessError):
            self.list_region.with_user(self.rep).write({"name": "Mine"})
        with self.assertRaises(AccessError):
            Assortment.with_user(self.supervisor).create({"name": "New"})
        self.list_region.with_user(self.manager).write({"name": "North must-sell Q3"})
        # reassigned to the south, the rep sees the south's list at once and no longer the north's
        self.area.user_ids = [Command.unlink(self.rep.id)]
        self.other_region.user_ids = [Command.link(self.rep.id)]
        self.assertEqual(Assortment.with_user(self.rep).search([("id", "in", self.lists.ids)]), self.list_south)
        # distributor staff read the lists of the territories their distributor covers
        staff = new_test_user(self.env, "dms_assort_staff", groups="base.group_user,dms_sales.group_dms_distributor")
        staff.partner_id.parent_id = self.distributor
        self.assertEqual(Assortment.with_user(staff).search([("id", "in", self.lists.ids)]),
                         self.list_region | self.list_area_2)
        # the lists applying to an outlet hold whoever takes the order, whatever the rep may browse
        order = self._create_order(outlet=self.outlet_2, lines=[(self.soap, 10)])
        self.assertEqual(order.with_user(self.rep_2).must_sell_missing_ids, self.shampoo | self.tea)

    def _history(self, outlet, product, qty, days_ago):
        orders = self.env["dms.secondary.order"]
        for age in days_ago:
            orders |= self._create_order(
                outlet=outlet, lines=[(product, qty)],
                date_order=fields.Datetime.now() - timedelta(days=age))
        orders.action_confirm()
        return orders

    def test_suggested_order(self):
        # 3 x 24 soaps in the last 90 days: 0.8 a day, 5.6 for a week: one case of 24
        self._history(self.outlet, self.soap, 24, (10, 40, 70))
        suggestion = {s["product_id"]: s for s in self.outlet.with_user(self.rep)._dms_suggested_order()}
        self.assertEqual({p: s["qty"] for p, s in suggestion.items()},
                         {self.soap.id: 24.0, self.shampoo.id: 1.0, self.tea.id: 5.0})
        self.assertEqual(suggestion[self.soap.id]["reasons"], ["history"])
        self.assertEqual(suggestion[self.tea.id]["reasons"], ["must_sell"])
        # soap on the shelf for two weeks: none suggested; must-sell products stay
        counted = self.outlet._dms_suggested_order(shelf_stock={self.soap.id: 12})
        self.assertEqual({s["product_id"] for s in counted}, {self.shampoo.id, self.tea.id})
        # a rep cannot ask for an outlet they do not see
        with self.assertRaises(AccessError):
            self.outlet_south.with_user(self.rep)._dms_suggested_order()

    def test_fill_order_from_suggestion(self):
        self._history(self.outlet, self.soap, 24, (10, 40, 70))
        order = self._create_order(lines=[(self.tea, 12)]).with_user(self.rep)
        order.action_fill_suggestion()
        by_product = {line.product_id: line for line in order.line_ids}
        self.assertEqual({p: (line.product_uom_qty, line.suggested_qty) for p, line in by_product.items()}, {
            self.soap: (24.0, 24.0), self.shampoo: (1.0, 1.0),
            self.tea: (12.0, 5.0),  # typed 12, suggested 5: the rep's quantity stays
        })
        self.assertEqual(order.suggested_line_count, 3)
        self.assertFalse(order.must_sell_missing_ids)
        # the rep changes quantities; what was suggested stays, and is theirs to read only
        by_product[self.soap].product_uom_qty = 12
        self.assertEqual(by_product[self.soap].suggested_qty, 24.0)
        with self.assertRaises(AccessError):
            by_product[self.soap].write({"suggested_qty": 12})
        with self.assertRaises(AccessError):
            order.write({"suggested_line_count": 1})
        order.action_confirm()
        with self.assertRaises(UserError):
            order.action_fill_suggestion()
        # an outlet with nothing to suggest says so
        with self.assertRaises(UserError):
            self._create_order(outlet=self.outlet_south).action_fill_suggestion()
