from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import DmsSalesCommon


@tagged("post_install", "-at_install")
class TestTarget(DmsSalesCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env["dms.target"])
        cls.month = today.replace(day=1)
        cls.last_month_day = datetime.combine(cls.month - timedelta(days=1), datetime.min.time())
        cls._create_categories()
        cls.staff = new_test_user(cls.env, "dms_staff_t", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.staff.partner_id.parent_id = cls.distributor

        # rep, outlet in Leaf (under Area 1): soap 10 x 35 = 350 confirmed, shampoo 2 x 150 = 300 delivered
        cls._order_in_state("confirmed", lines=[(cls.soap, 10)], user_id=cls.rep.id)
        cls._order_in_state("delivered", lines=[(cls.shampoo, 2)], user_id=cls.rep.id)
        # not counted: draft, cancelled, last month
        cls._order_in_state("draft", lines=[(cls.soap, 100)], user_id=cls.rep.id)
        cls._order_in_state("cancel", lines=[(cls.soap, 100)], user_id=cls.rep.id)
        cls._order_in_state("confirmed", lines=[(cls.soap, 100)], user_id=cls.rep.id,
                            date_order=cls.last_month_day)
        # rep_2, outlet_2 in Area 2: soap 4 x 35 = 140
        cls._order_in_state("confirmed", outlet=cls.outlet_2, lines=[(cls.soap, 4)], user_id=cls.rep_2.id)
        # south: shampoo 1 x 150
        cls._order_in_state("confirmed", outlet=cls.outlet_south, lines=[(cls.shampoo, 1)], user_id=cls.rep_2.id)

        # primary sales to the distributor: confirmed 5 soap x 40 + 1 shampoo x 150; a draft quotation
        SaleOrder = cls.env["sale.order"]
        confirmed = SaleOrder.create({
            "partner_id": cls.distributor.id,
            "order_line": [Command.create({"product_id": cls.soap.id, "product_uom_qty": 5, "price_unit": 40}),
                           Command.create({"product_id": cls.shampoo.id, "product_uom_qty": 1,
                                           "price_unit": 150})],
        })
        confirmed.action_confirm()
        SaleOrder.create({
            "partner_id": cls.distributor.id,
            "order_line": [Command.create({"product_id": cls.soap.id, "product_uom_qty": 50, "price_unit": 40})],
        })

    @classmethod
    def _order_in_state(cls, state, **kwargs):
        order = cls._create_order(**kwargs)
        if state in ("confirmed", "delivered"):
            order.action_confirm()
        if state == "delivered":
            order.action_deliver()
        if state == "cancel":
            order.action_cancel()
        return order

    def _target(self, **vals):
        return self.env["dms.target"].create({"month": self.month, "target_value": 1000, **vals})

    def test_rep_target_with_category(self):
        form = Form(self.env["dms.target"].with_user(self.manager))
        form.target_type = "rep"
        form.user_id = self.rep
        form.month = self.month + timedelta(days=10)
        form.target_value = 1000
        form.target_qty = 20
        target = form.save()
        self.assertEqual(target.month, self.month, "stored as the first day of the month")
        self.assertEqual(target.date_to.month, self.month.month)
        self.assertEqual(target.achieved_value, 650)
        self.assertEqual(target.achieved_qty, 12)
        self.assertAlmostEqual(target.achieved_value_percent, 65)
        self.assertAlmostEqual(target.achieved_qty_percent, 60)
        soap = self._target(target_type="rep", user_id=self.rep.id, categ_id=self.categ_soap.id)
        care = self._target(target_type="rep", user_id=self.rep.id, categ_id=self.categ_care.id)
        last = self._target(target_type="rep", user_id=self.rep.id, month=self.last_month_day.date())
        self.assertEqual((soap.achieved_value, soap.achieved_qty), (350, 10))
        self.assertEqual(care.achieved_value, 650, "sub-categories count")
        self.assertEqual(last.achieved_value, 3500, "last month's order only")

    def test_territory_targets_subtree(self):
        region, area, area_2, leaf, south = (self._target(target_type="territory", territory_id=t.id) for t in (
            self.region, self.area, self.area_2, self.leaf, self.other_region))
        hair = self._target(target_type="territory", territory_id=self.region.id, categ_id=self.categ_hair.id)
        self.assertEqual(region.achieved_value, 350 + 300 + 140)
        self.assertEqual(area.achieved_value, 650, "Leaf is under Area 1")
        self.assertEqual(leaf.achieved_value, 650)
        self.assertEqual(area_2.achieved_value, 140)
        self.assertEqual(south.achieved_value, 150)
        self.assertEqual((hair.achieved_value, hair.achieved_qty), (300, 2))

    def test_distributor_target_counts_primary_sales(self):
        target = self._target(target_type="distributor", distributor_id=self.distributor.id, target_qty=12)
        soap = self._target(target_type="distributor", distributor_id=self.distributor.id,
                            categ_id=self.categ_soap.id)
        south = self._target(target_type="distributor", distributor_id=self.distributor_south.id)
        self.assertEqual((target.achieved_value, target.achieved_qty), (350, 6))
        self.assertAlmostEqual(target.achieved_qty_percent, 50)
        self.assertEqual(soap.achieved_value, 200)
        self.assertEqual(south.achieved_value, 0)

    def test_bad_input(self):
        self._target(target_type="rep", user_id=self.rep.id)
        with self.assertRaisesRegex(ValidationError, "already a target"):
            self._target(target_type="rep", user_id=self.rep.id, month=self.month + timedelta(days=3))
        self._target(target_type="rep", user_id=self.rep.id, categ_id=self.categ_soap.id)  # another category
        with self.assertRaisesRegex(ValidationError, "needs a Territory"):
            self._target(target_type="territory", user_id=self.rep.id)
        with self.assertRaisesRegex(ValidationError, "cannot also have a Territory"):
            self._target(target_type="rep", user_id=self.rep_2.id, territory_id=self.area.id)
        with self.assertRaisesRegex(ValidationError, "set a Target Value, a Target Quantity or both"):
            self._target(target_type="rep", user_id=self.rep_2.id, target_value=0)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._target(target_type="rep", user_id=self.supervisor.id, target_value=-5)

    def test_access(self):
        mine = self._target(target_type="rep", user_id=self.rep.id)
        other_rep = self._target(target_type="rep", user_id=self.rep_2.id)
        area = self._target(target_type="territory", territory_id=self.area.id)
        area_2 = self._target(target_type="territory", territory_id=self.area_2.id)
        region = self._target(target_type="territory", territory_id=self.region.id)
        dist = self._target(target_type="distributor", distributor_id=self.distributor.id)
        south = self._target(target_type="distributor", distributor_id=self.distributor_south.id)
        south_area = self._target(target_type="territory", territory_id=self.other_region.id)
        Target = self.env["dms.target"]
        self.assertEqual(Target.with_user(self.rep).search([]), mine | area)
        self.assertEqual(Target.with_user(self.supervisor).search([]), mine | other_rep | area | area_2 | region | dist)
        self.assertEqual(Target.with_user(self.staff).search([]), dist)
        self.assertEqual(Target.with_user(self.manager).search([]), Target.search([]))
        self.assertEqual(mine.with_user(self.rep).achieved_value, 650)
        self.assertEqual(dist.with_user(self.staff).achieved_value, 350, "staff read primary sales figures")
        with self.assertRaises(AccessError):
            other_rep.with_user(self.rep).read(["achieved_value"])
        with self.assertRaises(AccessError):
            south.with_user(self.supervisor).read(["name"])
        with self.assertRaises(AccessError):
            south_area.with_user(self.staff).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.rep).write({"target_value": 1})
        with self.assertRaises(AccessError):
            Target.with_user(self.supervisor).create({
                "target_type": "rep", "user_id": self.rep.id, "month": self.month, "target_value": 5})
        # moving the rep to Area 2 shows Area 2's targets at once
        self.area.user_ids = [Command.unlink(self.rep.id)]
        self.area_2.user_ids = [Command.link(self.rep.id)]
        self.env.flush_all()
        self.assertEqual(Target.with_user(self.rep).search([]), mine | area_2)

    def test_achievement_queries_do_not_grow(self):
        users = [new_test_user(self.env, f"dms_rep_q{i}", groups="dms_sales.group_dms_rep") for i in range(6)]
        few = self._target(target_type="rep", user_id=self.rep.id) | self._target(
            target_type="territory", territory_id=self.area.id)
        many = few | self.env["dms.target"].create([
            {"target_type": "rep", "user_id": user.id, "month": self.month, "target_value": 10} for user in users
        ] + [{"target_type": "territory", "territory_id": t.id, "month": self.month, "target_value": 10}
             for t in (self.region, self.area_2, self.leaf)])

        def count(targets):
            self.env.flush_all()
            self.env.invalidate_all()
            count0 = self.cr.sql_log_count
            targets.mapped("achieved_value")
            return self.cr.sql_log_count - count0

        self.assertLessEqual(count(many), count(few) + 1, "grouped reads, not one query per target")

    def test_outlet_and_sku_targets(self):
        outlet = self._target(target_type="outlet", outlet_id=self.outlet.id)
        outlet_2 = self._target(target_type="outlet", outlet_id=self.outlet_2.id)
        outlet_hair = self._target(target_type="outlet", outlet_id=self.outlet.id, product_id=self.shampoo.id)
        rep_soap = self._target(target_type="rep", user_id=self.rep.id, product_id=self.soap.id, target_qty=20)
        region_soap = self._target(target_type="territory", territory_id=self.region.id, product_id=self.soap.id)
        dist_soap = self._target(target_type="distributor", distributor_id=self.distributor.id,
                                 product_id=self.soap.id)
        self.assertEqual((outlet.achieved_value, outlet.achieved_qty), (650, 12), "whoever took the orders")
        self.assertEqual(outlet_2.achieved_value, 140)
        self.assertEqual((outlet_hair.achieved_value, outlet_hair.achieved_qty), (300, 2))
        self.assertEqual((rep_soap.achieved_value, rep_soap.achieved_qty), (350, 10))
        self.assertAlmostEqual(rep_soap.achieved_qty_percent, 50)
        self.assertEqual(region_soap.achieved_value, 350 + 140)
        self.assertEqual((dist_soap.achieved_value, dist_soap.achieved_qty), (200, 5))
        self.assertIn("Soap 100g", rep_soap.name)
        with self.assertRaisesRegex(ValidationError, "already a target"):
            self._target(target_type="outlet", outlet_id=self.outlet.id, product_id=self.shampoo.id)
        with self.assertRaisesRegex(ValidationError, "not both"):
            self._target(target_type="outlet", outlet_id=self.outlet_2.id, product_id=self.soap.id,
                         categ_id=self.categ_soap.id)
        with self.assertRaisesRegex(ValidationError, "needs a Outlet|needs an? Outlet"):
            self._target(target_type="outlet", user_id=self.rep_2.id)
        # a rep sees the outlet targets of their territories' outlets, not the others'
        Target = self.env["dms.target"].with_user(self.rep)
        self.assertEqual(Target.search([("target_type", "=", "outlet")]), outlet | outlet_hair)
        with self.assertRaises(AccessError):
            outlet_2.with_user(self.rep).read(["achieved_value"])

    def test_outlet_and_sku_achievement_queries_do_not_grow(self):
        few = self._target(target_type="outlet", outlet_id=self.outlet.id) | self._target(
            target_type="rep", user_id=self.rep.id, product_id=self.soap.id)
        many = few | self.env["dms.target"].create([
            {"target_type": "outlet", "outlet_id": o.id, "month": self.month, "target_value": 10,
             "product_id": p.id} for o in (self.outlet, self.outlet_2, self.outlet_south)
            for p in (self.soap, self.shampoo)
        ] + [{"target_type": "rep", "user_id": self.rep_2.id, "month": self.month, "target_value": 10,
              "product_id": self.shampoo.id}])

        def count(targets):
            self.env.flush_all()
            self.env.invalidate_all()
            count0 = self.cr.sql_log_count
            self.assertTrue(any(targets.mapped("achieved_value")))
            return self.cr.sql_log_count - count0

        self.assertLessEqual(count(many), count(few) + 2, "one grouped read for the batch")

    # ------------------------------------------------------------------
    # Cascade
    # ------------------------------------------------------------------

    def _cascade(self, target, user=None, **vals):
        wizard = self.env["dms.target.cascade"].with_user(user or self.manager).create(
            {"target_id": target.id, **vals})
        wizard.action_apply()
        return target.child_ids

    def test_cascade_to_reps_by_last_period_share_is_idempotent(self):
        # next month's North target, split by this month's sales in North: rep 650, rep_2 140
        next_month = self.month + timedelta(days=40)
        region = self._target(target_type="territory", territory_id=self.region.id, month=next_month,
                              target_value=1000, target_qty=79)
        children = self._cascade(region, rule="history")
        self.assertEqual(children.mapped("target_type"), ["rep", "rep"])
        by_rep = {child.user_id: child for child in children}
        self.assertEqual(set(by_rep), {self.rep, self.rep_2})
        self.assertAlmostEqual(by_rep[self.rep].target_value, 822.78, places=2)
        self.assertAlmostEqual(by_rep[self.rep_2].target_value, 177.22, places=2)
        self.assertAlmostEqual(sum(children.mapped("target_value")), 1000, places=2)
        self.assertAlmostEqual(sum(children.mapped("target_qty")), 79, places=2)
        self.assertEqual(set(children.mapped("cascade_rule")), {"history"})
        self.assertEqual((region.rep_cascaded_value, region.rep_cascaded_qty), (1000, 79))
        # again, after the manager raised the territory's target: the same targets, updated
        region.target_value = 2000
        again = self._cascade(region, rule="equal")
        self.assertEqual(again, children, "updated, not duplicated")
        self.assertEqual(again.mapped("target_value"), [1000, 1000])
        self.assertEqual(self.env["dms.target"].search_count([("month", "=", region.month),
                                                              ("target_type", "=", "rep")]), 2)

    def test_cascade_adopts_a_target_set_by_hand_and_splits_to_outlets(self):
        region = self._target(target_type="territory", territory_id=self.region.id, target_value=900,
                              product_id=self.soap.id, target_qty=30)
        by_hand = self._target(target_type="outlet", outlet_id=self.outlet.id, product_id=self.soap.id,
                               target_value=5)
        children = self._cascade(region, level="outlet", rule="equal")
        self.assertEqual(children.outlet_id, self.outlet | self.outlet_2, "North's outlets, not South's")
        self.assertIn(by_hand, children)
        self.assertEqual(children.mapped("target_value"), [450, 450])
        self.assertEqual(children.mapped("target_qty"), [15, 15])
        self.assertEqual(children.product_id, self.soap)

    def test_cascade_bad_input_and_access(self):
        rep_target = self._target(target_type="rep", user_id=self.rep.id)
        with self.assertRaisesRegex(UserError, "only a territory target"):
            self._cascade(rep_target)
        empty = self.env["dms.territory"].create({"name": "Empty", "code": "T-E"})
        with self.assertRaisesRegex(UserError, "Empty has no Sales Reps"):
            self._cascade(self._target(target_type="territory", territory_id=empty.id))
        region = self._target(target_type="territory", territory_id=self.region.id)
        with self.assertRaises(AccessError):
            self._cascade(region, user=self.rep)
        with self.assertRaises(AccessError):
            self._cascade(region, user=self.supervisor)
        children = self._cascade(region)
        with self.assertRaises(AccessError):
            children.with_user(self.manager).write({"parent_id": False})

    def test_cascade_to_both_levels_keeps_each_split_whole(self):
        """Reps and outlets are two splits of the same target: the parent shows each, not their sum,
        and cascading a level again replaces that level's split."""
        # next month's target: the sales shares are this month's (everyone sold in North)
        region = self._target(target_type="territory", territory_id=self.region.id, target_value=900,
                              target_qty=30, month=self.month + timedelta(days=40))
        reps = self._cascade(region, level="rep", rule="equal")
        self.assertEqual((region.rep_cascaded_value, region.rep_cascaded_qty), (900, 30))
        self.assertEqual((region.outlet_cascaded_value, region.outlet_cascaded_qty), (0, 0))
        self._cascade(region, level="outlet", rule="history")
        outlets = region.outlet_child_ids
        self.assertEqual(region.rep_child_ids, reps, "the reps' split is left alone")
        self.assertEqual(outlets.outlet_id, self.outlet | self.outlet_2)
        self.assertEqual((region.rep_cascaded_value, region.rep_cascaded_qty), (900, 30), "not 1800 / 60")
        self.assertEqual((region.outlet_cascaded_value, region.outlet_cascaded_qty), (900, 30))
        # the same levels again, after the manager changed the target: replaced, never stacked
        region.write({"target_value": 1200, "target_qty": 40})
        self._cascade(region, level="rep", rule="history")
        self._cascade(region, level="outlet", rule="equal")
        self._cascade(region, level="outlet", rule="equal")
        self.assertEqual(region.rep_child_ids, reps)
        self.assertEqual(region.outlet_child_ids, outlets)
        self.assertEqual((region.rep_cascaded_value, region.rep_cascaded_qty), (1200, 40))
        self.assertEqual((region.outlet_cascaded_value, region.outlet_cascaded_qty), (1200, 40))
        self.assertEqual(self.env["dms.target"].search_count([("parent_id", "=", region.id)]), 4)

    def test_cascade_does_not_take_another_territory_targets_share(self):
        region = self._target(target_type="territory", territory_id=self.region.id, target_value=900)
        self._cascade(region, level="rep", rule="equal")
        area = self._target(target_type="territory", territory_id=self.area.id, target_value=500)
        with self.assertRaisesRegex(UserError, "already cascaded from"):
            self._cascade(area, level="rep")
        self.assertEqual(region.rep_cascaded_value, 900, "the region's split is intact")

    def test_cascaded_quantities_are_whole_units_of_the_uom(self):
        """400 units over three outlets: 134 + 133 + 133, not 133.33 each; kg split to the gram."""
        outlet_3 = self._create_outlet_3()
        region = self._target(target_type="territory", territory_id=self.region.id, target_value=1000,
                              target_qty=400)
        outlets = self._cascade(region, level="outlet", rule="equal")
        self.assertEqual(outlets.outlet_id, self.outlet | self.outlet_2 | outlet_3)
        self.assertEqual(sorted(outlets.mapped("target_qty")), [133, 133, 134])
        self.assertEqual(region.outlet_cascaded_qty, 400)
        self.assertEqual(sorted(outlets.mapped("target_value")), [333.33, 333.33, 333.34], "money to the cent")
        # an SKU target in kg is measured, not counted: split to the kg's rounding (no finer than
        # quantities are stored, Product Unit of Measure decimals)
        kg = self.env.ref("uom.product_uom_kgm")
        rice = self.env["product.product"].create({"name": "Rice", "uom_id": kg.id, "uom_po_id": kg.id})
        rice_target = self._target(target_type="territory", territory_id=self.region.id, product_id=rice.id,
                                   target_qty=1, target_value=0)
        kgs = self._cascade(rice_target, level="outlet", rule="equal")
        step = max(kg.rounding, 10 ** -self.env["decimal.precision"].precision_get("Product Unit of Measure"))
        third = int(1 / 3 / step) * step
        self.assertEqual(sorted(kgs.mapped("target_qty")), [round(third, 6), round(third, 6),
                                                             round(1 - 2 * third, 6)])
        self.assertLess(step, 1, "a fraction of a kg")
        # a quantity that is no whole number of units cannot be split in whole units
        half = self._target(target_type="territory", territory_id=self.region.id, product_id=self.soap.id,
                            target_qty=10.5, target_value=0)
        with self.assertRaisesRegex(UserError, r"Target Quantity 10.5 is not a whole number of Units"):
            self._cascade(half, level="outlet")
        self.assertFalse(half.child_ids)
