from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.dms_sales.guard import dms_system_write
from odoo.addons.dms_sales.tests.common import DmsConcurrencyCase

from .test_collection_books import CollectionBooksCommon


@tagged("post_install", "-at_install")
class TestDayClose(CollectionBooksCommon):
    """A rep's day closed as cash + cheques + mobile money against what was collected; the cash of
    a distributor keeping its own books goes to its bank, the difference stays the collector's company's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shortage = cls.env["account.account"].create({
            "name": "Collector shortages", "code": "DMSDC1", "account_type": "expense"})
        cls.company.dms_cash_diff_expense_account_id = cls.shortage
        cls.principal_invoice = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.distributor.id, "invoice_date": "2026-01-01",
            "invoice_line_ids": [(0, 0, {"name": "Goods", "quantity": 1, "price_unit": 5000, "tax_ids": []})]})
        cls.principal_invoice.action_post()

    def _day(self):
        """The rep's 2026-03-01: principal cash from the distributor, outlet cash, a cheque and
        mobile money for the distributor's books, and a draft that does not count."""
        self._billed()
        principal_cash = self._collect(300.0, partner=self.distributor)
        outlet_cash = self._collect(100.0)
        cheque = self._collect(250.0, "cheque", cheque_number="C-1")
        mobile = self._collect(80.0, "mobile", mobile_provider_id=self.bkash.id, mobile_transaction_id="DC-1")
        self.env["dms.collection"].with_user(self.rep).create({"partner_id": self.outlet.id, "amount": 999})
        return principal_cash, outlet_cash, cheque, mobile

    def _close(self, **counted):
        form = Form(self.env["dms.cash.deposit"].with_user(self.rep))
        form.date = "2026-03-01"
        for field, value in counted.items():
            setattr(form, field, value)
        return form.save().with_env(self.env)

    def test_close_per_method_with_differences(self):
        principal_cash, outlet_cash, cheque, mobile = self._day()
        close = self._close(amount_deposited=370.0, cheque_count_counted=1, amount_cheque_counted=250.0,
                            amount_mobile_counted=60.0)
        self.assertEqual(close.collection_ids, principal_cash | outlet_cash | cheque | mobile)
        got = {f: close[f] for f in ("amount_expected", "amount_deposited", "amount_difference",
                                     "cheque_count_expected", "amount_cheque_expected", "amount_cheque_difference",
                                     "mobile_count_expected", "amount_mobile_expected", "amount_mobile_difference",
                                     "amount_total_expected", "amount_total_counted", "amount_total_difference")}
        self.assertEqual(got, {
            "amount_expected": 400.0, "amount_deposited": 370.0, "amount_difference": -30.0,
            "cheque_count_expected": 1, "amount_cheque_expected": 250.0, "amount_cheque_difference": 0.0,
            "mobile_count_expected": 1, "amount_mobile_expected": 80.0, "amount_mobile_difference": -20.0,
            "amount_total_expected": 730.0, "amount_total_counted": 680.0, "amount_total_difference": -50.0})
        principal_before = self._receivable(self.company)
        close.with_user(self.rep).action_post()
        self.assertEqual(close.state, "posted")
        # the distributor's cash goes to its own bank in full; the shortage is the principal's
        books_move = close.move_ids.filtered(lambda m: m.company_id == self.books)
        own_move = close.move_id
        self.assertEqual(own_move.company_id, self.company)
        self.assertEqual(len(close.move_ids), 2)
        books_cash = outlet_cash.payment_id.outstanding_account_id
        books_bank = self.books._dms_deposit_journal().default_account_id
        self.assertEqual({(ln.account_id, ln.debit, ln.credit) for ln in books_move.line_ids},
                         {(books_cash, 0.0, 100.0), (books_bank, 100.0, 0.0)})
        principal_cashacc = principal_cash.payment_id.outstanding_account_id
        self.assertEqual({(ln.account_id, ln.debit, ln.credit) for ln in own_move.line_ids},
                         {(principal_cashacc, 0.0, 300.0), (close.journal_id.default_account_id, 270.0, 0.0),
                          (self.shortage, 30.0, 0.0)})
        self.assertEqual(self._receivable(self.company), principal_before, "a close moves cash, not receivables")
        # closed once: a second click, a second close of the day, a change of the counted amounts
        with self.assertRaises(UserError):
            close.with_user(self.rep).action_post()
        self.assertEqual(len(close.move_ids), 2)
        with self.assertRaises(ValidationError):
            self._close(amount_deposited=1.0)
        with self.assertRaises(UserError):
            close.with_user(self.rep).amount_deposited = 400.0
        with self.assertRaises(AccessError):  # system-set, over RPC too
            close.with_user(self.rep).write({"state": "draft"})

    def test_only_cheques_close_without_entry(self):
        self._billed()
        cheque = self._collect(250.0, "cheque", cheque_number="C-9")
        close = self._close(cheque_count_counted=0)
        self.assertEqual(close.amount_cheque_difference, -250.0, "a cheque not handed over shows")
        close.with_user(self.rep).action_post()
        self.assertEqual(close.state, "posted")
        self.assertFalse(close.move_ids, "no cash, no entry")
        self.assertEqual(cheque.deposit_id, close)

    def test_empty_day_closes_without_entry(self):
        close = self._close()
        close.with_user(self.rep).action_post()
        self.assertEqual((close.state, close.move_ids.ids), ("posted", []))


@tagged("post_install", "-at_install", "concurrency")
class TestDayCloseRace(DmsConcurrencyCase):
    """Two users close the same day at once: one entry, the other is told it is closed."""

    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            self.partner_id = env["res.partner"].create({"name": "Day Close Race Payer"}).id
            collection = env["dms.collection"].create({"partner_id": self.partner_id, "amount": 640})
            collection.action_confirm()
            self.collection_id = collection.id
            close = env["dms.cash.deposit"].create({
                "user_id": collection.user_id.id, "date": collection.date, "amount_deposited": 640})
            self.close_id = close.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.committed_env() as env:
            close = env["dms.cash.deposit"].browse(self.close_id)
            collection = env["dms.collection"].browse(self.collection_id)
            moves = close.move_ids
            payment = collection.payment_id
            (moves | payment.move_id).line_ids.remove_move_reconcile()
            with dms_system_write():
                close.write({"state": "draft", "move_id": False, "move_ids": [(5, 0, 0)]})
                collection.write({"state": "cancel", "payment_id": False, "deposit_id": False})
            moves.button_draft()
            moves.unlink()
            close.unlink()
            payment.action_draft()
            payment.unlink()
            collection.unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _post(self, env):
        env["dms.cash.deposit"].browse(self.close_id).action_post()
        return True

    def test_two_closes_at_once(self):
        self.meet_at("dms.cash.deposit", "_dms_lock")
        results = self.run_concurrently(self._post, self._post)
        self.assertEqual(sum(1 for r in results if r is True), 1, results)
        self.assertTrue(all(r is True or isinstance(r, UserError) for r in results), results)
        with self.committed_env() as env:
            close = env["dms.cash.deposit"].browse(self.close_id)
            self.assertEqual(close.state, "posted")
            self.assertEqual(len(close.move_ids), 1)
            self.assertEqual(env["account.move"].search_count([("ref", "=", close.name)]), 1)
            self.assertEqual(fields.first(close.move_ids).amount_total, 640)
