import io
import re

import openpyxl

from odoo import Command, fields
from odoo.tests import new_test_user, tagged
from odoo.tools import format_date

from .common import DmsApiCommon


@tagged("post_install", "-at_install")
class TestPortalGoodsReceipt(DmsApiCommon):
    """Distributor staff confirm their goods receipts on the portal, as in the back office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Demo = cls.env["dms.demo.loader"]
        cls.receipt = Demo._load_demo_goods_receipt(cls.distributor, {cls.soap: 10, cls.shampoo: 4})
        cls.receipt_south = Demo._load_demo_goods_receipt(cls.distributor_south, {cls.soap: 7})
        cls.line_soap = cls.receipt.line_ids.filtered(lambda line: line.product_id == cls.soap)
        cls.line_shampoo = cls.receipt.line_ids - cls.line_soap

    def setUp(self):
        super().setUp()
        self.authenticate("dms_dist_staff", "dms_dist_staff")

    def _saleable(self, product, distributor=None):
        location = (distributor or self.distributor)._dms_bucket_location("saleable")
        return sum(self.env["stock.quant"].search([
            ("product_id", "=", product.id), ("location_id", "=", location.id)]).mapped("quantity"))

    def _confirm(self, receipt, values):
        """Post the confirmation form as a browser would, with the CSRF token of the user's own
        receipt page (another distributor's page answers no form)."""
        page = self.url_open("/my/goods_receipts/%d" % self.receipt.id).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
        return self.url_open("/my/goods_receipts/%d/confirm" % receipt.id,
                             data={"csrf_token": token, **values}, allow_redirects=False)

    def test_list_and_counter_show_own_receipts(self):
        page = self.url_open("/my/goods_receipts").text
        self.assertIn(self.receipt.name, page)
        self.assertNotIn(self.receipt_south.name, page)
        self.assertIn("To Confirm", page)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["dms_goods_receipt_count"]})
        self.assertEqual(counters, {"dms_goods_receipt_count": 1})

    def test_primary_orders_in_the_portal(self):
        """Primary orders are Odoo's sale orders, listed by the sale portal."""
        page = self.url_open("/my/orders").text
        self.assertIn(self.receipt.sale_order_id.name, page)
        self.assertNotIn(self.receipt_south.sale_order_id.name, page)
        response = self.url_open("/my/orders/%d" % self.receipt_south.sale_order_id.id, allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_confirm_with_shortage_and_damage(self):
        response = self._confirm(self.receipt, {
            "received_%d" % self.line_soap.id: "9", "damaged_%d" % self.line_soap.id: "2",
            "received_%d" % self.line_shampoo.id: "4", "damaged_%d" % self.line_shampoo.id: "0"})
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my/goods_receipts/%d?confirmed=1" % self.receipt.id))
        self.receipt.invalidate_recordset()
        self.assertEqual(self.receipt.state, "confirmed")
        self.assertEqual(self.receipt.confirmed_by_id, self.distributor_user)
        self.assertEqual((self.line_soap.qty_good, self.line_soap.qty_damaged, self.line_soap.qty_short), (7, 2, 1))
        self.assertTrue(self.receipt.has_discrepancy)
        # real stock moves, owned by the distributor
        self.assertEqual(self._saleable(self.soap), 7)
        self.assertEqual(self._saleable(self.shampoo), 4)
        damaged = self.distributor._dms_bucket_location("damaged")
        quants = self.env["stock.quant"].search([("location_id", "=", damaged.id), ("product_id", "=", self.soap.id)])
        self.assertEqual(sum(quants.mapped("quantity")), 2)
        self.assertEqual(quants.owner_id, self.distributor)
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("o_dms_portal_confirmed", page)
        self.assertNotIn("o_dms_portal_receipt_confirm", page, "a confirmed receipt has no confirm button")

    def test_claim_the_discrepancy(self):
        response = self._confirm(self.receipt, {"received_%d" % self.line_soap.id: "8"})
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("o_dms_portal_receipt_claim", page)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
        response = self.url_open("/my/goods_receipts/%d/claim" % self.receipt.id, data={"csrf_token": token},
                                 allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        claim = self.receipt.claim_id
        self.assertEqual(claim.state, "draft")
        self.assertEqual(claim.distributor_id, self.distributor)
        self.assertEqual(claim.line_ids.mapped("source"), ["grn_shortage"])
        self.assertAlmostEqual(claim.amount_total, 2 * self.line_soap.price_unit)
        page = self.url_open("/my/goods_receipts/%d" % self.receipt.id).text
        self.assertIn(claim.name, page)
        self.assertNotIn("o_dms_portal_receipt_claim", page)
        self.assertIn(claim.name, self.url_open("/my/claims").text)
        # a second claim is refused, with the claim named
        response = self.url_open("/my/goods_receipts/%d/claim" % self.receipt.id, data={"csrf_token": token})
        self.assertIn("o_dms_portal_error", response.text)
        self.assertIn(claim.name, response.text)
        claims = self.env["dms.claim"].search([("line_ids.dms_goods_receipt_id", "=", self.receipt.id)])
        self.assertEqual(claims, claim)

    def test_bad_quantities_write_nothing(self):
        cases = [
            ({"received_%d" % self.line_soap.id: "nine"}, "Soap 100g", "Received"),
            ({"received_%d" % self.line_soap.id: "12"}, "Soap 100g", "Received"),  # more than shipped
            ({"received_%d" % self.line_soap.id: "8", "damaged_%d" % self.line_shampoo.id: "5"},
             "Shampoo 200ml", "Damaged"),  # damaged more than received (4)
            ({"damaged_%d" % self.receipt_south.line_ids.id: "1"}, self.receipt.name, "Damaged"),  # foreign line
        ]
        for values, product, field in cases:
            with self.subTest(values=values):
                response = self._confirm(self.receipt, values)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_dms_portal_error", response.text)
                self.assertIn(product, response.text)
                self.assertIn(field, response.text)
                # the values typed on this receipt's lines are shown again, and nothing was written
                for key, value in values.items():
                    if int(key.split("_")[1]) in self.receipt.line_ids.ids:
                        self.assertIn('name="%s" value="%s"' % (key, value), response.text)
                self.receipt.invalidate_recordset()
                self.receipt.line_ids.invalidate_recordset()
                self.assertEqual(self.receipt.state, "pending")
                self.assertEqual(self.line_soap.qty_received, 10)
                self.assertEqual(self.line_shampoo.qty_damaged, 0)
                self.assertEqual(self.receipt_south.line_ids.qty_damaged, 0)
        self.assertEqual(self._saleable(self.soap), 0)

    def test_confirm_twice_is_refused(self):
        self.assertEqual(self._confirm(self.receipt, {}).status_code, 303)
        response = self._confirm(self.receipt, {"received_%d" % self.line_soap.id: "3"})
        self.assertIn("o_dms_portal_error", response.text)
        self.assertIn(self.receipt.name, response.text)
        self.line_soap.invalidate_recordset()
        self.assertEqual(self.line_soap.qty_received, 10)
        self.assertEqual(self._saleable(self.soap), 10, "received once, not twice")

    def test_another_distributors_receipt(self):
        for receipt_id in (self.receipt_south.id, 2_000_000_000):
            response = self.url_open("/my/goods_receipts/%d" % receipt_id, allow_redirects=False)
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.headers["Location"].endswith("/my"))
        response = self._confirm(self.receipt_south, {})
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self.receipt_south.invalidate_recordset()
        self.assertEqual(self.receipt_south.state, "pending")
        self.assertEqual(self._saleable(self.soap, self.distributor_south), 0)

    def test_tour_confirm_receipt(self):
        self.start_tour("/my", "dms_api_portal_goods_receipt", login="dms_dist_staff")
        self.receipt.invalidate_recordset()
        self.assertEqual(self.receipt.state, "confirmed")
        self.assertEqual(self.line_soap.qty_damaged, 1)
        self.assertEqual(self.receipt.claim_id.line_ids.mapped("source"), ["grn_damage"])


@tagged("post_install", "-at_install")
class TestPortalStatement(DmsApiCommon):
    """The statement of account of the portal user's distributor: on screen, PDF and XLSX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env["res.partner"])
        moves = cls.env["account.move"].create([{
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": today, "invoice_date_due": today,
            "invoice_line_ids": [Command.create({"name": "Primary goods", "quantity": 1, "price_unit": amount,
                                                 "tax_ids": [Command.clear()]})],
        } for partner, amount in ((cls.distributor, 1234.5), (cls.distributor_south, 9876.0))])
        moves.action_post()
        cls.invoice, cls.invoice_south = moves
        cls.customer = new_test_user(cls.env, "plain_portal", groups="base.group_portal")

    def setUp(self):
        super().setUp()
        self.authenticate("dms_dist_staff", "dms_dist_staff")

    def test_statement_page(self):
        page = self.url_open("/my/statement").text
        self.assertIn(self.invoice.name, page)
        self.assertNotIn(self.invoice_south.name, page)
        self.assertIn("1,234.50", page)
        self.assertIn("o_dms_statement_closing", page)
        self.assertIn("o_dms_statement_ageing", page)
        # dates as the rest of the portal shows them (the user's language format), not ISO
        today = fields.Date.context_today(self.env["res.partner"])
        self.assertIn(format_date(self.env, today), page)
        self.assertNotIn("<td>%s</td>" % fields.Date.to_string(today), page)
        home = self.url_open("/my").text
        for icon in ("orders", "stock", "claims", "receipts", "statement"):
            src = "/dms_api/static/img/portal_%s.svg" % icon
            self.assertIn(src, home)
            self.assertEqual(self.url_open(src).status_code, 200, src)
        self.assertIn('href="/my/statement"', home)

    def test_downloads(self):
        today = fields.Date.to_string(fields.Date.context_today(self.env["res.partner"]))
        response = self.url_open("/my/statement/xlsx?date_from=%s&date_to=%s" % (today, today))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertIn(".xlsx", response.headers["Content-Disposition"])
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        cells = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
        self.assertIn(self.invoice.name, cells)
        self.assertIn(1234.5, cells)
        self.assertNotIn(self.invoice_south.name, cells)
        # under the test runner Odoo renders "PDF" reports as HTML (no wkhtmltopdf); the data is the same
        response = self.url_open("/my/statement/pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn(self.invoice.name, response.text)
        self.assertNotIn(self.invoice_south.name, response.text)

    def test_bad_period(self):
        page = self.url_open("/my/statement?date_from=2026-13-01").text
        self.assertIn("o_dms_portal_error", page)
        self.assertIn("YYYY-MM-DD", page)
        page = self.url_open("/my/statement?date_from=2026-05-02&date_to=2026-05-01").text
        self.assertIn("is after To", page)
        response = self.url_open("/my/statement/xlsx?date_from=2026-05-02&date_to=2026-05-01",
                                 allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        response = self.url_open("/my/statement/csv", allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_portal_user_of_no_distributor(self):
        self.authenticate("plain_portal", "plain_portal")
        for url in ("/my/statement", "/my/statement/xlsx", "/my/goods_receipts"):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 303, url)
            self.assertTrue(response.headers["Location"].endswith("/my"), url)
        self.assertNotIn('href="/my/statement"', self.url_open("/my").text)
