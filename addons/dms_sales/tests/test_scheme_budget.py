from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import DmsConcurrencyCase, DmsSalesCommon


def _soap_slab(product, percent=10, **vals):
    """A scheme giving `percent` off `product` from the first unit."""
    return {"name": "Soap %s%% off" % percent, "rule_type": "qty_slab", "product_ids": [Command.set(product.ids)],
            "slab_ids": [Command.create({"threshold": 1, "discount_value": percent})], **vals}


@tagged("post_install", "-at_install")
class TestSchemeBudget(DmsSalesCommon):
    """Soap is 35 on the outlets' pricelist: 10 soaps at 10% off consume 35 of a value budget."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dms_scheme_budget_mode = "stop"
        cls.scheme = cls.env["dms.scheme"].create(_soap_slab(cls.soap, budget_type="value", budget_amount=100))
        cls.towel = cls.env["product.product"].create({"name": "Towel", "list_price": 60})

    def _budget(self, scheme=None):
        scheme = scheme or self.scheme
        scheme.invalidate_recordset(["budget_consumed", "budget_remaining", "budget_utilisation"])
        return scheme.budget_consumed, scheme.budget_remaining, scheme.budget_utilisation

    def test_consumed_by_confirmed_orders_released_by_cancel(self):
        order = self._create_order(lines=[(self.soap, 10)])
        self.assertEqual(order.line_ids.scheme_id, self.scheme)
        self.assertEqual(self._budget(), (0, 100, 0), "a draft consumes nothing")
        order.action_confirm()
        self.assertEqual(self._budget(), (35, 65, 35))
        order.action_deliver()
        self.assertEqual(self._budget(), (35, 65, 35), "delivered orders still count")
        other = self._create_order(outlet=self.outlet_2, lines=[(self.soap, 10)])
        other.action_confirm()
        self.assertEqual(self._budget(), (70, 30, 70), "every confirmed order counts")

    def test_cancel_and_reset_release(self):
        order = self._create_order(lines=[(self.soap, 20)])
        order.action_confirm()
        self.assertEqual(self._budget()[0], 70)
        order.action_cancel()
        self.assertEqual(self._budget(), (0, 100, 0), "a cancelled order gives its part back")
        order.action_draft()
        self.assertEqual(self._budget()[0], 0)
        order.action_confirm()
        self.assertEqual(self._budget()[0], 70, "confirmed again, checked and counted again")

    def test_stop_refuses_with_scheme_remaining_and_order(self):
        self._create_order(lines=[(self.soap, 20)]).action_confirm()  # 70
        order = self._create_order(outlet=self.outlet_2, lines=[(self.soap, 10)])  # 35 > 30 left
        with self.assertRaises(UserError) as caught:
            order.with_user(self.rep_2).action_confirm()
        message = str(caught.exception)
        for part in (self.scheme.name, order.name, "30.00", "35.00", "100.00"):
            self.assertIn(part, message)
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertEqual(self._budget()[0], 70)
        # two orders that fit one by one but not together are refused together
        orders = self._create_order(lines=[(self.soap, 5)]) | self._create_order(lines=[(self.soap, 5)])
        self.assertEqual(orders.mapped("amount_scheme"), [17.5, 17.5])
        with self.assertRaises(UserError):
            orders.action_confirm()
        # one of them alone fits
        orders[0].action_confirm()
        self.assertEqual(self._budget()[0], 87.5)

    def test_warn_confirms_and_notes_order_and_scheme(self):
        self.company.dms_scheme_budget_mode = "warn"
        self._create_order(lines=[(self.soap, 20)]).action_confirm()
        order = self._create_order(outlet=self.outlet_2, lines=[(self.soap, 20)])
        order.with_user(self.rep_2).action_confirm()
        self.assertEqual(order.state, "confirmed")
        self.assertEqual(self._budget(), (140, -40, 140))
        for record in (order, self.scheme):
            notes = record.message_ids.filtered(lambda m: "exceeded by" in (m.body or ""))
            self.assertEqual(len(notes), 1, record)
            self.assertIn("40.00", notes.body)
            self.assertIn(order.name, notes.body)

    def test_free_quantity_budget(self):
        self.scheme.active = False
        free = self.env["dms.scheme"].create({
            "name": "Buy 10 soap get a towel", "rule_type": "free_goods", "product_ids": [Command.set(self.soap.ids)],
            "buy_qty": 10, "get_product_id": self.towel.id, "get_qty": 1, "budget_type": "qty", "budget_qty": 3,
        })
        self._create_order(lines=[(self.soap, 25)]).action_confirm()  # 2 towels
        consumed, remaining, utilisation = self._budget(free)
        self.assertEqual((consumed, remaining), (2, 1))
        self.assertEqual(utilisation, 66.7, "rounded to the field's one digit")
        order = self._create_order(outlet=self.outlet_2, lines=[(self.soap, 20)])  # 2 more > 1 left
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        self.assertIn("1.00 units", str(caught.exception))
        order.line_ids.filtered(lambda line: not line.is_reward).product_uom_qty = 10
        order.action_confirm()
        self.assertEqual(self._budget(free), (3, 0, 100), "exactly at the budget")

    def test_budget_must_be_positive(self):
        with self.assertRaises(ValidationError):
            self.scheme.budget_amount = 0
        with self.assertRaises(ValidationError):
            self.scheme.write({"budget_type": "qty", "budget_qty": -1})
        self.scheme.write({"budget_type": "none", "budget_amount": 0})
        self.assertEqual(self._budget(), (0, 0, 0))

    def test_access_managers_edit_budgets_reps_read(self):
        self._create_order(lines=[(self.soap, 10)]).action_confirm()
        for user in (self.rep, self.supervisor):
            scheme = self.scheme.with_user(user)
            values = scheme.read(["budget_amount", "budget_consumed", "budget_remaining"])[0]
            self.assertEqual((values["budget_amount"], values["budget_remaining"]), (100, 65), user.login)
            with self.assertRaises(AccessError):
                scheme.budget_amount = 1000
            report = self.env["dms.scheme.budget.report"].with_user(user).search([("scheme_id", "=", self.scheme.id)])
            self.assertEqual(report.consumed, 35, user.login)
        # distributor staff read the scheme, not the principal's budget
        staff = new_test_user(self.env, "dms_budget_staff", groups="base.group_user,dms_sales.group_dms_distributor")
        staff.partner_id.parent_id = self.distributor
        self.assertEqual(self.scheme.with_user(staff).read(["name"])[0]["name"], self.scheme.name)
        with self.assertRaises(AccessError):
            self.scheme.with_user(staff).read(["budget_remaining"])
        with self.assertRaises(AccessError):
            self.env["dms.scheme.budget.report"].with_user(staff).search([])
        with Form(self.scheme.with_user(self.manager)) as form:
            form.budget_amount = 1000
        self.assertEqual(self._budget(), (35, 965, 3.5))
        with self.assertRaises(AccessError):  # computed by the application
            self.scheme.with_user(self.manager).write({"budget_consumed": 0})

    def test_report_matches_scheme_and_no_n_plus_one(self):
        self.company.dms_scheme_budget_mode = "warn"
        schemes = self.scheme | self.env["dms.scheme"].create([
            _soap_slab(self.shampoo, 20, budget_type="value", budget_amount=50),
            _soap_slab(self.towel, 5, budget_type="value", budget_amount=10),
        ])
        self._create_order(lines=[(self.soap, 10), (self.shampoo, 3)]).action_confirm()  # 35, 90
        self._create_order(lines=[(self.towel, 2)])  # draft
        self.env.flush_all()
        rows = self.env["dms.scheme.budget.report"].search([("scheme_id", "in", schemes.ids)])
        self.assertEqual(len(rows), 3)
        for row in rows:
            consumed, remaining, utilisation = self._budget(row.scheme_id)
            self.assertAlmostEqual(row.consumed, consumed)
            self.assertAlmostEqual(row.remaining, remaining)
            self.assertAlmostEqual(row.utilisation, utilisation)
        self.assertEqual(rows.filtered("is_over").scheme_id.product_ids, self.shampoo, "90 of 50")
        # one grouped query, however many schemes
        counts = []
        for records in (schemes[:1], schemes):
            records.invalidate_recordset(["budget_consumed"])
            before = self.env.cr.sql_log_count
            records.mapped("budget_consumed")
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])


@tagged("post_install", "-at_install", "concurrency")
class TestSchemeBudgetConcurrency(DmsConcurrencyCase):
    """Two orders that fit a scheme's budget alone but not together, confirmed at the same moment
    by two transactions: one is confirmed, the other refused. Committed data, cleaned up after."""

    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            company = env.company
            self.ids = {"company": company.id, "mode": company.dms_scheme_budget_mode}
            company.dms_scheme_budget_mode = "stop"
            territory = env["dms.territory"].create({"name": "Budget race territory"})
            pricelist = env["product.pricelist"].create({"name": "Budget race list prices"})
            distributor = env["res.partner"].create({
                "name": "Budget Race Distribution", "is_company": True, "dms_role": "distributor",
                "dms_covered_territory_ids": [Command.set(territory.ids)],
                "dms_secondary_pricelist_id": pricelist.id})
            outlets = env["res.partner"].create([{
                "name": "Budget Race Outlet %s" % i, "is_company": True, "dms_role": "outlet",
                "dms_territory_id": territory.id, "dms_distributor_id": distributor.id} for i in range(2)])
            product = env["product.product"].create({"name": "Budget Race Soap", "list_price": 40})
            # 10 x 40 at 10% off: 40 each, 80 together, over a budget of 60
            scheme = env["dms.scheme"].create(_soap_slab(
                product, budget_type="value", budget_amount=60, distributor_ids=[Command.set(distributor.ids)]))
            orders = env["dms.secondary.order"].create([{
                "distributor_id": distributor.id, "partner_id": outlet.id,
                "line_ids": [Command.create({"product_id": product.id, "product_uom_qty": 10})]} for outlet in outlets])
            assert orders.mapped("amount_scheme") == [40.0, 40.0], orders.mapped("amount_scheme")
            self.ids.update(orders=orders.ids, partners=(outlets | distributor).ids, territory=territory.id,
                            product=product.id, scheme=scheme.id, pricelist=pricelist.id)
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr, mute_logger("odoo.sql_db"):
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            # this test owns its orders, whatever state the race left them in
            cr.execute(SQL("UPDATE dms_secondary_order SET state = 'cancel' WHERE id IN %s", tuple(self.ids["orders"])))
            env.invalidate_all()
            env["dms.secondary.order"].browse(self.ids["orders"]).unlink()
            env["dms.scheme"].browse(self.ids["scheme"]).unlink()
            env["res.company"].browse(self.ids["company"]).dms_scheme_budget_mode = self.ids["mode"]
            self.unlink_or_archive(env, self.ids["product"], self.ids["partners"], self.ids["territory"],
                                   self.ids["pricelist"])

    def test_two_reps_confirm_at_once(self):
        # both orders are written as confirmed, each in its own transaction, before either is checked
        calls = self.meet_at("dms.secondary.order", "_dms_check_scheme_budget")
        results = self.run_concurrently(*(
            lambda env, order_id=order_id: env["dms.secondary.order"].browse(order_id).action_confirm()
            for order_id in self.ids["orders"]))
        refused = [result for result in results if isinstance(result, Exception)]
        self.assertEqual(len(refused), 1, results)
        self.assertIsInstance(refused[0], UserError)
        self.assertIn("Soap 10% off", str(refused[0]))
        self.assertIn("20.00", str(refused[0]), "what was left after the first order")
        self.assertGreaterEqual(len(calls), 3, "the second confirmation was retried after a serialization failure")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["dms.secondary.order"].browse(self.ids["orders"])
            self.assertEqual(sorted(orders.mapped("state")), ["confirmed", "draft"])
            self.assertEqual(env["dms.scheme"].browse(self.ids["scheme"]).budget_consumed, 40)
