from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DmsRoutingCommon


@tagged("post_install", "-at_install")
class TestCollection(DmsRoutingCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.company._dms_collection_journal()
        cls.service = cls.env["product.product"].create({"name": "Goods", "type": "consu", "list_price": 1})

        def invoice(amount, due):
            return {
                "move_type": "out_invoice", "partner_id": cls.distributor.id,
                "invoice_date": "2026-01-01", "invoice_date_due": due,
                "invoice_line_ids": [(0, 0, {"product_id": cls.service.id, "quantity": 1,
                                             "price_unit": amount, "tax_ids": [(6, 0, [])]})],
            }
        cls.inv_mid, cls.inv_old, cls.inv_new = cls.env["account.move"].create([
            invoice(500, "2026-02-10"), invoice(1000, "2026-01-10"), invoice(800, "2026-03-10")])
        (cls.inv_mid | cls.inv_old | cls.inv_new).action_post()
        cls.invoices = cls.inv_mid | cls.inv_old | cls.inv_new

    def _collect(self, amount, user=None, **vals):
        return self.env["dms.collection"].with_user(user or self.rep).create({
            "partner_id": self.distributor.id, "amount": amount, "date": "2026-03-01", **vals})

    def test_collections_journal_from_data(self):
        self.assertEqual(self.journal.type, "cash")
        self.assertEqual(self.company.dms_collection_journal_id, self.journal)

    def test_oldest_first_partial(self):
        collection = self._collect(1200)
        collection.action_confirm()  # as the rep, who has no accounting rights
        self.assertEqual(collection.state, "confirmed")
        payment = collection.payment_id
        self.assertEqual(payment.state, "paid")
        self.assertEqual(payment.journal_id, self.journal)
        self.assertEqual(payment.partner_id, self.distributor)
        self.assertEqual(payment.amount, 1200)
        self.assertEqual(self.inv_old.amount_residual, 0)
        self.assertEqual(self.inv_old.payment_state, "paid")
        self.assertEqual(self.inv_mid.amount_residual, 300)
        self.assertEqual(self.inv_mid.payment_state, "partial")
        self.assertEqual(self.inv_new.amount_residual, 800)

    def test_chosen_invoice_with_excess_credit(self):
        with Form(self.env["dms.collection"]) as form:
            form.partner_id = self.distributor
            form.amount = 1000
            form.invoice_ids.add(self.inv_new)
        collection = form.save()
        collection.action_confirm()
        self.assertEqual(self.inv_new.amount_residual, 0)
        self.assertEqual(self.inv_old.amount_residual, 1000, "only the chosen invoice is paid")
        receivable = collection.payment_id.move_id.line_ids.filtered(
            lambda ln: ln.account_id == collection.payment_id.destination_account_id)
        self.assertAlmostEqual(receivable.amount_residual, -200, msg="the excess stays an open credit")

    def _accounting_snapshot(self):
        """What a collection may change in accounting: the payer's receivable, its invoices' residuals
        and the Collections (cash) journal's entries."""
        self.distributor.invalidate_recordset(["credit"])
        self.invoices.invalidate_recordset(["amount_residual", "payment_state"])
        return {
            "receivable": self.distributor.credit,
            "invoices": [(inv.amount_residual, inv.payment_state) for inv in self.invoices],
            "cash_journal": self.env["account.move.line"].search_count([("journal_id", "=", self.journal.id)]),
            "payments": self.env["account.payment"].search_count([("partner_id", "=", self.distributor.id)]),
        }

    def _assert_cheque_received(self, collection, before):
        self.assertEqual(collection.state, "received")
        self.assertFalse(collection.payment_id)
        self.assertFalse(collection.journal_id)
        self.assertEqual(self._accounting_snapshot(), before, "a cheque in hand pays nothing yet")
        self.assertEqual(self.inv_old.payment_state, "not_paid")
        # it is no cash in hand: the day close counts it as a cheque, not as cash
        deposit = self.env["dms.cash.deposit"].with_user(self.rep).create({
            "user_id": self.rep.id, "date": "2100-01-01", "amount_deposited": 1})
        self.assertEqual(deposit.collection_ids, collection)
        self.assertEqual((deposit.amount_expected, deposit.amount_cheque_expected), (0, collection.amount))
        # received: kept as it was handed over
        for method, args, user in (("action_confirm", (), self.rep), ("write", ({"amount": 1},), self.rep),
                                   ("unlink", (), self.env.user)):
            with self.subTest(method=method), self.assertRaises(UserError):
                getattr(collection.with_user(user), method)(*args)
        self.assertEqual((collection.state, collection.amount), ("received", 100))

    def test_cheque_received_posts_nothing(self):
        with self.assertRaises(ValidationError):
            self._collect(100, method="cheque")
        before = self._accounting_snapshot()
        collection = self._collect(100, method="cheque", cheque_number="004512", cheque_bank="Sonali Bank",
                                   cheque_date="2026-03-05")
        collection.action_confirm()  # as the rep
        self._assert_cheque_received(collection, before)
        self.assertIn("004512", collection.message_ids[0].body)

    def test_post_dated_cheque_posts_nothing(self):
        before = self._accounting_snapshot()
        collection = self._collect(100, method="cheque", cheque_number="887766", cheque_date="2099-12-31")
        collection.action_confirm()
        self._assert_cheque_received(collection, before)

    def test_received_cheque_can_be_cancelled(self):
        """Nothing was posted for it: a cheque handed back or recorded by mistake is simply cancelled."""
        collection = self._collect(100, method="cheque", cheque_number="55")
        collection.action_confirm()
        collection.with_user(self.rep).action_cancel()
        self.assertEqual(collection.state, "cancel")
        self.assertFalse(self.env["account.payment"].search([("partner_id", "=", self.distributor.id)]))

    def test_cash_and_cheque_together(self):
        cash = self._collect(300)
        cheque = self._collect(100, method="cheque", cheque_number="91")
        (cash | cheque).action_confirm()
        self.assertEqual((cash.state, cheque.state), ("confirmed", "received"))
        self.assertEqual(cash.payment_id.state, "paid")
        self.assertEqual(cash.payment_id.journal_id, self.journal)
        self.assertFalse(cheque.payment_id)
        self.assertEqual(self.inv_old.amount_residual, 700, "only the cash paid")

    def test_double_confirm_creates_one_payment(self):
        collection = self._collect(300)
        collection.action_confirm()
        with self.assertRaises(UserError):
            collection.action_confirm()
        with self.assertRaises(UserError):
            collection.write({"amount": 1})
        with self.assertRaises(AccessError):  # back to draft to confirm it again: refused
            collection.write({"state": "draft"})
        with self.assertRaises(UserError):
            collection.action_confirm()
        payments = self.env["account.payment"].search([("memo", "=", collection.name)])
        self.assertEqual(len(payments), 1)
        self.assertEqual(self.inv_old.amount_residual, 700)

    def test_deposit_with_shortage(self):
        cash_1, cash_2 = self._collect(1000), self._collect(500)
        cheque = self._collect(200, method="cheque", cheque_number="77")
        (cash_1 | cash_2 | cheque).action_confirm()
        self._collect(40)  # a draft collection is not cash in hand
        shortage = self.env["account.account"].create({
            "name": "Collector shortages", "code": "DMSSH1", "account_type": "expense"})
        self.company.dms_cash_diff_expense_account_id = shortage
        deposit = self.env["dms.cash.deposit"].with_user(self.rep).create({
            "user_id": self.rep.id, "date": fields.Date.today(), "amount_deposited": 1450})
        self.assertEqual(deposit.collection_ids, cash_1 | cash_2 | cheque)
        self.assertEqual(deposit.amount_expected, 1500)
        self.assertEqual((deposit.cheque_count_expected, deposit.amount_cheque_expected), (1, 200))
        self.assertEqual(deposit.amount_difference, -50)
        deposit.action_post()
        self.assertEqual(deposit.state, "posted")
        move = deposit.move_id
        self.assertEqual(move.state, "posted")
        bank = deposit.journal_id
        self.assertEqual(bank.type, "bank")
        lines = {(ln.account_id, ln.debit, ln.credit) for ln in move.line_ids}
        self.assertEqual(lines, {
            (self.journal.default_account_id, 0, 1500),
            (bank.default_account_id, 1450, 0),
            (shortage, 50, 0),
        })
        # the day is closed once; the next day's close finds nothing left to deposit
        with self.assertRaises(ValidationError):
            self.env["dms.cash.deposit"].create({"user_id": self.rep.id, "amount_deposited": 10})
        other = self.env["dms.cash.deposit"].create({
            "user_id": self.rep.id, "amount_deposited": 10, "date": fields.Date.add(fields.Date.today(), days=1)})
        self.assertFalse(other.collection_ids)
        with self.assertRaises(UserError):  # closed once
            deposit.action_post()

    def test_deposit_surplus_uses_company_cash_difference_account(self):
        self._collect(100).action_confirm()
        income = self.company.default_cash_difference_income_account_id or self.env["account.account"].create(
            {"name": "Cash surplus", "code": "DMSSU1", "account_type": "income_other"})
        self.company.default_cash_difference_income_account_id = income
        self.company.dms_cash_diff_income_account_id = False
        deposit = self.env["dms.cash.deposit"].create({"user_id": self.rep.id, "amount_deposited": 105})
        deposit.action_post()
        surplus = deposit.move_id.line_ids.filtered(lambda ln: ln.account_id == income)
        self.assertEqual((surplus.debit, surplus.credit), (0, 5))
