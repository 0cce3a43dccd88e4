import base64

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import DmsRoutingCommon


@tagged("post_install", "-at_install")
class TestChequeLifecycle(DmsRoutingCommon):
    """Cheques received -> deposited -> cleared or bounced, on Odoo's payments; mobile money posted
    to its provider's journal and reconciled by the provider's statement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(cls.env, "dms_cheque_accountant", groups="account.group_account_invoice")
        cls.bank = cls.env["account.journal"].create({"name": "Cheque Bank", "code": "TCHQB", "type": "bank"})
        cls.expense = cls.env["account.account"].search([
            ("company_ids", "in", cls.company.id), ("account_type", "=", "expense")], limit=1)
        cls.goods = cls.env["product.product"].create({"name": "Goods", "type": "consu", "list_price": 1})
        cls.invoice = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.outlet.id, "invoice_date": "2026-01-01",
            "invoice_line_ids": [(0, 0, {"product_id": cls.goods.id, "quantity": 1, "price_unit": 1000,
                                         "tax_ids": [(6, 0, [])]})],
        })
        cls.invoice.action_post()
        cls.wallet = cls.env["account.journal"].create({"name": "Test Wallet", "code": "TWLT", "type": "bank"})
        cls.bkash = cls.env["dms.mobile.provider"].create({"name": "bKash Test", "journal_id": cls.wallet.id})

    def _cheque(self, amount=1000, cheque_date="2026-03-01", user=None):
        collection = self.env["dms.collection"].with_user(user or self.rep).create({
            "partner_id": self.outlet.id, "amount": amount, "date": "2026-03-01", "method": "cheque",
            "cheque_number": "778812", "cheque_bank": "Sonali Bank", "cheque_date": cheque_date,
            "invoice_ids": [(6, 0, self.invoice.ids)]})
        collection.action_confirm()
        return collection.with_env(self.env)

    def _deposit(self, cheques, date="2026-03-10", user=None):
        wizard = Form(self.env["dms.cheque.deposit"].with_user(user or self.accountant).with_context(
            default_collection_ids=cheques.ids))
        wizard.journal_id = self.bank
        wizard.date = date
        wizard.save().action_deposit()

    def _bounce(self, cheque, charge=150.0, user=None):
        wizard = Form(self.env["dms.cheque.bounce"].with_user(user or self.accountant).with_context(
            default_collection_id=cheque.id))
        wizard.reason = "Insufficient funds"
        wizard.charge_amount = charge
        wizard.charge_account_id = self.expense
        wizard.save().action_bounce()

    def _balances(self):
        """Balance per account of every posted line of the outlet and the bank journal."""
        lines = self.env["account.move.line"].search([
            ("parent_state", "=", "posted"), "|", ("partner_id", "=", self.outlet.id),
            ("journal_id", "=", self.bank.id)])
        result = {}
        for line in lines:
            result[line.account_id] = result.get(line.account_id, 0.0) + line.balance
        return {account: balance for account, balance in result.items() if abs(balance) > 0.001}

    def test_deposit_then_clear(self):
        cheque = self._cheque()
        self.assertEqual(self.invoice.payment_state, "not_paid")
        self._deposit(cheque)
        self.assertEqual(cheque.state, "deposited")
        payment = cheque.payment_id
        self.assertEqual(payment.journal_id, self.bank)
        self.assertEqual(payment.date, fields.Date.to_date("2026-03-10"))
        self.assertNotEqual(payment.outstanding_account_id, self.bank.default_account_id,
                            "the deposit waits in the outstanding receipts account")
        self.assertEqual(self.invoice.amount_residual, 0)
        self.assertFalse(payment.is_matched, "not in the bank yet")
        cheque.with_user(self.accountant).action_clear_cheque()
        self.assertEqual(cheque.state, "cleared")
        self.assertTrue(cheque.clearing_move_id)
        self.assertTrue(payment.is_matched)
        self.assertEqual(self.invoice.payment_state, "paid")
        with self.assertRaises(UserError):  # cleared once
            cheque.with_user(self.accountant).action_clear_cheque()

    def test_post_dated_not_depositable_before_its_date(self):
        cheque = self._cheque(cheque_date="2026-04-15")
        with self.assertRaises(UserError):
            self._deposit(cheque, date="2026-04-14")
        with self.assertRaises(UserError):  # not through the model either
            cheque.with_user(self.accountant)._dms_deposit_cheque(self.bank, fields.Date.to_date("2026-04-14"))
        self.assertEqual(cheque.state, "received")
        self.assertFalse(cheque.payment_id)
        self._deposit(cheque, date="2026-04-15")
        self.assertEqual(cheque.state, "deposited")

    def test_field_users_do_not_deposit_or_bounce(self):
        cheque = self._cheque()
        with self.assertRaises(AccessError):
            self._deposit(cheque, user=self.rep)
        with self.assertRaises(UserError):
            cheque.with_user(self.rep)._dms_deposit_cheque(self.bank, fields.Date.to_date("2026-03-10"))
        self._deposit(cheque)
        with self.assertRaises(UserError):
            cheque.with_user(self.rep).action_clear_cheque()
        with self.assertRaises(UserError):
            cheque.with_user(self.rep)._dms_bounce_cheque(fields.Date.to_date("2026-03-12"), 0, False, "")
        self.assertEqual(cheque.state, "deposited")

    def test_bounce_reverses_exactly_and_charges_once(self):
        self.company.dms_bounce_blocks_credit = True
        before = self._balances()
        cheque = self._cheque()
        self._deposit(cheque)
        self.assertEqual(self.invoice.amount_residual, 0)
        self._bounce(cheque, charge=150.0)
        self.assertEqual(cheque.state, "bounced")
        self.assertEqual(self.invoice.amount_residual, 1000, "the invoice is due again")
        self.assertEqual(self.invoice.payment_state, "not_paid")
        reversal = cheque.bounce_move_id
        self.assertEqual(reversal.reversed_entry_id, cheque.payment_id.move_id)
        for line in cheque.payment_id.move_id.line_ids:
            self.assertTrue(line.reconciled, "each payment line is matched by its reversal")
        # exactly reversed: only the bank charge is left, against the bank account
        after = self._balances()
        charge = {self.expense: 150.0, self.bank.default_account_id: -150.0}
        expected = dict(before)
        for account, amount in charge.items():
            expected[account] = expected.get(account, 0.0) + amount
        self.assertEqual({a: round(b, 2) for a, b in after.items()},
                         {a: round(b, 2) for a, b in expected.items() if abs(b) > 0.001})
        self.assertEqual(cheque.bounce_charge_move_id.amount_total, 150.0)
        # clicked again: refused, nothing more booked
        with self.assertRaises(UserError):
            self._bounce(cheque, charge=150.0)
        self.assertEqual(self._balances(), after)
        self.assertEqual(self.env["account.move"].search_count(
            [("reversed_entry_id", "=", cheque.payment_id.move_id.id)]), 1)
        # the outlet is flagged and, by the company's setting, on credit hold
        self.assertEqual(self.outlet.dms_bounced_cheque_count, 1)
        self.assertTrue(self.outlet.dms_cheque_credit_hold)
        order = self._create_order(outlet=self.outlet)
        with self.assertRaises(UserError):
            order.action_confirm()
        self.outlet.with_user(self.manager).dms_cheque_credit_hold = False
        order.action_confirm()
        self.assertEqual(order.state, "confirmed")
        # a bounced cheque cannot be cancelled or edited; the receipt says it bounced
        with self.assertRaises(UserError):
            cheque.action_cancel()
        with self.assertRaises(UserError):
            cheque.write({"amount": 1})

    def test_bounce_without_hold_setting(self):
        self.company.dms_bounce_blocks_credit = False
        cheque = self._cheque()
        self._deposit(cheque)
        self._bounce(cheque, charge=0.0)
        self.assertFalse(cheque.bounce_charge_move_id, "no charge, no entry")
        self.assertFalse(self.outlet.dms_cheque_credit_hold)
        self.assertEqual(self.outlet.dms_bounced_cheque_count, 1)
        with self.assertRaises(AccessError):  # the hold is a manager's field
            self.outlet.with_user(self.rep).dms_cheque_credit_hold = True

    def test_state_and_links_are_guarded(self):
        cheque = self._cheque()
        for vals in ({"state": "deposited"}, {"bounce_move_id": self.invoice.id}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                cheque.with_user(self.accountant).write(vals)

    def test_receipt_renders(self):
        cheque = self._cheque()
        html = self.env["ir.actions.report"].with_user(self.rep)._render_qweb_html(
            "dms_routing.report_dms_collection_receipt", cheque.ids)[0].decode()
        self.assertIn(cheque.name, html)
        self.assertIn("778812", html)
        self.assertIn(self.invoice.name, html)
        self.assertIn("subject to the cheque being honoured", html)

    # ------------------------------------------------------------------
    # Mobile money
    # ------------------------------------------------------------------

    def _mobile(self, trx, amount, user=None):
        collection = self.env["dms.collection"].with_user(user or self.rep).create({
            "partner_id": self.outlet.id, "amount": amount, "date": "2026-03-01", "method": "mobile",
            "mobile_provider_id": self.bkash.id, "mobile_transaction_id": trx, "mobile_sender": "01711000000"})
        collection.action_confirm()
        return collection.with_env(self.env)

    def test_mobile_money_posts_to_provider_journal(self):
        with self.assertRaises(ValidationError):
            self.env["dms.collection"].with_user(self.rep).create({
                "partner_id": self.outlet.id, "amount": 10, "method": "mobile", "mobile_provider_id": self.bkash.id})
        collection = self._mobile("TRX100", 400)
        self.assertEqual(collection.state, "confirmed")
        self.assertEqual(collection.payment_id.journal_id, self.wallet)
        self.assertEqual(self.invoice.amount_residual, 600)
        for trx in ("TRX100", " TRX100 "):  # the same transaction twice
            with self.subTest(trx=trx), mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), \
                    self.cr.savepoint():
                self._mobile(trx, 50)

    def test_mobile_statement_reconciles_and_reports(self):
        ok = self._mobile("TRXA1", 300)
        wrong_amount = self._mobile("TRXB2", 200)
        csv = ("Date,Transaction ID,Amount,Sender\n"
               "2026-03-01,TRXA1,300.00,01711000000\n"
               "2026-03-01,TRXB2,250.00,01711000001\n"
               "2026-03-02,TRXZZ9,99,01811000000\n"
               "2026-03-02,TRXA1,300.00,01711000000\n")
        statement = self.env["dms.mobile.statement"].with_user(self.accountant).create({
            "provider_id": self.bkash.id, "file": base64.b64encode(csv.encode()), "file_name": "bkash.csv"})
        statement.action_import()
        status = [(ln.transaction_id, ln.status, ln.collection_id) for ln in statement.line_ids]
        self.assertEqual(status, [
            ("TRXA1", "matched", ok), ("TRXB2", "amount", wrong_amount), ("TRXZZ9", "no_collection", ok.browse()),
            ("TRXA1", "duplicate", ok)])
        self.assertEqual((statement.matched_count, statement.unmatched_count), (1, 3))
        self.assertTrue(ok.clearing_move_id)
        self.assertTrue(ok.payment_id.is_matched)
        self.assertFalse(wrong_amount.clearing_move_id)
        self.assertFalse(wrong_amount.payment_id.is_matched)
        with self.assertRaises(UserError):  # imported once
            statement.action_import()
        # a second statement with the same line does not reconcile it twice
        again = self.env["dms.mobile.statement"].with_user(self.accountant).create({
            "provider_id": self.bkash.id, "file": base64.b64encode(csv.encode())})
        again.action_import()
        self.assertEqual(again.line_ids[0].status, "already")

    def test_mobile_statement_bad_file(self):
        statement = self.env["dms.mobile.statement"].with_user(self.accountant).create({
            "provider_id": self.bkash.id, "file": base64.b64encode(b"Date,Amount\n2026-03-01,5\n")})
        with self.assertRaises(UserError):
            statement.action_import()

    def test_access_new_models(self):
        statement = self.env["dms.mobile.statement"].with_user(self.manager).create({"provider_id": self.bkash.id})
        self.assertEqual(self.env["dms.mobile.provider"].with_user(self.rep).search([("id", "=", self.bkash.id)]),
                         self.bkash)
        with self.assertRaises(AccessError):
            self.env["dms.mobile.provider"].with_user(self.rep).create({"name": "Nagad"})
        with self.assertRaises(AccessError):
            statement.with_user(self.rep).read(["name"])
        with self.assertRaises(AccessError):
            self.env["dms.cheque.bounce"].with_user(self.rep).create({})
        # other companies' providers and statements stay out of sight
        other = self.env["res.company"].create({"name": "Other Books"})
        foreign = self.env["dms.mobile.provider"].create({"name": "Nagad Test", "company_id": other.id})
        self.assertFalse(self.env["dms.mobile.provider"].with_user(self.manager).search([("id", "=", foreign.id)]))
        self.assertEqual(self.env["dms.mobile.statement"].with_user(self.accountant).search(
            [("id", "=", statement.id)]), statement)

    def test_rep_sees_own_collections_only(self):
        mine = self._mobile("TRXME", 100)
        other = self.env["dms.collection"].create({
            "partner_id": self.outlet.id, "amount": 5, "user_id": self.rep_2.id, "method": "cheque",
            "cheque_number": "1"})
        visible = self.env["dms.collection"].with_user(self.rep).search([("id", "in", (mine | other).ids)])
        self.assertEqual(visible, mine)
        self.assertEqual(self.env["dms.collection"].with_user(self.rep_2).search(
            [("id", "in", (mine | other).ids)]), other)
