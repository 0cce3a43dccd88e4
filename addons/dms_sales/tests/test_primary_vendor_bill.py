from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import DmsConcurrencyCase
from .test_books import BooksCommon


class VendorBillCommon(BooksCommon):
    """The principal sells to North Distribution, which bills its outlets in its own company: each
    invoice the principal posts to it becomes a draft vendor bill in that company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(cls.env, "dms_principal_accountant", groups="account.group_account_invoice")

    @classmethod
    def _invoice(cls, partner=None, lines=None):
        """The principal's invoice of a confirmed primary sale order, still a draft."""
        order = cls.env["sale.order"].create({
            "partner_id": (partner or cls.distributor).id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": qty, "price_unit": price,
                                           "discount": discount})
                           for product, qty, price, discount in (lines or [(cls.soap, 10, 40.0, 0.0)])],
        })
        order.action_confirm()
        return order._create_invoices()

    def _vendor_bills(self, invoices):
        return self.env["account.move"].search([("dms_primary_invoice_id", "in", invoices.ids)])


@tagged("post_install", "-at_install")
class TestPrimaryVendorBill(VendorBillCommon):

    def test_posted_invoice_becomes_the_distributors_draft_vendor_bill(self):
        invoice = self._invoice(lines=[(self.soap, 10, 40.0, 5.0), (self.shampoo, 3, 150.0, 0.0)])
        self.assertFalse(self._vendor_bills(invoice), "a draft invoice is not the distributor's bill yet")
        invoice.with_user(self.accountant).action_post()
        bill = self._vendor_bills(invoice)
        self.assertEqual(len(bill), 1)
        self.assertEqual((bill.move_type, bill.state, bill.company_id), ("in_invoice", "draft", self.books))
        self.assertEqual(bill.partner_id, self.company.partner_id, "the principal is the vendor")
        self.assertEqual((bill.ref, bill.invoice_origin), (invoice.name, invoice.invoice_origin))
        self.assertEqual(bill.invoice_date, invoice.invoice_date)
        self.assertEqual(
            [(ln.product_id, ln.quantity, ln.price_unit, ln.discount) for ln in bill.invoice_line_ids],
            [(ln.product_id, ln.quantity, ln.price_unit, ln.discount) for ln in invoice.invoice_line_ids])
        self.assertEqual(bill.invoice_line_ids.tax_ids.type_tax_use, "purchase")
        self.assertEqual(bill.invoice_line_ids.tax_ids.company_id, self.books)
        self.assertEqual(bill.invoice_line_ids.tax_ids.amount, 15)
        self.assertAlmostEqual(bill.amount_untaxed, invoice.amount_untaxed)
        self.assertAlmostEqual(bill.amount_total, invoice.amount_total)
        self.assertEqual(bill.journal_id.type, "purchase")
        self.assertEqual(bill.line_ids.account_id.company_ids, self.books, "every account is the distributor's")
        # the distributor's accountant posts it: a payable to the principal in its own books
        bill.action_post()
        principal = self.company.partner_id.with_company(self.books)
        principal.invalidate_recordset(["debit"])
        self.assertAlmostEqual(principal.debit, invoice.amount_total)

    def test_once_per_invoice_and_credit_note_becomes_a_refund(self):
        invoice = self._invoice()
        invoice.action_post()
        bill = self._vendor_bills(invoice)
        invoice.button_draft()
        invoice.action_post()
        self.assertEqual(len(self._vendor_bills(invoice)), 1, "a reset and repost makes no second bill")
        bill = self._vendor_bills(invoice)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            bill.copy({"dms_primary_invoice_id": invoice.id})  # the database refuses a second one
        refund = invoice._reverse_moves([{"ref": "Damaged"}])
        refund.action_post()
        vendor_refund = self._vendor_bills(refund)
        self.assertEqual((vendor_refund.move_type, vendor_refund.company_id), ("in_refund", self.books))
        self.assertAlmostEqual(vendor_refund.amount_total, refund.amount_total)

    def test_invoice_corrected_after_a_reset_moves_its_draft_bill(self):
        """The principal's accountant resets an invoice to draft to correct it (to another
        distributor, more goods) and posts it again: the draft vendor bill of the first version
        stayed, so one distributor kept a bill for goods it never bought and the other got none."""
        self.distributor_south.action_dms_setup_books()
        books_south = self.distributor_south.dms_books_company_id
        invoice = self._invoice().with_user(self.accountant)
        invoice.action_post()
        first = self._vendor_bills(invoice)
        self.assertEqual(first.company_id, self.books)
        invoice.button_draft()
        self.assertFalse(first.exists(), "the draft bill of the posted version goes with it")
        invoice.partner_id = self.distributor_south
        invoice.invoice_line_ids.quantity = 50
        invoice.action_post()
        bill = self._vendor_bills(invoice)
        self.assertEqual((bill.company_id, bill.invoice_line_ids.quantity), (books_south, 50))
        self.assertAlmostEqual(bill.amount_total, invoice.amount_total)
        # a bill the distributor's accountant posted is in its books: theirs to reverse, never
        # deleted nor made twice
        bill.sudo().action_post()
        invoice.button_draft()
        invoice.action_post()
        self.assertEqual(self._vendor_bills(invoice), bill)
        self.assertEqual(bill.state, "posted")

    def test_other_distributors_and_customers_get_none(self):
        invoices = self._invoice(self.distributor_south) | self._invoice(self.outlet)
        invoices.action_post()
        self.assertFalse(self._vendor_bills(invoices), "reports-only distributor and a plain customer")
        self.distributor_south.dms_books = "depot"
        invoice = self._invoice(self.distributor_south)
        invoice.action_post()
        self.assertFalse(self._vendor_bills(invoice), "a company depot has no books of its own")
        # the outlet bills of the distributor's own books are not primary sales
        order = self._delivered()
        order.action_create_invoice()
        self.assertFalse(self._vendor_bills(order.invoice_ids))

    def test_only_the_distributors_staff_see_it(self):
        invoice = self._invoice()
        invoice.with_user(self.accountant).action_post()
        bill = self._vendor_bills(invoice)
        Move = self.env["account.move"]
        self.assertEqual(Move.with_user(self.staff).search([("dms_primary_invoice_id", "!=", False)]), bill)
        self.assertFalse(Move.with_user(self.staff_south).search([("id", "=", bill.id)]))
        with self.assertRaises(AccessError):
            bill.with_user(self.staff_south).check_access("read")
        with self.assertRaises(AccessError):
            bill.with_user(self.accountant).check_access("read")
        with self.assertRaises(AccessError):  # (its own staff may read it with dms_api: an invoice to them)
            invoice.with_user(self.staff_south).check_access("read")
        with self.assertRaises(AccessError):  # guarded link: no client sets it
            Move.with_user(self.accountant).create({
                "move_type": "in_invoice", "partner_id": self.distributor.id, "dms_primary_invoice_id": invoice.id})


@tagged("post_install", "-at_install")
class TestPrimaryVendorBillXmlrpc(VendorBillCommon, HttpCase):

    def test_accountant_posts_and_staff_read_over_xmlrpc(self):
        invoice = self._invoice()
        db, accountant, staff = self.env.cr.dbname, self.accountant, self.staff
        self.xmlrpc_object.execute(db, accountant.id, accountant.login, "account.move", "action_post", [invoice.id])
        rows = self.xmlrpc_object.execute(
            db, staff.id, staff.login, "account.move", "search_read", [("dms_primary_invoice_id", "=", invoice.id)],
            ["move_type", "state", "ref", "amount_total", "company_id"])
        self.assertEqual([(r["move_type"], r["state"], r["ref"], r["company_id"][0]) for r in rows],
                         [("in_invoice", "draft", invoice.name, self.books.id)])
        self.assertAlmostEqual(rows[0]["amount_total"], invoice.amount_total)
        self.assertFalse(self.xmlrpc_object.execute(
            db, self.staff_south.id, self.staff_south.login, "account.move", "search",
            [("dms_primary_invoice_id", "=", invoice.id)]))


@tagged("post_install", "-at_install", "concurrency")
class TestPrimaryVendorBillRace(DmsConcurrencyCase):
    """Two users post the principal's invoice to the demo distributor that bills here at the same
    moment: one posts it, one vendor bill; the other is told it is posted."""

    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            distributor = env.ref("dms_sales.res_partner_karnaphuli_distributor_demo", raise_if_not_found=False)
            if not distributor or not distributor.dms_books_company_id:
                self.skipTest("database without the demo distributor that bills its outlets here")
            product = env["product.product"].create({"name": "Vendor Bill Race Soap", "list_price": 40,
                                                      "taxes_id": [Command.clear()]})
            invoice = env["account.move"].create({
                "move_type": "out_invoice", "partner_id": distributor.id,
                "invoice_date": fields.Date.context_today(product),
                "invoice_line_ids": [Command.create({"product_id": product.id, "quantity": 12, "price_unit": 40})],
            })
            self.ids = {"invoice": invoice.id, "product": product.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.committed_env() as env, mute_logger("odoo.sql_db"):
            invoice = env["account.move"].browse(self.ids["invoice"])
            env["account.move"].search([("dms_primary_invoice_id", "=", invoice.id)]).unlink()
            invoice.button_draft()
            invoice.with_context(force_delete=True).unlink()
            self.unlink_or_archive(env, [self.ids["product"]], [], [], [])

    def test_two_posts_at_once(self):
        invoice_id = self.ids["invoice"]
        self.meet_at("account.move", "action_post")
        results = self.run_concurrently(*(
            lambda env: env["account.move"].browse(invoice_id).action_post() or True for __ in range(2)))
        self.assertEqual(sum(1 for r in results if r is True), 1, results)
        self.assertTrue(all(r is True or isinstance(r, UserError) for r in results), results)
        with self.committed_env() as env:
            bills = env["account.move"].search([("dms_primary_invoice_id", "=", invoice_id)])
            self.assertEqual(len(bills), 1)
            self.assertEqual(bills.invoice_line_ids.quantity, 12)
