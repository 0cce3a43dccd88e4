from datetime import datetime, time, timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL, mute_logger
from odoo.tools.safe_eval import safe_eval

from ..guard import dms_system_write
from .common import DmsConcurrencyCase, DmsSalesCommon


def _accrual_setup(env, suffix):
    """A liability account, an expense account and a miscellaneous journal for scheme accruals."""
    Account = env["account.account"]
    liability = Account.create({"name": "Accrued scheme liability %s" % suffix, "code": "DMSAL%s" % suffix,
                                "account_type": "liability_current"})
    expense = Account.create({"name": "Trade scheme expense %s" % suffix, "code": "DMSAE%s" % suffix,
                              "account_type": "expense"})
    journal = env["account.journal"].create({"name": "Scheme accruals %s" % suffix, "code": "DA%s" % suffix[-3:],
                                             "type": "general"})
    return liability, expense, journal


@tagged("post_install", "-at_install")
class TestSchemeAccrual(DmsSalesCommon):
    """The scheme liability accrued as deliveries are recorded, cleared when the claim is approved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.liability, cls.expense, cls.journal = _accrual_setup(cls.env, "T1")
        cls.company.write({"dms_scheme_accrual_account_id": cls.liability.id,
                           "dms_scheme_accrual_journal_id": cls.journal.id})
        # 10% off soap (35 a unit at the distributor's prices): 10 soaps give 35
        cls.scheme = cls.env["dms.scheme"].create({
            "name": "Soap 10% off", "rule_type": "qty_slab", "product_ids": [Command.set(cls.soap.ids)],
            "account_id": cls.expense.id, "slab_ids": [Command.create({"threshold": 1, "discount_value": 10})]})
        cls.accountant = new_test_user(cls.env, "dms_accountant_accrual", groups="account.group_account_invoice")
        cls.today = fields.Date.context_today(cls.env["dms.claim"])

    def _confirmed(self, qty=10, outlet=None):
        order = self._create_order(outlet=outlet, lines=[(self.soap, qty)])
        order.action_confirm()
        self.assertEqual(order.line_ids.scheme_amount, qty * 3.5)
        return order

    def _entries(self, orders):
        return self.env["account.move"].search([("dms_accrual_order_id", "in", orders.ids)], order="id")

    def _balance(self, account):
        """Balance of ``account`` for the test's distributor (credit negative)."""
        groups = self.env["account.move.line"]._read_group(
            [("account_id", "=", account.id), ("partner_id", "=", self.distributor.id),
             ("parent_state", "=", "posted")], [], ["balance:sum"])
        return groups[0][0]

    def _set_delivered(self, line, qty):
        """What a (partial) delivery validated in the distributor's stock records, then accrues."""
        with dms_system_write():
            line.qty_delivered = qty
        line._dms_accrue()

    def test_accrue_on_delivery_once(self):
        order = self._confirmed()
        self.assertFalse(self._entries(order), "nothing is accrued before the delivery")
        order.action_deliver()
        entry = self._entries(order)
        self.assertEqual(len(entry), 1)
        self.assertEqual((entry.state, entry.journal_id, entry.date), ("posted", self.journal, self.today))
        self.assertEqual(sorted((ml.account_id, ml.debit, ml.credit, ml.partner_id) for ml in entry.line_ids),
                         sorted([(self.expense, 35.0, 0.0, self.distributor),
                                 (self.liability, 0.0, 35.0, self.distributor)]))
        self.assertEqual(order.line_ids.accrued_amount, 35.0)
        self.assertEqual(self._balance(self.liability), -35.0)
        self.assertFalse(order.line_ids._dms_accrue(), "accruing again posts nothing")
        self.assertEqual(len(self._entries(order)), 1)

    def test_partial_delivery_then_the_rest(self):
        order = self._confirmed(qty=10)
        line = order.line_ids
        with dms_system_write():
            order.write({"state": "delivered"})
        self._set_delivered(line, 4)
        self.assertEqual(line.accrued_amount, 14.0, "4 of 10 delivered: 4/10 of the benefit")
        self._set_delivered(line, 10)
        entries = self._entries(order)
        self.assertEqual(len(entries), 2)
        self.assertEqual(entries.mapped("amount_total"), [14.0, 21.0], "the second entry accrues only the rest")
        self.assertEqual(self._balance(self.liability), -35.0)

    def test_return_accrues_back(self):
        order = self._confirmed()
        order.action_deliver()
        line = order.line_ids
        with dms_system_write():
            line.qty_returned = 4
        line._dms_accrue()
        back = self._entries(order)[1:]
        self.assertEqual(len(back), 1)
        self.assertEqual(sorted((ml.account_id, ml.debit, ml.credit) for ml in back.line_ids),
                         sorted([(self.expense, 0.0, 14.0), (self.liability, 14.0, 0.0)]),
                         "a return swaps the sides: the liability is debited")
        self.assertEqual(line.accrued_amount, 21.0)
        self.assertEqual(self._balance(self.liability), -21.0)
        self.assertEqual(self._balance(self.expense), 21.0)

    def _sold_last_month(self, qty=10):
        """An order taken on the 15th of last month, at noon (the same day in any time zone)."""
        sale_day = (self.today.replace(day=1) - timedelta(days=1)).replace(day=15)
        order = self._create_order(lines=[(self.soap, qty)], date_order=datetime.combine(sale_day, time(12)))
        order.action_confirm()
        return order, sale_day

    def test_accrual_is_dated_on_the_sale_and_its_return_when_recorded(self):
        """An accountant closing last month finds last month's sales accrued in it, even when the
        delivery is recorded today; a return recorded today is reversed today, not in the past."""
        order, sale_day = self._sold_last_month()
        order.action_deliver()
        entry = self._entries(order)
        self.assertEqual((entry.date, entry.ref, entry.amount_total), (sale_day, f"Scheme accrual of {order.name}", 35))
        line = order.line_ids
        with dms_system_write():
            line.qty_returned = 4
        line._dms_accrue()
        back = self._entries(order) - entry
        self.assertEqual((back.date, back.amount_total), (self.today, 14.0))
        self.assertEqual(self._balance(self.liability), -21.0)

    def test_accrual_of_a_locked_month_goes_to_the_first_open_day(self):
        order, sale_day = self._sold_last_month()
        month_end = self.today.replace(day=1) - timedelta(days=1)
        # a company locks a month once its bank is reconciled: the demo's open bank lines go first
        self.env["account.bank.statement.line"].search(
            self.company._get_unreconciled_statement_lines_domain(month_end)).unlink()
        self.company.fiscalyear_lock_date = month_end
        order.action_deliver()
        entry = self._entries(order)
        self.assertEqual((entry.state, entry.date), ("posted", month_end + timedelta(days=1)))
        self.assertIn(f"of {sale_day}, locked until {month_end}", entry.ref, "the reference says why")
        self.assertEqual(self._balance(self.liability), -35.0)

    def test_no_order_dated_in_the_future(self):
        """Accruals are dated on the sale: a rep's order dated next year, once delivered, posted its
        accrual there (no lock date stops a future one), out of this month's books. An order is
        taken now or before, whoever writes its date (an hour of slack for a device's clock)."""
        ahead = fields.Datetime.now() + timedelta(days=400)
        Order = self.env["dms.secondary.order"].with_user(self.rep)
        with self.assertRaisesRegex(ValidationError, "Order Date .* in the future"):
            Order.create({"distributor_id": self.distributor.id, "partner_id": self.outlet.id, "date_order": ahead,
                          "line_ids": [Command.create({"product_id": self.soap.id, "product_uom_qty": 10})]})
        order = self._create_order(lines=[(self.soap, 10)]).with_user(self.rep)
        with self.assertRaisesRegex(ValidationError, "Order Date .* in the future"):
            order.date_order = ahead
        order.date_order = fields.Datetime.now() + timedelta(minutes=30)
        order.sudo().action_confirm()
        order.sudo().action_deliver()
        self.assertEqual(self._entries(order).date, fields.Date.context_today(order, order.date_order))

    def test_claim_approval_clears_the_liability(self):
        orders = self._confirmed(10) | self._confirmed(20, outlet=self.outlet_2)
        orders.action_deliver()
        self.assertEqual(self._balance(self.liability), -105.0)
        claim = self.env["dms.claim"].create({"distributor_id": self.distributor.id,
                                              "date_from": self.today.replace(day=1), "date_to": self.today})
        claim.action_compute()
        claim.action_submit()
        claim.with_user(self.accountant).action_approve()
        refund = claim.credit_note_id
        self.assertEqual(refund.amount_total, 105.0)
        self.assertEqual(refund.invoice_line_ids.account_id, self.liability, "the credit note debits the liability")
        self.assertEqual(self._balance(self.liability), 0.0, "approved: nothing left accrued")
        self.assertEqual(self._balance(self.expense), 105.0, "the expense stays, booked at delivery")
        self.assertEqual(claim.line_ids.mapped("accrual_cleared"), claim.line_ids.mapped("amount"))
        self.assertEqual(orders.line_ids.mapped("accrual_cleared"), [35.0, 70.0])

        # cancelling the approved claim: its credit note reversed first restores the liability
        refund._reverse_moves(cancel=True)
        claim.action_cancel()
        self.assertEqual(self._balance(self.liability), -105.0)
        self.assertEqual(orders.line_ids.mapped("accrual_cleared"), [0.0, 0.0])

    def test_benefit_not_accrued_goes_to_the_expense(self):
        """A delivery recorded before accruals were set up: its claim books the expense as before,
        and an accrued one clears the liability, on one credit note."""
        self.company.dms_scheme_accrual_journal_id = False
        before = self._confirmed(20, outlet=self.outlet_2)
        before.action_deliver()
        self.assertFalse(self._entries(before), "no journal: nothing accrued")
        self.company.dms_scheme_accrual_journal_id = self.journal
        after = self._confirmed(10)
        after.action_deliver()
        claim = self.env["dms.claim"].create({"distributor_id": self.distributor.id,
                                              "date_from": self.today.replace(day=1), "date_to": self.today})
        claim.action_compute()
        claim.action_submit()
        claim.action_approve()
        self.assertEqual(sorted((ml.account_id, ml.price_subtotal) for ml in claim.credit_note_id.invoice_line_ids),
                         sorted([(self.liability, 35.0), (self.expense, 70.0)]))
        self.assertEqual(self._balance(self.liability), 0.0)

    def test_tiered_free_goods_accrue_at_list_price(self):
        tiers = self.env["dms.scheme"].create({
            "name": "Shampoo tiers", "rule_type": "free_goods", "is_tiered": True, "sequence": 1,
            "product_ids": [Command.set(self.shampoo.ids)], "account_id": self.expense.id,
            "slab_ids": [Command.create({"threshold": 10, "get_product_id": self.soap.id, "get_qty": 1}),
                         Command.create({"threshold": 20, "get_product_id": self.soap.id, "get_qty": 3})]})
        order = self._create_order(lines=[(self.shampoo, 24)])
        order.action_confirm()
        reward = order.line_ids.filtered("is_reward")
        self.assertEqual((reward.product_id, reward.product_uom_qty, reward.scheme_id), (self.soap, 3.0, tiers))
        order.action_deliver()
        self.assertEqual(reward.accrued_amount, reward.scheme_amount)
        self.assertEqual(self._balance(self.liability), -reward.scheme_amount)

    def test_access_accountants_read_reps_never(self):
        order = self._confirmed()
        order.with_user(self.rep).action_deliver()
        entry = self._entries(order)
        self.assertEqual(len(entry), 1, "a rep's delivery accrues, though the rep has no accounting rights")
        self.assertEqual(self.env["account.move"].with_user(self.accountant).search(
            [("dms_accrual_order_id", "=", order.id)]), entry)
        self.assertEqual(entry.with_user(self.accountant).line_ids.mapped("balance"), entry.line_ids.mapped("balance"))
        # the menu's list: the journal items of the entries, with their accounts
        action = self.env.ref("dms_sales.account_move_action_dms_accrual")
        items = self.env["account.move.line"].with_user(self.accountant).search(
            [*safe_eval(action.domain), ("dms_accrual_order_id", "=", order.id)])
        self.assertEqual(items, entry.line_ids)
        self.assertEqual(sorted(items.account_id.mapped("name")), sorted([self.expense.name, self.liability.name]))
        for user in (self.rep, self.supervisor):
            with self.subTest(user=user.login):
                Move = self.env["account.move"].with_user(user)
                try:
                    found = Move.search([("dms_accrual_order_id", "=", order.id)])
                except AccessError:
                    found = Move
                self.assertFalse(found)
                try:
                    items = self.env["account.move.line"].with_user(user).search(
                        [("dms_accrual_order_id", "=", order.id)])
                except AccessError:
                    items = None
                self.assertFalse(items)
                with self.assertRaises(AccessError):
                    entry.with_user(user).read(["line_ids"])
        with self.assertRaises(AccessError):
            order.line_ids.with_user(self.rep).read(["accrued_amount"])
        with self.assertRaises(UserError):  # the write guard (or the field's groups)
            order.line_ids.with_user(self.accountant).write({"accrued_amount": 0})
        self.assertEqual(order.line_ids.accrued_amount, 35.0)


@tagged("post_install", "-at_install", "concurrency")
class TestSchemeAccrualConcurrency(DmsConcurrencyCase):
    """Two transactions record the same delivery at once: the benefit is accrued once."""

    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            company = env.company
            self.ids = {"company": company.id, "settings": (company.dms_scheme_accrual_account_id.id,
                                                            company.dms_scheme_accrual_journal_id.id)}
            liability, expense, journal = _accrual_setup(env, "R1")
            company.write({"dms_scheme_accrual_account_id": liability.id, "dms_scheme_accrual_journal_id": journal.id})
            territory = env["dms.territory"].create({"name": "Accrual race territory"})
            pricelist = env["product.pricelist"].create({"name": "Accrual race list prices"})
            distributor = env["res.partner"].create({
                "name": "Accrual Race Distribution", "is_company": True, "dms_role": "distributor",
                "dms_covered_territory_ids": [Command.set(territory.ids)], "dms_secondary_pricelist_id": pricelist.id})
            outlet = env["res.partner"].create({
                "name": "Accrual Race Outlet", "is_company": True, "dms_role": "outlet",
                "dms_territory_id": territory.id, "dms_distributor_id": distributor.id})
            product = env["product.product"].create({"name": "Accrual Race Soap", "list_price": 40})
            scheme = env["dms.scheme"].create({
                "name": "Accrual race 10%", "rule_type": "qty_slab", "product_ids": [Command.set(product.ids)],
                "account_id": expense.id, "distributor_ids": [Command.set(distributor.ids)],
                "slab_ids": [Command.create({"threshold": 1, "discount_value": 10})]})
            order = env["dms.secondary.order"].create({
                "distributor_id": distributor.id, "partner_id": outlet.id,
                "line_ids": [Command.create({"product_id": product.id, "product_uom_qty": 10})]})
            order.action_confirm()
            assert order.amount_scheme == 40.0, order.amount_scheme
            self.ids.update(order=order.id, line=order.line_ids.id, partners=(outlet | distributor).ids,
                            territory=territory.id, product=product.id, scheme=scheme.id, pricelist=pricelist.id,
                            accounts=(liability | expense).ids, journal=journal.id)
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr, mute_logger("odoo.sql_db"):
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            moves = env["account.move"].search([("dms_accrual_order_id", "=", self.ids["order"])])
            moves.button_draft()
            moves.unlink()
            account_id, journal_id = self.ids["settings"]
            env["res.company"].browse(self.ids["company"]).write({
                "dms_scheme_accrual_account_id": account_id or False,
                "dms_scheme_accrual_journal_id": journal_id or False})
            # a delivered order cannot be cancelled by the ORM; this test owns it
            cr.execute(SQL("UPDATE dms_secondary_order SET state = 'cancel' WHERE id = %s", self.ids["order"]))
            env.invalidate_all()
            env["dms.secondary.order"].browse(self.ids["order"]).unlink()
            env["dms.scheme"].browse(self.ids["scheme"]).unlink()
            env["account.journal"].browse(self.ids["journal"]).unlink()
            env["account.account"].browse(self.ids["accounts"]).unlink()
            self.unlink_or_archive(env, self.ids["product"], self.ids["partners"], self.ids["territory"],
                                   self.ids["pricelist"])

    def _accrued(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            moves = env["account.move"].search([("dms_accrual_order_id", "=", self.ids["order"])])
            return moves.mapped("amount_total"), env["dms.secondary.order.line"].browse(self.ids["line"]).accrued_amount

    def test_two_deliveries_at_once_accrue_once(self):
        # both transactions have their snapshot (the order is confirmed) before either delivers
        calls = self.meet_at("dms.secondary.order", "_set_delivered_quantities")
        results = self.run_concurrently(*(
            lambda env: env["dms.secondary.order"].browse(self.ids["order"]).action_deliver() for __ in range(2)))
        refused = [result for result in results if isinstance(result, Exception)]
        self.assertEqual(len(refused), 1, results)
        self.assertIsInstance(refused[0], UserError)
        self.assertIn("must be confirmed", str(refused[0]), "the retried delivery found the order delivered")
        self.assertGreaterEqual(len(calls), 2)
        self.assertEqual(self._accrued(), ([40.0], 40.0))

    def test_two_accruals_of_one_delivery_accrue_once(self):
        """The order is delivered before accruals are set up; two transactions then accrue its lines
        (a return and a backorder validated at once): the line lock makes the second see the first."""
        with self.committed_env() as env:
            company = env["res.company"].browse(self.ids["company"])
            journal = company.dms_scheme_accrual_journal_id
            company.dms_scheme_accrual_journal_id = False
            env["dms.secondary.order"].browse(self.ids["order"]).action_deliver()
            company.dms_scheme_accrual_journal_id = journal
        calls = self.meet_at("dms.secondary.order.line", "_dms_accrue")

        def accrue(env):
            lines = env["dms.secondary.order.line"].browse(self.ids["line"])
            lines.mapped("qty_delivered")  # the transaction's snapshot, before the other one commits
            return lines._dms_accrue().ids

        results = self.run_concurrently(accrue, accrue)
        self.assertFalse([result for result in results if isinstance(result, Exception)], results)
        self.assertEqual(sorted(len(ids) for ids in results), [0, 1], "one entry, the other found it accrued")
        self.assertGreaterEqual(len(calls), 3, "the second accrual was retried after a serialization failure")
        self.assertEqual(self._accrued(), ([40.0], 40.0))
