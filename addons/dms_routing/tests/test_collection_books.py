import base64

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import DmsRoutingCommon


class CollectionBooksCommon(DmsRoutingCommon):
    """The distributor bills its outlets in its own company (Set Up Books); the rep collects from
    its outlets and has no access to that company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.distributor.action_dms_setup_books()
        cls.books = cls.distributor.dms_books_company_id
        cls.accountant = new_test_user(
            cls.env, "dms_books_accountant", groups="account.group_account_invoice",
            company_id=cls.company.id, company_ids=[Command.set((cls.company | cls.books).ids)])
        cls.staff = new_test_user(
            cls.env, "dms_books_coll_staff", groups="base.group_user,dms_sales.group_dms_distributor",
            company_id=cls.books.id, company_ids=[Command.set((cls.company | cls.books).ids)])
        cls.staff.partner_id.parent_id = cls.distributor
        cls.books_bank = cls.env["account.journal"].search(
            [("company_id", "=", cls.books.id), ("type", "=", "bank")], limit=1)
        cls.books_expense = cls.env["account.account"].search([
            ("company_ids", "in", cls.books.id), ("account_type", "=", "expense")], limit=1)
        cls.wallet = cls.env["account.journal"].create({"name": "Principal Wallet", "code": "PWLT", "type": "bank"})
        cls.bkash = cls.env["dms.mobile.provider"].create({"name": "bKash Books", "journal_id": cls.wallet.id})


    def _collect(self, amount, method="cash", user=None, partner=None, **vals):
        collection = self.env["dms.collection"].with_user(user or self.rep).create({
            "partner_id": (partner or self.outlet).id, "amount": amount, "date": "2026-03-01",
            "method": method, **vals})
        collection.action_confirm()
        return collection.with_env(self.env)

    def _receivable(self, company, partner=None):
        """Balance of the posted receivable lines of `company` (of `partner` when given)."""
        domain = [("company_id", "=", company.id), ("parent_state", "=", "posted"),
                  ("account_id.account_type", "=", "asset_receivable")]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        groups = self.env["account.move.line"]._read_group(domain, [], ["balance:sum"])
        return round(groups[0][0], 2)

    def _books_balances(self):
        """Balance per account of the posted lines of the distributor's company."""
        groups = self.env["account.move.line"]._read_group(
            [("company_id", "=", self.books.id), ("parent_state", "=", "posted")], ["account_id"], ["balance:sum"])
        return {account: round(balance, 2) for account, balance in groups if abs(balance) > 0.001}


@tagged("post_install", "-at_install")
class TestCollectionBooks(CollectionBooksCommon):

    def test_outlet_cash_lands_in_the_distributors_books(self):
        bill = self._billed()
        self.assertEqual(bill.company_id, self.books)
        self.assertNotIn(self.books, self.rep.company_ids, "the rep has no access to the distributor's books")
        principal_before = self._receivable(self.company)
        outlet_before = self._receivable(self.company, self.outlet)
        # the rep records it the normal way: the collection is theirs, in the principal's company
        collection = self._collect(100.0)
        self.assertEqual(collection.company_id, self.company)
        self.assertEqual(collection.books_company_id, self.books)
        self.assertEqual(collection.state, "confirmed")
        payment = collection.payment_id
        self.assertEqual(payment.company_id, self.books)
        self.assertEqual(payment.journal_id, self.books._dms_collection_journal())
        self.assertEqual(payment.journal_id.company_id, self.books)
        self.assertEqual(bill.amount_residual, bill.amount_total - 100.0, "paid the outlet's bill in its books")
        self.assertEqual(self._receivable(self.company), principal_before, "the principal's receivables untouched")
        self.assertEqual(self._receivable(self.company, self.outlet), outlet_before)
        # the rep reads their collection, not the distributor's payment
        self.assertEqual(collection.with_user(self.rep).state, "confirmed")
        with self.assertRaises(AccessError):
            payment.with_user(self.rep).read(["amount"])
        # the receipt is the distributor's
        html = self.env["ir.actions.report"].with_user(self.rep)._render_qweb_html(
            "dms_routing.report_dms_collection_receipt", collection.ids)[0].decode()
        self.assertIn(self.books.name, html)
        self.assertIn(bill.name, html)

    def test_outlet_ledger_is_bills_minus_payments(self):
        bills = self._billed() | self._billed([(self.shampoo, 3)]) | self._billed(outlet=self.outlet_3)
        outlet_bills = bills.filtered(lambda b: b.partner_id == self.outlet)
        paid = self._collect(50.0) | self._collect(30.0)
        self.assertEqual(paid.payment_id.company_id, self.books)
        ledger = self._receivable(self.books, self.outlet)
        self.assertAlmostEqual(ledger, round(sum(outlet_bills.mapped("amount_total")) - 80.0, 2))
        # the outlet's credit in the distributor's company says the same
        outlet = self.outlet.with_company(self.books)
        self.assertAlmostEqual(outlet.credit, ledger)
        # more than it owes: the rest is an open credit in the distributor's books, never the principal's
        principal_before = self._receivable(self.company)
        owed = ledger
        self._collect(owed + 20.0)
        self.assertAlmostEqual(self._receivable(self.books, self.outlet), -20.0)
        self.assertEqual(self._receivable(self.company), principal_before)
        self.assertTrue(all(b.payment_state in ("paid", "in_payment") for b in outlet_bills))

    def test_distributor_paying_stays_in_the_principals_books(self):
        collection = self._collect(10.0, user=self.manager, partner=self.distributor)
        self.assertEqual(collection.books_company_id, self.company)
        self.assertEqual(collection.payment_id.company_id, self.company)

    def test_books_stay_with_the_payment(self):
        collection = self._collect(10.0)
        self.distributor.sudo().dms_books = "report"
        collection.invalidate_recordset()
        self.assertEqual(collection.books_company_id, self.books, "a posted payment keeps its books")

    def test_invoice_of_the_other_books_refused(self):
        principal_invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.outlet.id, "invoice_date": "2026-01-01",
            "invoice_line_ids": [(0, 0, {"name": "x", "quantity": 1, "price_unit": 10, "tax_ids": []})]})
        principal_invoice.action_post()
        with self.assertRaises(UserError):
            self.env["dms.collection"].create({
                "partner_id": self.outlet.id, "amount": 10, "invoice_ids": [Command.set(principal_invoice.ids)]})

    def test_cheque_deposit_clear_in_the_distributors_books(self):
        bill = self._billed()
        principal_before = self._receivable(self.company)
        cheque = self._collect(bill.amount_total, "cheque", cheque_number="445566", cheque_bank="Sonali")
        self.assertEqual(cheque.state, "received")
        wizard = Form(self.env["dms.cheque.deposit"].with_user(self.accountant).with_context(
            default_collection_ids=cheque.ids))
        self.assertEqual(wizard.company_id, self.books, "the wizard deposits into the distributor's books")
        self.assertEqual(wizard.journal_id.company_id, self.books)
        wizard.date = "2026-03-05"
        # created with the cheques only (over RPC, without the form's onchange): the same books and bank
        bare = self.env["dms.cheque.deposit"].with_user(self.accountant).create(
            {"collection_ids": [Command.set(cheque.ids)]})
        self.assertEqual((bare.company_id, bare.journal_id), (self.books, wizard.journal_id))
        wizard.save().action_deposit()
        self.assertEqual(cheque.state, "deposited")
        self.assertEqual(cheque.payment_id.company_id, self.books)
        self.assertEqual(bill.amount_residual, 0)
        # a principal's bank journal is refused for it
        principal_bank = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "bank")], limit=1)
        other = self._collect(10.0, "cheque", cheque_number="445567")
        with self.assertRaises(UserError):
            other.with_user(self.accountant)._dms_deposit_cheque(principal_bank, fields.Date.to_date("2026-03-05"))
        cheque.with_user(self.accountant).action_clear_cheque()
        self.assertEqual(cheque.state, "cleared")
        self.assertEqual(cheque.clearing_move_id.company_id, self.books)
        self.assertTrue(cheque.payment_id.is_matched)
        self.assertEqual(self._receivable(self.company), principal_before)

    def test_bounce_in_the_distributors_books_reverses_exactly_and_charges_once(self):
        self.books.dms_bounce_blocks_credit = True
        bill = self._billed()
        cheque = self._collect(bill.amount_total, "cheque", cheque_number="990011")
        principal_before = self._receivable(self.company)
        deposit = Form(self.env["dms.cheque.deposit"].with_user(self.accountant).with_context(
            default_collection_ids=cheque.ids))
        deposit.date = "2026-03-05"
        deposit.save().action_deposit()
        bank = cheque.journal_id
        before = self._books_balances()
        self.assertEqual(bill.amount_residual, 0)
        bounce = Form(self.env["dms.cheque.bounce"].with_user(self.accountant).with_context(
            default_collection_id=cheque.id))
        self.assertEqual(bounce.company_id, self.books)
        bounce.reason = "Insufficient funds"
        bounce.charge_amount = 200.0
        bounce.charge_account_id = self.books_expense
        bounce.save().action_bounce()
        self.assertEqual(cheque.state, "bounced")
        self.assertEqual(bill.amount_residual, bill.amount_total, "the bill is due again")
        self.assertEqual((cheque.bounce_move_id | cheque.bounce_charge_move_id).company_id, self.books)
        # exactly reversed: against the state before the deposit only the charge is left
        after = self._books_balances()
        payment_lines = cheque.payment_id.move_id.line_ids
        expected = dict(before)
        for line in payment_lines:
            expected[line.account_id] = round(expected.get(line.account_id, 0.0) - line.balance, 2)
        expected[self.books_expense] = round(expected.get(self.books_expense, 0.0) + 200.0, 2)
        expected[bank.default_account_id] = round(expected.get(bank.default_account_id, 0.0) - 200.0, 2)
        self.assertEqual(after, {a: b for a, b in expected.items() if abs(b) > 0.001})
        with self.assertRaises(UserError):  # charged once
            cheque.with_user(self.accountant)._dms_bounce_cheque(
                fields.Date.to_date("2026-03-06"), 200.0, self.books_expense, "again")
        self.assertEqual(self._books_balances(), after)
        self.assertTrue(self.outlet.dms_cheque_credit_hold, "the distributor's setting holds the outlet")
        self.assertEqual(self._receivable(self.company), principal_before)
        # the outlet's statement says why the bill is due again
        [book] = self.outlet._dms_outlet_statement()
        bounced = [ln for ln in book["lines"] if ln["ref"] == cheque.bounce_move_id.name]
        self.assertEqual(len(bounced), 1)
        self.assertIn("Bounced cheque 990011", bounced[0]["type"])
        self.assertAlmostEqual(bounced[0]["debit"], bill.amount_total)

    def test_mobile_money_in_the_distributors_wallet_and_statement(self):
        self._billed()
        collection = self._collect(120.0, "mobile", mobile_provider_id=self.bkash.id,
                                   mobile_transaction_id="BKX1", mobile_sender="01711000000")
        wallet = collection.journal_id
        self.assertEqual(wallet.company_id, self.books, "the distributor's own bKash wallet journal")
        books_bkash = self.env["dms.mobile.provider"].search(
            [("company_id", "=", self.books.id), ("name", "=", self.bkash.name)])
        self.assertEqual(books_bkash.journal_id, wallet)
        self.assertEqual(self._collect(5.0, "mobile", mobile_provider_id=self.bkash.id,
                                       mobile_transaction_id="BKX2").journal_id, wallet, "found, not created again")
        csv = "Date,Transaction ID,Amount,Sender\n2026-03-01,BKX1,120.00,01711000000\n2026-03-01,BKX9,1,0\n"
        statement = self.env["dms.mobile.statement"].with_user(self.accountant).with_company(self.books).create({
            "provider_id": books_bkash.id, "company_id": self.books.id,
            "file": base64.b64encode(csv.encode()), "file_name": "bkash.csv"})
        statement.action_import()
        self.assertEqual([(ln.transaction_id, ln.status) for ln in statement.line_ids],
                         [("BKX1", "matched"), ("BKX9", "no_collection")])
        self.assertEqual(collection.clearing_move_id.company_id, self.books)
        self.assertTrue(collection.payment_id.is_matched)

    def test_distributor_staff_see_only_their_companys_payments(self):
        self._billed()
        ours = self._collect(40.0).payment_id
        theirs = self._collect(15.0, user=self.manager, partner=self.distributor).payment_id
        self.assertEqual(theirs.company_id, self.company)
        Payment = self.env["account.payment"].with_user(self.staff).with_context(
            allowed_company_ids=(self.books | self.company).ids)
        self.assertEqual(Payment.search([("id", "in", (ours | theirs).ids)]), ours.with_user(self.staff))
        with self.assertRaises(AccessError):
            theirs.with_user(self.staff).read(["amount"])
        south = new_test_user(
            self.env, "dms_books_coll_south", groups="base.group_user,dms_sales.group_dms_distributor")
        south.partner_id.parent_id = self.distributor_south
        self.assertFalse(self.env["account.payment"].with_user(south).search([("id", "in", (ours | theirs).ids)]))
