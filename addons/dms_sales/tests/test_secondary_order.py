from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import DmsSalesCommon


@tagged("post_install", "-at_install")
class TestSecondaryOrder(DmsSalesCommon):

    def test_form_entry_prices_cases_taxes(self):
        self.rep.groups_id |= self.env.ref("product.group_stock_packaging")
        form = Form(self.env["dms.secondary.order"].with_user(self.rep))
        form.partner_id = self.outlet
        self.assertEqual(form.distributor_id, self.distributor, "the outlet's distributor is filled in")
        with form.line_ids.new() as line:
            line.product_id = self.soap
            line.product_packaging_id = self.soap_case
            line.product_packaging_qty = 2
        with form.line_ids.new() as line:
            line.product_id = self.shampoo
            line.product_uom_qty = 3
        order = form.save()
        soap_line, shampoo_line = order.line_ids
        self.assertEqual(soap_line.product_uom_qty, 48, "2 cases of 24")
        self.assertEqual(soap_line.price_unit, 35, "from the distributor's outlet pricelist")
        self.assertEqual(shampoo_line.price_unit, 150, "no pricelist rule: the list price")
        self.assertEqual(order.amount_untaxed, 48 * 35 + 3 * 150)
        self.assertAlmostEqual(order.amount_tax, order.amount_untaxed * 0.15, places=2)
        self.assertEqual(order.territory_id, self.leaf)
        self.assertTrue(order.name.startswith("SO2/"))
        self.assertEqual(order.user_id, self.rep)

    def test_cases_over_rpc(self):
        """Integrators send cases: 12 cases of 24 are 288 units, priced and schemed as 288, whether the
        line is created alone or through the order (one2many commands)."""
        scheme = self.env["dms.scheme"].create({
            "name": "Soap 10% from 100", "rule_type": "qty_slab", "product_ids": [Command.set(self.soap.ids)],
            "slab_ids": [Command.create({"threshold": 100, "discount_value": 10})]})
        Order = self.env["dms.secondary.order"].with_user(self.rep)
        cases = {"product_id": self.soap.id, "product_packaging_id": self.soap_case.id, "product_packaging_qty": 12}
        order = Order.create({"distributor_id": self.distributor.id, "partner_id": self.outlet.id})
        line = self.env["dms.secondary.order.line"].with_user(self.rep).create({"order_id": order.id, **cases})
        created = Order.create({"distributor_id": self.distributor.id, "partner_id": self.outlet.id,
                                "line_ids": [Command.create(cases)]})
        written = Order.create({"distributor_id": self.distributor.id, "partner_id": self.outlet.id})
        written.write({"line_ids": [Command.create(cases)]})
        for each in line | created.line_ids | written.line_ids:
            each.invalidate_recordset()
            self.assertEqual((each.product_uom_qty, each.product_packaging_qty), (288, 12))
            self.assertEqual(each.scheme_id, scheme)
            self.assertEqual(each.price_subtotal, 288 * 35 * 0.9)
        # cases only on an existing line: 2 cases are 48 units
        line.write({"product_packaging_qty": 2})
        self.assertEqual((line.product_uom_qty, line.price_subtotal), (48, 48 * 35), "under the 100-unit slab")
        written.write({"line_ids": [Command.update(written.line_ids.id, {"product_packaging_qty": 5})]})
        self.assertEqual(written.line_ids.product_uom_qty, 120)
        # both, consistent (25 units are 1.04 cases at the field's precision)
        both = Order.create({"distributor_id": self.distributor.id, "partner_id": self.outlet.id, "line_ids": [
            Command.create({**cases, "product_uom_qty": 288}),
            Command.create({**cases, "product_uom_qty": 25, "product_packaging_qty": 1.04})]})
        self.assertEqual(both.line_ids.mapped("product_uom_qty"), [288, 25])
        both.line_ids[0].write({"product_uom_qty": 48, "product_packaging_qty": 2})
        self.assertEqual(both.line_ids[0].product_uom_qty, 48)

    def test_cases_inconsistent_refused(self):
        order = self._create_order(lines=[])
        Line = self.env["dms.secondary.order.line"].with_user(self.rep)
        cases = {"order_id": order.id, "product_id": self.soap.id, "product_packaging_id": self.soap_case.id}
        with self.assertRaisesRegex(ValidationError, (
                r"Order %s, line \[SOAP\] Soap 100g: 12.0 Cases of Case of 24 are 288.0 Units, not 100.0 "
                r"\(Quantity, Cases\)") % order.name):
            Line.create({**cases, "product_packaging_qty": 12, "product_uom_qty": 100})
        line = Line.create({**cases, "product_packaging_qty": 1})
        with self.assertRaisesRegex(ValidationError,
                                    r"line \[SOAP\] Soap 100g: 3.0 Cases .* not 50.0 \(Quantity, Cases\)"):
            line.write({"product_packaging_qty": 3, "product_uom_qty": 50})
        with self.assertRaisesRegex(ValidationError, r"line \[SOAP\] Soap 100g: 12.0 Cases given without a Packaging"):
            Line.create({"order_id": order.id, "product_id": self.soap.id, "product_packaging_qty": 12})
        shampoo_case = self.env["product.packaging"].create({
            "name": "Shampoo case", "product_id": self.shampoo.id, "qty": 6, "sales": True})
        with self.assertRaisesRegex(ValidationError, r"line \[SOAP\] Soap 100g: packaging Shampoo case is not a "
                                                     r"packaging of \[SOAP\] Soap 100g \(Packaging\)"):
            Line.create({**cases, "product_packaging_id": shampoo_case.id, "product_packaging_qty": 2})
        self.assertEqual((line.product_uom_qty, line.product_packaging_qty), (24, 1))
        self.assertEqual(len(order.line_ids), 1)

    def test_confirm_locks_prices(self):
        order = self._create_order()
        order.action_confirm()
        self.assertEqual(order.state, "confirmed")
        self.pricelist.item_ids.fixed_price = 99
        order.line_ids.invalidate_recordset()
        self.assertEqual(order.line_ids.price_unit, 35, "price locked at confirmation")
        with self.assertRaisesRegex(UserError, "locked"):
            order.line_ids.product_uom_qty = 20
        with self.assertRaisesRegex(UserError, "locked"):
            order.write({"partner_id": self.outlet_2.id})
        order.action_deliver()
        self.assertEqual(order.state, "delivered")
        self.assertEqual(order.line_ids.qty_delivered, 10)
        with self.assertRaisesRegex(UserError, "return"):
            order.action_cancel()

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "served by North Distribution Ltd, not South Traders"):
            self.env["dms.secondary.order"].create({
                "distributor_id": self.distributor_south.id, "partner_id": self.outlet.id})
        with self.assertRaisesRegex(UserError, "has no lines"):
            self._create_order(lines=[]).action_confirm()
        order = self._create_order(lines=[(self.soap, 0)])
        with self.assertRaisesRegex(UserError, "quantity of .*Soap 100g.* must be positive"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_proposed_outlet_cannot_trade(self):
        outlet = self.env["res.partner"].with_user(self.rep).create({
            "name": "New Kiosk", "dms_role": "outlet", "dms_territory_id": self.leaf.id,
            "dms_distributor_id": self.distributor.id, "dms_outlet_state": "approved",
        })
        self.assertEqual(outlet.dms_outlet_state, "proposed", "a rep's outlet always starts proposed")
        order = self._create_order(outlet=outlet.sudo())
        with self.assertRaisesRegex(UserError, "not approved"):
            order.action_confirm()
        with self.assertRaises(UserError):
            outlet.with_user(self.rep).action_dms_approve_outlet()
        outlet.with_user(self.supervisor).action_dms_approve_outlet()
        order.action_confirm()
        self.assertEqual(order.state, "confirmed")

    def test_external_ref_unique_per_distributor(self):
        self._create_order(external_ref="D-1")
        self._create_order(outlet=self.outlet_south, external_ref="D-1")  # another distributor: fine
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._create_order(external_ref="D-1")
            self.env.flush_all()

    def test_record_rules(self):
        mine, other_rep, south = self._create_order(), self._create_order(self.outlet_2), \
            self._create_order(self.outlet_south)
        Order = self.env["dms.secondary.order"]
        self.assertEqual(Order.with_user(self.rep).search([]), mine)
        self.assertEqual(Order.with_user(self.rep_2).search([]), other_rep)
        self.assertEqual(Order.with_user(self.supervisor).search([]), mine | other_rep)
        self.assertEqual(Order.with_user(self.manager).search([("id", "in", (mine | other_rep | south).ids)]),
                         mine | other_rep | south)
        with self.assertRaises(AccessError):
            south.with_user(self.rep).read(["name"])
        with self.assertRaises(AccessError):
            other_rep.line_ids.with_user(self.rep).read(["price_unit"])
        # reassigning the rep takes effect at once (no stale rule cache), as soon as the
        # manager's change is saved
        self.area.user_ids = [(3, self.rep.id)]
        self.area_2.user_ids = [(4, self.rep.id)]
        self.env.flush_all()
        self.assertEqual(Order.with_user(self.rep).search([]), other_rep)

    def _count_queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        count0 = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - count0

    def test_confirm_query_count_does_not_grow(self):
        """Confirming costs the same number of queries for 1 line as for 50."""
        products = self.env["product.product"].create([{"name": "P%d" % i, "list_price": i + 1} for i in range(50)])
        warm, small, big = (self._create_order(lines=lines) for lines in (
            [(products[1], 1)], [(products[0], 1)], [(p, 2) for p in products]))
        self._count_queries(warm.action_confirm)
        small_queries = self._count_queries(small.action_confirm)
        big_queries = self._count_queries(big.action_confirm)
        self.assertEqual(big_queries, small_queries)
        third = self._create_order(lines=[(p, 3) for p in products[:20]])
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=small_queries):
            third.action_confirm()
            self.env.flush_all()

    def test_names_of_a_batch_in_one_round_trip(self):
        """Orders created together draw their names in one query of the (standard: lock-free)
        sequence, in order, following on from a name drawn alone; a no-gap sequence one by one."""
        code = "dms.secondary.order"
        first = self.env["ir.sequence"].with_company(self.company).next_by_code(code)
        prefix, number = first.rsplit("/", 1)
        with self.assertQueryCount(2):  # the sequence found, then its numbers
            names = self.env["ir.sequence"].with_company(self.company)._dms_next_by_code_many(code, 3)
        self.assertEqual(names, ["%s/%06d" % (prefix, int(number) + i) for i in (1, 2, 3)])
        self.assertEqual(self.env["ir.sequence"].with_company(self.company).next_by_code(code),
                         "%s/%06d" % (prefix, int(number) + 4))
        orders = self.env["dms.secondary.order"].create([
            {"distributor_id": self.distributor.id, "partner_id": outlet.id}
            for outlet in (self.outlet, self.outlet_2)])
        self.assertEqual(orders.mapped("name"), ["%s/%06d" % (prefix, int(number) + i) for i in (5, 6)])
        # a company's own sequence comes first, a no-gap one is drawn number by number
        Sequence = self.env["ir.sequence"].with_company(self.company)
        own = Sequence.create({"name": "Company orders", "code": code, "prefix": "OWN/", "padding": 3,
                               "company_id": self.company.id, "implementation": "no_gap"})
        self.assertEqual(self.env["ir.sequence"].with_company(self.company)._dms_next_by_code_many(code, 2),
                         ["OWN/001", "OWN/002"])
        self.assertEqual(own.number_next, 3)
        self.assertEqual(self.env["ir.sequence"].with_company(self.company)._dms_next_by_code_many(
            "no.such.code", 2), [False, False])

    def test_responsible_follows_the_order(self):
        """The creator follows a new order; a rep it is entered for does too (mail's auto
        subscription, skipped only when the creator is the rep, who follows already)."""
        Order = self.env["dms.secondary.order"].with_context(tracking_disable=False)
        for_rep = Order.with_user(self.supervisor).create({
            "distributor_id": self.distributor.id, "partner_id": self.outlet.id, "user_id": self.rep.id})
        self.assertEqual(for_rep.message_partner_ids, self.supervisor.partner_id | self.rep.partner_id)
        own = Order.with_user(self.rep).create({
            "distributor_id": self.distributor.id, "partner_id": self.outlet.id, "user_id": self.rep.id})
        self.assertEqual(own.message_partner_ids, self.rep.partner_id)
        self.assertEqual(own.message_follower_ids.subtype_ids, for_rep.message_follower_ids.filtered(
            lambda f: f.partner_id == self.rep.partner_id).subtype_ids, "the same subscription either way")

    def test_client_context_cannot_skip_schemes(self):
        """Schemes are applied however a client calls: a context key it sends changes nothing (the
        model defers them to the end of its own create or write through server-side state)."""
        scheme = self.env["dms.scheme"].create({
            "name": "Soap 10% from 100", "rule_type": "qty_slab", "product_ids": [Command.set(self.soap.ids)],
            "slab_ids": [Command.create({"threshold": 100, "discount_value": 10})]})
        Order = self.env["dms.secondary.order"].with_user(self.rep).with_context(dms_skip_schemes=True)
        order = Order.create({"distributor_id": self.distributor.id, "partner_id": self.outlet.id,
                              "line_ids": [Command.create({"product_id": self.soap.id, "product_uom_qty": 120})]})
        self.assertEqual((order.line_ids.scheme_id, order.line_ids.discount), (scheme, 10.0))
        order.line_ids.write({"product_uom_qty": 20})
        self.assertEqual((order.line_ids.scheme_id, order.line_ids.discount), (scheme.browse(), 0.0),
                         "below the slab: the discount goes")
