from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import DmsSalesCommon


@tagged("post_install", "-at_install")
class TestScheme(DmsSalesCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Scheme = cls.env["dms.scheme"]
        cls.towel = cls.env["product.product"].create({"name": "Towel", "list_price": 60})
        cls.today = fields.Date.context_today(cls.env.user)
        cls.modern_trade = cls.env.ref("dms_sales.dms_channel_modern_trade")
        cls.class_a = cls.env["dms.outlet.class"].create({"name": "Scheme Test Class"})

    def _slab_scheme(self, slabs, rule_type="qty_slab", **vals):
        return self.Scheme.create({
            "name": "Slab", "rule_type": rule_type,
            "slab_ids": [Command.create({"threshold": t, "discount_type": dt, "discount_value": v})
                         for t, v, dt in slabs],
            **vals,
        })

    def _soap_line(self, order):
        return order.line_ids.filtered(lambda line: line.product_id == self.soap and not line.is_reward)

    def test_quantity_slab_in_cases_reapplied(self):
        scheme = self._slab_scheme([(2, 5, "percent"), (5, 10, "percent")], qty_uom="case",
                                   product_ids=[Command.set(self.soap.ids)])
        form = Form(self.env["dms.secondary.order"].with_user(self.rep))
        form.partner_id = self.outlet
        with form.line_ids.new() as line:
            line.product_id = self.soap
            line.product_uom_qty = 48
        with form.line_ids.new() as line:
            line.product_id = self.shampoo
            line.product_uom_qty = 3
        order = form.save()
        soap_line, shampoo_line = order.line_ids
        self.assertEqual((soap_line.scheme_id, soap_line.discount), (scheme, 5), "2 cases of 24: first slab")
        self.assertAlmostEqual(soap_line.scheme_amount, 48 * 35 * 0.05)
        self.assertFalse(shampoo_line.scheme_id, "shampoo is outside the scheme's products")
        self.assertAlmostEqual(order.amount_scheme, 84)
        self.assertAlmostEqual(order.amount_untaxed, 48 * 35 * 0.95 + 3 * 150)

        with Form(order.with_user(self.rep)) as form, form.line_ids.edit(0) as line:
            line.product_uom_qty = 120
        self.assertEqual(soap_line.discount, 10, "5 cases: the better slab")
        soap_line.with_user(self.rep).product_uom_qty = 24
        self.assertEqual((soap_line.scheme_id, soap_line.discount), (self.Scheme, 0), "1 case: no slab any more")
        self.assertEqual(soap_line.scheme_amount, 0)

    def test_value_slab_fixed_amount(self):
        scheme = self._slab_scheme([(500, 2, "percent"), (1000, 150, "fixed")], rule_type="value_slab")
        order = self._create_order(lines=[(self.shampoo, 4)])
        self.assertEqual(order.line_ids.discount, 2, "600 reaches the first slab")
        order.line_ids.product_uom_qty = 10
        self.assertEqual((order.line_ids.scheme_id, order.line_ids.discount), (scheme, 10), "150 off 1500")
        self.assertAlmostEqual(order.amount_scheme, 150)

    def test_free_goods_added_updated_removed(self):
        scheme = self.Scheme.create({
            "name": "Buy 10 soap get a towel", "rule_type": "free_goods", "product_ids": [Command.set(self.soap.ids)],
            "buy_qty": 10, "get_product_id": self.towel.id, "get_qty": 1,
        })
        order = self._create_order(lines=[(self.soap, 25)])
        reward = order.line_ids.filtered("is_reward")
        self.assertRecordValues(reward, [{
            "product_id": self.towel.id, "product_uom_qty": 2, "scheme_id": scheme.id, "discount": 100,
            "price_subtotal": 0, "scheme_amount": 120}])
        self.assertFalse(self._soap_line(order).scheme_id, "buying gives no discount on the bought line")
        self._soap_line(order).product_uom_qty = 35
        self.assertEqual(order.line_ids.filtered("is_reward"), reward, "the same free line, updated")
        self.assertEqual(reward.product_uom_qty, 3)
        scheme.is_repeating = False
        order.write({"note": "no trigger"})
        self.assertEqual(reward.product_uom_qty, 3, "a note changes nothing")
        order._apply_schemes()
        self.assertEqual(reward.product_uom_qty, 1, "not repeating: once")
        self._soap_line(order).product_uom_qty = 5
        self.assertFalse(order.line_ids.filtered("is_reward"), "no longer earned: removed")
        order.write({"line_ids": [Command.create({"product_id": self.soap.id, "product_uom_qty": 5})]})
        self.assertEqual(order.line_ids.filtered("is_reward").product_uom_qty, 1, "5 + 5 earns it again")
        self._soap_line(order)[1].unlink()
        self.assertFalse(order.line_ids.filtered("is_reward"), "deleting a line reapplies schemes")
        order.line_ids.product_uom_qty = 10
        order.action_confirm()
        self.assertEqual(order.line_ids.filtered("is_reward").product_uom_qty, 1)

    def test_tiered_free_goods(self):
        """One scheme, free goods by tier, set up on its form: buy 10 soaps get a towel, 20 get 3 towels,
        50 get 8 towels and a shampoo."""
        form = Form(self.Scheme.with_user(self.manager))
        form.name = "Soap tiers"
        form.rule_type = "free_goods"
        form.product_ids.add(self.soap)
        form.is_tiered = True
        for threshold, product, qty in ((10, self.towel, 1), (20, self.towel, 3), (50, self.towel, 8),
                                        (50, self.shampoo, 1)):
            with form.slab_ids.new() as tier:
                tier.threshold = threshold
                tier.get_product_id = product
                tier.get_qty = qty
        scheme = form.save()
        self.assertFalse(scheme.get_product_id, "a tiered scheme needs no Buy/Get of its own")
        order = self._create_order(lines=[(self.soap, 25)])

        def rewards():
            return sorted((line.product_id.name, line.product_uom_qty, line.scheme_id.id)
                          for line in order.line_ids.filtered("is_reward"))

        self.assertEqual(rewards(), [("Towel", 3.0, scheme.id)], "the tier of 20, once")
        self._soap_line(order).product_uom_qty = 60
        self.assertEqual(rewards(), [("Shampoo 200ml", 1.0, scheme.id), ("Towel", 8.0, scheme.id)],
                         "the top tier: two products, the towel line updated")
        self._soap_line(order).product_uom_qty = 9
        self.assertEqual(rewards(), [], "below the first tier")
        self._soap_line(order).product_uom_qty = 10
        order.action_confirm()
        self.assertEqual(rewards(), [("Towel", 1.0, scheme.id)])

    def test_combo(self):
        scheme = self.Scheme.create({
            "name": "Soap + shampoo", "rule_type": "combo", "combo_discount": 10,
            "combo_line_ids": [Command.create({"product_id": self.soap.id, "min_qty": 10}),
                               Command.create({"product_id": self.shampoo.id, "min_qty": 2})],
        })
        order = self._create_order(lines=[(self.soap, 10), (self.towel, 1)])
        self.assertFalse(order.line_ids.scheme_id, "shampoo missing")
        order.write({"line_ids": [Command.create({"product_id": self.shampoo.id, "product_uom_qty": 2})]})
        self.assertEqual(order.line_ids.mapped("discount"), [10, 0, 10])
        self.assertEqual(order.line_ids.mapped("scheme_id"), scheme)
        self.assertAlmostEqual(order.amount_scheme, 35 + 30)

    def test_priority_and_stacking(self):
        exclusive = self._slab_scheme([(1, 5, "percent")], sequence=1, product_ids=[Command.set(self.soap.ids)])
        stack_1 = self._slab_scheme([(1, 3, "percent")], sequence=2, stackable=True)
        stack_2 = self._slab_scheme([(1, 2, "percent")], sequence=3, stackable=True)
        order = self._create_order(lines=[(self.soap, 10), (self.shampoo, 1)])
        soap_line, shampoo_line = order.line_ids
        self.assertEqual((soap_line.scheme_id, soap_line.discount), (exclusive, 5), "exclusive: alone on soap")
        self.assertEqual((shampoo_line.scheme_id, shampoo_line.discount), (stack_1, 5), "3% + 2% stacked")
        exclusive.sequence = 5
        order._apply_schemes()
        self.assertEqual((soap_line.scheme_id, soap_line.discount), (stack_1, 5),
                         "now after the stackable ones, the exclusive scheme skips the soap line")
        exclusive.stackable = True
        order._apply_schemes()
        self.assertEqual(soap_line.discount, 10, "all three stack")
        stack_2.active = False
        order._apply_schemes()
        self.assertEqual(soap_line.discount, 8, "archived schemes do not apply")

    def test_scope(self):
        scheme = self._slab_scheme([(1, 5, "percent")], territory_ids=[Command.set(self.region.ids)])
        order = self._create_order()
        south = self._create_order(outlet=self.outlet_south)
        self.assertEqual(order.line_ids.scheme_id, scheme, "a leaf under the region is in scope")
        self.assertFalse(south.line_ids.scheme_id, "other territory")
        other_company = self.env["res.company"].create({"name": "Other Co"})
        variants = [
            ("channel", {"channel_ids": [Command.set(self.modern_trade.ids)]}),
            ("outlet class", {"outlet_class_ids": [Command.set(self.class_a.ids)]}),
            ("distributor", {"distributor_ids": [Command.set(self.distributor_south.ids)]}),
            ("expired", {"date_from": self.today - timedelta(days=30), "date_to": self.today - timedelta(days=1)}),
            ("not started", {"date_from": self.today + timedelta(days=1)}),
            ("primary only", {"apply_on": "primary"}),
            ("other company", {"company_id": other_company.id, "territory_ids": [Command.clear()]}),
        ]
        for description, vals in variants:
            with self.subTest(description):
                scheme.write(vals)
                order._apply_schemes()
                self.assertFalse(order.line_ids.scheme_id, description)
                self.assertEqual(order.line_ids.discount, 0)
                scheme.write({"channel_ids": [Command.clear()], "outlet_class_ids": [Command.clear()],
                              "distributor_ids": [Command.clear()], "date_from": False, "date_to": False,
                              "apply_on": "secondary", "company_id": self.company.id,
                              "territory_ids": [Command.set(self.region.ids)]})
        self.outlet.write({"dms_channel_id": self.modern_trade.id, "dms_outlet_class_id": self.class_a.id})
        scheme.write({"channel_ids": [Command.set(self.modern_trade.ids)], "date_to": self.today,
                      "outlet_class_ids": [Command.set(self.class_a.ids)], "apply_on": "both",
                      "distributor_ids": [Command.set(self.distributor.ids)]})
        order = self._create_order()
        self.assertEqual(order.line_ids.scheme_id, scheme, "every scope matches, valid until today")

    def test_benefit_locked_after_confirm(self):
        scheme = self._slab_scheme([(1, 5, "percent")])
        order = self._create_order()
        order.action_confirm()
        scheme.slab_ids.discount_value = 50
        scheme.stackable = True
        self._slab_scheme([(1, 20, "percent")], sequence=0)
        order._apply_schemes()
        self.assertEqual((order.line_ids.scheme_id, order.line_ids.discount), (scheme, 5))
        self.assertAlmostEqual(order.amount_scheme, 350 * 0.05)
        scheme.action_archive()
        self.assertEqual(order.line_ids.discount, 5)
        self.assertEqual(scheme.secondary_line_count, 1)

    def test_manual_discount_kept_when_no_scheme(self):
        order = self._create_order()
        order.line_ids.discount = 7
        order._apply_schemes()
        self.assertEqual(order.line_ids.discount, 7, "no scheme on the line: a typed discount stays")

    def test_bad_scheme_input(self):
        cases = [
            ("Valid Until .* is before Valid From", {
                "rule_type": "qty_slab", "date_from": self.today, "date_to": self.today - timedelta(days=1),
                "slab_ids": [Command.create({"threshold": 1, "discount_value": 5})]}),
            ("needs at least one slab", {"rule_type": "value_slab"}),
            ("thresholds must increase", {"rule_type": "qty_slab", "slab_ids": [
                Command.create({"threshold": 10, "discount_value": 5}),
                Command.create({"threshold": 10, "discount_value": 8})]}),
            ("needs a Discount above 0", {"rule_type": "qty_slab", "slab_ids": [
                Command.create({"threshold": 10, "discount_value": 120})]}),
            ("thresholds must be positive", {"rule_type": "qty_slab", "slab_ids": [
                Command.create({"threshold": 0, "discount_value": 5})]}),
            ("need a product to give", {"rule_type": "free_goods", "buy_qty": 10, "get_qty": 1,
                                        "product_ids": [Command.set(self.soap.ids)]}),
            ("Buy and Get quantities must be positive", {
                "rule_type": "free_goods", "get_product_id": self.towel.id, "get_qty": 1,
                "product_ids": [Command.set(self.soap.ids)]}),
            ("which products must be bought", {
                "rule_type": "free_goods", "buy_qty": 10, "get_product_id": self.towel.id, "get_qty": 1}),
            ("tiered free goods need at least one tier", {
                "rule_type": "free_goods", "is_tiered": True, "product_ids": [Command.set(self.soap.ids)]}),
            ("tier from 10.0 needs a Free Product", {
                "rule_type": "free_goods", "is_tiered": True, "product_ids": [Command.set(self.soap.ids)],
                "slab_ids": [Command.create({"threshold": 10, "get_qty": 1})]}),
            ("tier from 10.0 needs a Free Product and a positive", {
                "rule_type": "free_goods", "is_tiered": True, "product_ids": [Command.set(self.soap.ids)],
                "slab_ids": [Command.create({"threshold": 10, "get_product_id": self.towel.id})]}),
            ("names each product once", {
                "rule_type": "free_goods", "is_tiered": True, "product_ids": [Command.set(self.soap.ids)],
                "slab_ids": [Command.create({"threshold": 10, "get_product_id": self.towel.id, "get_qty": 1}),
                             Command.create({"threshold": 10, "get_product_id": self.towel.id, "get_qty": 2})]}),
            ("at least two components", {"rule_type": "combo", "combo_discount": 5, "combo_line_ids": [
                Command.create({"product_id": self.soap.id, "min_qty": 1})]}),
            ("Combo Discount must be between", {"rule_type": "combo", "combo_line_ids": [
                Command.create({"product_id": self.soap.id, "min_qty": 1}),
                Command.create({"product_id": self.shampoo.id, "min_qty": 1})]}),
            ("Minimum Quantity of .*Soap.* must be positive", {
                "rule_type": "combo", "combo_discount": 5, "combo_line_ids": [
                    Command.create({"product_id": self.soap.id, "min_qty": 0}),
                    Command.create({"product_id": self.shampoo.id, "min_qty": 1})]}),
        ]
        for message, vals in cases:
            with self.subTest(message), self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                self.Scheme.create({"name": "Bad", **vals})
        self.assertFalse(self.Scheme.search([("name", "=", "Bad")]), "nothing half-written")
        scheme = self._slab_scheme([(1, 5, "percent")])
        with self.assertRaisesRegex(ValidationError, "Slab: a slab scheme needs at least one slab"):
            scheme.write({"slab_ids": [Command.clear()]})

    def test_access(self):
        scheme = self._slab_scheme([(1, 5, "percent")])
        self.assertEqual(scheme.with_user(self.rep).slab_ids.discount_value, 5, "reps read schemes and slabs")
        with self.assertRaises(AccessError):
            scheme.with_user(self.rep).write({"name": "Mine"})
        with self.assertRaises(AccessError):
            scheme.slab_ids.with_user(self.rep).write({"discount_value": 50})
        with self.assertRaises(AccessError):
            self.Scheme.with_user(self.supervisor).create({
                "name": "Rogue", "slab_ids": [Command.create({"threshold": 1, "discount_value": 5})]})
        managed = self.Scheme.with_user(self.manager).create({
            "name": "Managed", "rule_type": "combo", "combo_discount": 5, "combo_line_ids": [
                Command.create({"product_id": self.soap.id, "min_qty": 1}),
                Command.create({"product_id": self.shampoo.id, "min_qty": 1})]})
        managed.combo_line_ids[0].min_qty = 3
        scheme.with_user(self.manager).slab_ids.discount_value = 6
        # a rep's order gets the scheme with the rep's own rights
        order = self._create_order(lines=[(self.soap, 3), (self.shampoo, 1)])
        order.with_user(self.rep).line_ids[0].product_uom_qty = 4
        self.assertEqual(order.line_ids.mapped("discount"), [6, 6],
                         "same priority: the older scheme first; exclusive, so the combo gets nothing")
        self.assertEqual(order.line_ids.scheme_id, scheme)

    def test_multi_company_rule(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(self.env, "dms_outsider", groups="dms_sales.group_dms_manager",
                                 company_id=other_company.id, company_ids=[Command.set(other_company.ids)])
        scheme = self._slab_scheme([(1, 5, "percent")])
        self.assertFalse(self.env["dms.scheme.slab"].with_user(outsider).search([("id", "in", scheme.slab_ids.ids)]))
        self.assertFalse(self.Scheme.with_user(outsider).search([("id", "=", scheme.id)]))
        self.assertTrue(self.env["dms.scheme.slab"].with_user(self.manager).search([("id", "in", scheme.slab_ids.ids)]))

    def test_primary_order_button(self):
        both = self._slab_scheme([(10, 5, "percent")], apply_on="both", sequence=1, stackable=True,
                                 territory_ids=[Command.set(self.region.ids)])
        self._slab_scheme([(10, 50, "percent")], apply_on="secondary", stackable=True)
        self._slab_scheme([(10, 20, "percent")], apply_on="primary", stackable=True,
                          channel_ids=[Command.set(self.modern_trade.ids)])
        self._slab_scheme([(10, 30, "percent")], apply_on="primary", stackable=True,
                          territory_ids=[Command.set(self.other_region.ids)])
        sale = self.env["sale.order"].create({
            "partner_id": self.distributor.id,
            "order_line": [Command.create({"product_id": self.soap.id, "product_uom_qty": 12}),
                           Command.create({"product_id": self.shampoo.id, "product_uom_qty": 1})],
        })
        sale.action_dms_apply_schemes()
        self.assertEqual(sale.order_line.mapped("discount"), [5, 5],
                         "only the scheme for primary orders whose territory the distributor covers")
        self.assertEqual(sale.order_line.dms_scheme_id, both)
        both.slab_ids.threshold = 20
        sale.action_dms_apply_schemes()
        self.assertEqual(sale.order_line.mapped("discount"), [0, 0], "13 units: the slab is no longer reached")
        self.assertFalse(sale.order_line.dms_scheme_id)
        outlet_sale = self.env["sale.order"].create({
            "partner_id": self.outlet.id,
            "order_line": [Command.create({"product_id": self.soap.id, "product_uom_qty": 30})]})
        outlet_sale.action_dms_apply_schemes()
        self.assertEqual(outlet_sale.order_line.discount, 0, "not a distributor: no primary scheme")
        sale.action_confirm()
        with self.assertRaisesRegex(UserError, "only be applied to quotations"):
            sale.action_dms_apply_schemes()

    def test_queries_do_not_grow_with_lines(self):
        self._slab_scheme([(1, 5, "percent")], stackable=True, territory_ids=[Command.set(self.region.ids)])
        self.Scheme.create({
            "name": "Towels", "rule_type": "free_goods", "product_ids": [Command.set(self.soap.ids)],
            "buy_qty": 10, "get_product_id": self.towel.id, "get_qty": 1, "stackable": True})
        products = self.env["product.product"].create([{"name": f"P{i}", "list_price": 10 + i} for i in range(12)])
        small = self._create_order(lines=[(self.soap, 20)] + [(p, 2) for p in products[:2]])
        large = self._create_order(lines=[(self.soap, 20)] + [(p, 2) for p in products])
        counts = []
        for order in (small, large):
            line = order.line_ids[1]
            self.env.invalidate_all()
            self.env.cr.flush()
            before = self.env.cr.sql_log_count
            line.product_uom_qty = 3
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertGreater(counts[0], 0)
        self.assertEqual(counts[0], counts[1], "reapplying schemes costs the same for 3 lines or 13")
        self.assertEqual(large.line_ids.filtered("is_reward").product_uom_qty, 2)
        self.assertEqual(set(large.line_ids.mapped("discount")), {5, 100})
