from xmlrpc.client import Fault

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import DmsApiCommon


@tagged("post_install", "-at_install")
class TestApiInvoicesBooks(DmsApiCommon):
    """The invoices pull of a rep whose outlets' distributor bills them in its own company: the
    outlets' dues there come down beside the principal's invoices, and nothing else of those books,
    to nobody else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.distributor.action_dms_setup_books()
        cls.books = cls.distributor.dms_books_company_id
        cls.distributor_south.action_dms_setup_books()
        cls.south_staff = new_test_user(
            cls.env, "dms_south_clerk", groups="base.group_user,dms_sales.group_dms_distributor",
            partner_id=cls.env["res.partner"].create({
                "name": "South Clerk", "parent_id": cls.distributor_south.id}).id,
            company_id=cls.distributor_south.dms_books_company_id.id,
            company_ids=[(6, 0, (cls.company | cls.distributor_south.dms_books_company_id).ids)])
        Keys = cls.env["res.users.apikeys"]
        cls.key_south_staff = Keys.with_user(cls.south_staff).sudo()._generate("dms_api", "phone", None)
        cls.bill = cls._billed()  # Rahim Store (rep's), in North's books
        cls.bill_other_rep = cls._billed(outlet=cls.outlet_2)  # Karim Pharmacy (rep_2's), same books
        # and an invoice of the principal's own to the same outlet
        cls.invoice = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.outlet.id,
            "invoice_line_ids": [(0, 0, {"product_id": cls.soap.id, "quantity": 2, "price_unit": 40})]})
        cls.invoice.action_post()

    def _xmlrpc(self, user, model, method, *args):
        password = user.login + "x" * (8 - len(user.login))  # new_test_user's
        return self.xmlrpc_object.execute(self.env.cr.dbname, user.id, password, model, method, *args)

    def test_rep_pulls_own_outlets_bills_of_both_books(self):
        self.assertEqual(self.bill.company_id, self.books)
        self.assertNotIn(self.books, self.rep.company_ids)
        records = self.pull_all("invoices", self.key_rep)[0]
        by_id = {r["id"]: r for r in records}
        self.assertIn(self.bill.id, by_id)
        self.assertIn(self.invoice.id, by_id)
        self.assertNotIn(self.bill_other_rep.id, by_id, "another rep's outlet's bill in the same books")
        served = self.env["account.move"].browse(list(by_id)).company_id
        self.assertEqual(served, self.company | self.books)
        row = by_id[self.bill.id]
        self.assertEqual((row["name"], row["partner_id"], row["biller"], row["currency"], row["active"]),
                         (self.bill.name, self.outlet.id, self.distributor.name, self.bill.currency_id.name, True))
        self.assertEqual((row["amount_total"], row["amount_residual"]),
                         (self.bill.amount_total, self.bill.amount_residual))
        self.assertEqual(by_id[self.invoice.id]["biller"], self.company.name)
        self.assertNotIn("company_id", row)

    def test_other_rep_and_other_distributor_staff_see_none_of_these_bills(self):
        rep_2_ids = {r["id"] for r in self.pull_all("invoices", self.key_rep_2)[0]}
        self.assertIn(self.bill_other_rep.id, rep_2_ids)
        self.assertNotIn(self.bill.id, rep_2_ids)
        self.assertNotIn(self.invoice.id, rep_2_ids)
        south_ids = {r["id"] for r in self.pull_all("invoices", self.key_south_staff)[0]}
        self.assertFalse(south_ids & set((self.bill | self.bill_other_rep | self.invoice).ids))
        # over XML-RPC too: neither searched nor read
        found = self._xmlrpc(self.south_staff, "account.move", "search", [("company_id", "=", self.books.id)])
        self.assertEqual(found, [])
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._xmlrpc(self.south_staff, "account.move", "read", self.bill.ids, ["amount_residual"])

    @mute_logger("odoo.http")
    def test_rep_cannot_read_the_distributors_books_over_rpc(self):
        """The API serves the rep's outlets' dues; the books themselves stay closed to the rep."""
        self.assertEqual(self._xmlrpc(self.rep, "account.move", "search", [("company_id", "=", self.books.id)]),
                         [])
        for method, args in (("read", (self.bill.ids, ["amount_residual"])),
                             ("search_read", ([("id", "=", self.bill.id)], ["name"]))):
            try:
                result = self._xmlrpc(self.rep, "account.move", method, *args)
            except Fault as fault:
                self.assertIn("doesn't have 'read' access", fault.faultString)
            else:
                self.assertEqual(result, [], method)
        with self.assertRaises(Fault):
            self._xmlrpc(self.rep, "account.move", "read", self.bill.ids, ["amount_residual"])
        # the rep's own collections, booked there, stay readable
        self.env["dms.collection"].with_user(self.rep).create({
            "partner_id": self.outlet.id, "amount": 5, "invoice_ids": [(6, 0, self.bill.ids)]}).action_confirm()
        rows = self._xmlrpc(self.rep, "dms.collection", "search_read", [("partner_id", "=", self.outlet.id)],
                            ["state", "books_company_id", "amount"])
        self.assertEqual([(r["state"], r["books_company_id"][0], r["amount"]) for r in rows],
                         [("confirmed", self.books.id, 5.0)])

    def test_bill_paid_in_the_distributors_books_comes_down_again(self):
        """Paying the bill (a payment registered in the distributor's company) changes its residual
        by reconciliation: the next incremental pull serves it with residual 0, no longer open."""
        self._age(self.bill | self.invoice | self.bill_other_rep)
        records, _deleted, cursor, _pages = self.pull_all("invoices", self.key_rep)
        self.assertIn(self.bill.id, [r["id"] for r in records])
        self.assertEqual(self.pull_all("invoices", self.key_rep, since=cursor)[0], [], "nothing changed yet")
        journal = self.env["account.journal"].search(
            [("company_id", "=", self.books.id), ("type", "=", "bank")], limit=1)
        self.env["account.payment.register"].with_company(self.books).with_context(
            active_model="account.move", active_ids=self.bill.ids).create(
            {"journal_id": journal.id}).action_create_payments()
        self.assertTrue(self.bill.currency_id.is_zero(self.bill.amount_residual))
        records = self.pull_all("invoices", self.key_rep, since=cursor)[0]
        self.assertEqual([(r["id"], r["amount_residual"], r["active"]) for r in records],
                         [(self.bill.id, 0.0, False)])

    def test_bill_cancelled_then_deleted_comes_down_as_a_deletion(self):
        """A bill cancelled and then deleted, in the distributor's books or the principal's, is in
        the next incremental pull's deleted ids, so that the phone drops it; the staff of another
        distributor hears nothing of North's books."""
        bill = self._billed()  # the last of North's books: a bill that can still be deleted
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.outlet.id,
            "invoice_line_ids": [(0, 0, {"product_id": self.soap.id, "quantity": 1, "price_unit": 40})]})
        invoice.action_post()
        self._age(bill | invoice | self.bill | self.invoice | self.bill_other_rep)
        records, _deleted, cursor, _pages = self.pull_all("invoices", self.key_rep)
        self.assertLessEqual({bill.id, invoice.id}, {r["id"] for r in records})
        south_cursor = self.pull_all("invoices", self.key_south_staff)[2]
        gone = {}
        for move in (bill, invoice):
            move = move.with_company(move.company_id)
            move.button_draft()
            move.button_cancel()
            gone[move.company_id] = move.id
            move.unlink()
        self.assertEqual(set(gone), {self.books, self.company})
        records, deleted, _cursor, _pages = self.pull_all("invoices", self.key_rep, since=cursor)
        self.assertEqual(sorted(deleted), sorted(gone.values()))
        self.assertFalse({r["id"] for r in records} & set(gone.values()), "gone, not served")
        # South's staff work in the principal's company too: they hear of its deletions (ids
        # only), not of those in North's books
        self.assertNotIn(bill.id, self.pull_all("invoices", self.key_south_staff, since=south_cursor)[1])
