from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import DmsConcurrencyCase, DmsSalesCommon


class PrimaryCreditCommon(DmsSalesCommon):
    """A distributor with a credit limit of 1000 under a company that uses credit limits.
    Soap is 40 + 15% tax: 10 units make an order of 460."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True
        cls.distributor.with_company(cls.company).credit_limit = 1000
        cls.distributor.dms_channel_id = cls.env.ref("dms_sales.dms_channel_general_trade")
        sales = "sales_team.group_sale_salesman_all_leads,stock.group_stock_user"
        cls.so_manager = new_test_user(cls.env, "dms_credit_manager", groups=sales + ",dms_sales.group_dms_manager")
        cls.so_supervisor = new_test_user(
            cls.env, "dms_credit_supervisor", groups=sales + ",dms_sales.group_dms_supervisor")
        cls.so_rep = new_test_user(cls.env, "dms_credit_rep", groups=sales + ",dms_sales.group_dms_rep")
        cls.area.user_ids = [Command.link(cls.so_rep.id)]
        cls.retail_customer = cls.env["res.partner"].create({"name": "Walk-in Customer"})
        cls.retail_customer.with_company(cls.company).credit_limit = 100

    @classmethod
    def _sale(cls, qty, partner=None, user=None, **vals):
        env = cls.env(user=user) if user else cls.env
        return env["sale.order"].create({
            "partner_id": (partner or cls.distributor).id,
            "order_line": [Command.create({"product_id": cls.soap.id, "product_uom_qty": qty, "price_unit": 40})],
            **vals,
        })


@tagged("post_install", "-at_install")
class TestPrimaryCredit(PrimaryCreditCommon):

    def test_territory_channel_from_distributor(self):
        order = self._sale(1)
        self.assertEqual(order.dms_territory_id, self.region, "single covered territory")
        self.assertEqual(order.dms_channel_id.code, "GT")
        # A distributor covering two areas books on the territory containing both.
        # (a distributor with no outlets yet, so its coverage can change freely)
        newcomer = self.env["res.partner"].create({
            "name": "Newcomer Distribution", "is_company": True, "dms_role": "distributor",
            "dms_covered_territory_ids": [(6, 0, (self.area | self.area_2).ids)]})
        self.assertEqual(self._sale(1, newcomer).dms_territory_id, self.region)
        # Territories with no common ancestor: the first one.
        newcomer.dms_covered_territory_ids = self.leaf | self.other_region
        self.assertIn(self._sale(1, newcomer).dms_territory_id, self.leaf | self.other_region)
        # An outlet buying directly: its own territory. Editable on the quotation.
        with Form(self.env["sale.order"].with_user(self.so_rep)) as form:
            form.partner_id = self.outlet
            self.assertEqual(form.dms_territory_id, self.leaf)
            form.dms_territory_id = self.area
            with form.order_line.new() as line:
                line.product_id = self.soap
        self.assertEqual(form.record.dms_territory_id, self.area)
        # Searchable and groupable like any stored field (list and pivot views).
        groups = self.env["sale.order"]._read_group(
            [("dms_territory_id", "child_of", self.region.id)], ["dms_territory_id"], ["__count"])
        self.assertIn(self.region, [g[0] for g in groups])

    def test_under_limit_confirms(self):
        order = self._sale(20, user=self.so_rep)  # 920
        self.assertTrue(order.dms_credit_controlled)
        self.assertEqual(order.dms_credit_exposure, 920)
        self.assertEqual(order.dms_credit_available, 80)
        self.assertFalse(order.dms_credit_blocked)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_over_limit_blocks_with_figures(self):
        first = self._sale(10, user=self.so_rep)  # 460
        first.action_confirm()
        order = self._sale(20, user=self.so_rep)  # 920: 460 + 920 = 1380 > 1000
        self.assertTrue(order.dms_credit_blocked)
        self.assertEqual(order.dms_credit_other_orders, 460)
        self.assertEqual(order.dms_credit_available, -380)
        with self.assertRaises(UserError) as cm:
            order.action_confirm()
        message = str(cm.exception)
        for text in ("North Distribution Ltd", order.name, "460.00", "920.00", "1,380.00", "1,000.00", "380.00"):
            self.assertIn(text, message)
        self.assertEqual(order.state, "draft")

    def test_invoiced_order_counts_once(self):
        """Confirmed orders count for what is not invoiced yet; a posted invoice moves to receivables."""
        first = self._sale(10)
        first.action_confirm()
        invoice = first._create_invoices()
        invoice.action_post()
        order = self._sale(10)
        self.assertEqual(order.dms_credit_receivable, 460)
        self.assertEqual(order.dms_credit_other_orders, 0)
        self.assertEqual(order.dms_credit_exposure, 920)
        order.action_confirm()

    def test_batch_confirm_counts_each_other(self):
        orders = self._sale(15) | self._sale(15)  # 690 each, 1380 together
        with self.assertRaises(UserError):
            orders.action_confirm()
        self.assertEqual(set(orders.mapped("state")), {"draft"})

    def test_manager_approval_confirms_and_logs(self):
        order = self._sale(30, user=self.so_rep)  # 1380
        order.with_user(self.so_manager).action_dms_approve_credit()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dms_credit_approved_by_id, self.so_manager)
        self.assertTrue(order.dms_credit_approved_date)
        self.assertEqual(order.dms_credit_approved_amount, 1380)
        self.assertFalse(order.dms_credit_blocked)
        log = order.message_ids.filtered(lambda m: "Credit approved by" in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertIn("1,380.00", log.body)
        self.assertIn("1,000.00", log.body)

    def test_rep_and_supervisor_cannot_approve(self):
        order = self._sale(30, user=self.so_rep)
        for user in (self.so_rep, self.so_supervisor):
            with self.assertRaises(AccessError):
                order.with_user(user).action_dms_approve_credit()
            with self.assertRaises(AccessError):
                order.with_user(user).write({
                    "dms_credit_approved_by_id": self.so_manager.id, "dms_credit_approved_amount": 10**6})
            with self.assertRaises(AccessError):
                self._sale(30, user=user, dms_credit_approved_by_id=self.so_manager.id,
                           dms_credit_approved_amount=10**6)
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.dms_credit_approved_by_id)

    def test_copy_of_approved_quotation_is_blocked(self):
        order = self._sale(30)
        order.with_user(self.so_manager).action_dms_approve_credit()
        copy = order.with_user(self.so_rep).copy()
        self.assertFalse(copy.dms_credit_approved_by_id)
        self.assertFalse(copy.dms_credit_approved_amount)
        with self.assertRaises(UserError):
            copy.with_user(self.so_rep).action_confirm()

    def test_total_rising_after_approval_blocks_again(self):
        order = self._sale(30)
        order.with_user(self.so_manager).action_dms_approve_credit()
        order._action_cancel()
        order.action_draft()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.dms_credit_blocked, "approval still covers the same total")
        order.order_line.write({"product_uom_qty": 31, "price_unit": 40})  # 1426
        self.assertTrue(order.dms_credit_blocked)
        with self.assertRaises(UserError):
            order.with_user(self.so_rep).action_confirm()
        order.order_line.write({"product_uom_qty": 25, "price_unit": 40})  # 1150: over the limit, within approval
        order.with_user(self.so_rep).action_confirm()
        self.assertEqual(order.state, "sale", "a lower total stays within the approval")

    def test_direct_state_write_and_create_blocked(self):
        order = self._sale(30, user=self.so_rep)
        with self.assertRaises(UserError):
            order.with_user(self.so_rep).write({"state": "sale"})
        with self.assertRaises(UserError):
            self._sale(30, user=self.so_rep, state="sale")
        self.assertEqual(order.state, "draft")

    def test_delivery_refused_when_over_limit(self):
        order = self._sale(20)  # 920, within the limit when confirmed
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.picking_type_code, "outgoing")
        picking.move_ids.quantity = 20
        self.distributor.with_company(self.company).credit_limit = 500
        with self.assertRaises(UserError) as cm:
            picking.button_validate()
        self.assertIn("Delivery %s cannot be validated" % picking.name, str(cm.exception))
        self.assertIn("500.00", str(cm.exception))
        with self.assertRaises(UserError):
            picking._action_done()
        self.assertNotEqual(picking.state, "done")
        # Back within the limit: the delivery goes through.
        self.distributor.with_company(self.company).credit_limit = 1000
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_invoice_address_distributor_checked(self):
        """An outlet's order invoiced to the distributor spends the distributor's credit."""
        self._sale(10).action_confirm()  # 460
        order = self._sale(20, partner=self.outlet, partner_invoice_id=self.distributor.id)  # 920: 1380 > 1000
        self.assertTrue(order.dms_credit_controlled)
        self.assertEqual(order.dms_credit_other_orders, 460)
        self.assertTrue(order.dms_credit_blocked)
        with self.assertRaises(UserError) as cm:
            order.with_user(self.so_rep).action_confirm()
        for text in ("North Distribution Ltd", order.name, "1,380.00", "1,000.00"):
            self.assertIn(text, str(cm.exception))
        self.assertEqual(order.state, "draft")
        with self.assertRaises(UserError):
            order.with_user(self.so_rep).write({"state": "sale"})
        self.assertEqual(order.state, "draft")

    def test_orders_invoiced_to_distributor_count_in_its_exposure(self):
        self._sale(20, partner=self.outlet, partner_invoice_id=self.distributor.id).action_confirm()  # 920
        order = self._sale(10)  # 460: 1380 > 1000
        self.assertEqual(order.dms_credit_other_orders, 920)
        with self.assertRaises(UserError):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_tightest_distributor_is_checked(self):
        """Customer and invoice address of two distributors: each limit must hold."""
        self.distributor_south.with_company(self.company).credit_limit = 500
        order = self._sale(15, partner_invoice_id=self.distributor_south.id)  # 690: within 1000, over 500
        self.assertTrue(order.dms_credit_blocked)
        self.assertEqual(order.dms_credit_limit, 500)
        with self.assertRaises(UserError) as cm:
            order.action_confirm()
        self.assertIn("South Traders", str(cm.exception))
        self.distributor_south.with_company(self.company).credit_limit = 700
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_delivery_refused_when_invoice_distributor_over_limit(self):
        order = self._sale(20, partner=self.outlet, partner_invoice_id=self.distributor.id)  # 920
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 20
        self.distributor.with_company(self.company).credit_limit = 500
        with self.assertRaises(UserError) as cm:
            picking.button_validate()
        self.assertIn("Delivery %s cannot be validated" % picking.name, str(cm.exception))
        self.assertNotEqual(picking.state, "done")
        self.distributor.with_company(self.company).credit_limit = 1000
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_delivery_validated_by_inventory_user_who_cannot_read_the_order(self):
        """The credit check reads the sale order whoever validates: an inventory user allowed to ship
        but not to read another salesman's order is held to the limit, and ships within it."""
        order = self._sale(20)  # 920, within the limit when confirmed
        order.action_confirm()
        picking = order.picking_ids
        shipper = new_test_user(self.env, "dms_credit_shipper",
                                groups="stock.group_stock_manager,sales_team.group_sale_salesman")
        self.assertFalse(order.with_user(shipper).has_access("read"), "not the shipper's order")
        picking.with_user(shipper).move_ids.write({"quantity": 20, "picked": True})
        self.distributor.with_company(self.company).credit_limit = 500
        self.env.invalidate_all()  # as in the shipper's own request: nothing read as someone else
        with self.assertRaisesRegex(UserError, "Delivery %s cannot be validated" % picking.name):
            picking.with_user(shipper).button_validate()
        self.assertNotEqual(picking.state, "done")
        self.distributor.with_company(self.company).credit_limit = 1000
        self.env.invalidate_all()
        picking.with_user(shipper).button_validate()
        self.assertEqual(picking.state, "done")

    def test_non_distributor_unaffected(self):
        order = self._sale(30, partner=self.retail_customer)  # 1380 against a core limit of 100
        self.assertFalse(order.dms_credit_controlled)
        self.assertFalse(order.dms_territory_id)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.partner_credit_warning == "", "core only warns on quotations")

    def test_company_without_credit_limits_unaffected(self):
        self.company.account_use_credit_limit = False
        order = self._sale(30)
        self.assertFalse(order.dms_credit_controlled)
        order.action_confirm()
        self.assertEqual(order.state, "sale")


@tagged("post_install", "-at_install", "concurrency")
class TestPrimaryCreditConcurrency(DmsConcurrencyCase):
    """Two orders of a distributor that fit its credit limit alone but not together, confirmed at
    the same moment in two transactions: one is confirmed, the other refused. Committed data,
    cleaned up afterwards."""

    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            company = env.company
            self.ids = {"company": company.id, "use_credit_limit": company.account_use_credit_limit}
            company.account_use_credit_limit = True
            distributor = env["res.partner"].create({
                "name": "Credit Race Distribution", "is_company": True, "dms_role": "distributor"})
            distributor.with_company(company).credit_limit = 1000
            product = env["product.product"].create({
                "name": "Credit Race Soap", "list_price": 40, "taxes_id": [Command.clear()]})
            orders = env["sale.order"].create([{
                "partner_id": distributor.id, "company_id": company.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 15, "price_unit": 40})],
            } for __ in range(2)])  # 600 each, 1200 together
            self.ids.update(orders=orders.ids, partner=distributor.id, product=product.id)
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.committed_env() as env, mute_logger("odoo.sql_db"):
            orders = env["sale.order"].browse(self.ids["orders"])
            orders.filtered(lambda o: o.state != "cancel")._action_cancel()
            orders.picking_ids.unlink()
            orders.unlink()
            env["res.company"].browse(self.ids["company"]).account_use_credit_limit = self.ids["use_credit_limit"]
            for records in (env["product.product"].browse(self.ids["product"]),
                            env["res.partner"].browse(self.ids["partner"])):
                try:
                    with env.cr.savepoint():
                        records.unlink()
                except Exception:  # archived instead: other addons hang records on them
                    records.write({"active": False})

    def test_two_orders_confirmed_at_once(self):
        # both orders are written as confirmed, each in its own transaction, before either is checked
        self.meet_at("sale.order", "_dms_check_credit")
        results = self.run_concurrently(*(
            lambda env, order_id=order_id: env["sale.order"].browse(order_id).action_confirm()
            for order_id in self.ids["orders"]))
        refused = [result for result in results if isinstance(result, Exception)]
        self.assertEqual(len(refused), 1, "exactly one of the two orders is refused")
        self.assertIsInstance(refused[0], UserError)
        self.assertIn("over its credit limit", str(refused[0]))
        self.assertIn("1,200.00", str(refused[0]))
        with self.committed_env() as env:
            orders = env["sale.order"].browse(self.ids["orders"])
            self.assertEqual(sorted(orders.mapped("state")), ["draft", "sale"])


@tagged("post_install", "-at_install")
class TestPrimaryCreditXmlrpc(PrimaryCreditCommon, HttpCase):

    def test_xmlrpc_confirm_refused(self):
        order = self._sale(30, user=self.so_rep)
        db, uid, password = self.env.cr.dbname, self.so_rep.id, self.so_rep.login
        for method, args in (("action_confirm", [[order.id]]), ("write", [[order.id], {"state": "sale"}])):
            with self.subTest(method=method), mute_logger("odoo.http"), self.assertRaises(Fault) as cm:
                self.xmlrpc_object.execute(db, uid, password, "sale.order", method, *args)
            self.assertIn("over its credit limit", cm.exception.faultString)
            self.assertIn("1,380.00", cm.exception.faultString)
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self.xmlrpc_object.execute(db, uid, password, "sale.order", "action_dms_approve_credit", [order.id])
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        # The manager's approval over XML-RPC goes through.
        self.xmlrpc_object.execute(db, self.so_manager.id, self.so_manager.login, "sale.order",
                                   "action_dms_approve_credit", [order.id])
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")


@tagged("post_install", "-at_install")
class TestPrimaryCreditViews(PrimaryCreditCommon):

    @staticmethod
    def _form_arch(model, user):
        return model.with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]

    def test_credit_fields_in_views(self):
        accountant = new_test_user(
            self.env, "dms_credit_accountant", groups="account.group_account_invoice,dms_sales.group_dms_rep")
        partner_arch = self._form_arch(self.env["res.partner"], accountant)
        self.assertIn('name="credit_limit"', partner_arch.split('name="dms_distribution"')[1])
        rep_arch = self._form_arch(self.env["res.partner"], self.rep)
        self.assertNotIn('name="credit_limit"', rep_arch, "accounting field: hidden without billing rights")
        order_arch = self._form_arch(self.env["sale.order"], self.so_rep)
        for field in ("dms_territory_id", "dms_channel_id", "dms_credit_limit", "dms_credit_exposure",
                      "dms_credit_available"):
            self.assertIn('name="%s"' % field, order_arch)
        self.assertNotIn("action_dms_approve_credit", order_arch, "the button is for managers")
        self.assertIn("action_dms_approve_credit", self._form_arch(self.env["sale.order"], self.so_manager))
