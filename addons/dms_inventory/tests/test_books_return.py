from odoo.tests import tagged

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestBooksReturn(DmsInventoryCommon):
    """A distributor that bills its outlets in its own company: a partly delivered order is billed
    for what its stock delivered, and an outlet return becomes a credit note at the price paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.distributor.action_dms_setup_books()
        cls.books = cls.distributor.dms_books_company_id
        cls.distributor.dms_backorder_policy = "backorder"
        cls.reason_damaged = cls.env.ref("dms_inventory.return_reason_damaged")
        cls._stock(cls.soap, 6)  # 10 ordered, 6 in stock

    def test_partly_delivered_from_stock_then_return_credited(self):
        order = self._create_order(lines=[(self.soap, 10)])
        order.line_ids.discount = 10.0
        order.action_confirm()
        order.action_deliver()
        self.assertEqual(order.line_ids.qty_delivered, 6, "the stock delivered 6 of 10")
        order.action_create_invoice()
        bill = order.invoice_ids
        self.assertEqual(bill.company_id, self.books)
        self.assertEqual(bill.invoice_line_ids.quantity, 6)
        self.assertEqual((bill.invoice_line_ids.price_unit, bill.invoice_line_ids.discount), (35.0, 10.0))
        self.assertAlmostEqual(bill.amount_total, 6 * 35 * 0.9 * 1.15)

        ret = self.env["dms.stock.return"].create({
            "partner_id": self.outlet.id, "distributor_id": self.distributor.id, "secondary_order_id": order.id,
            "line_ids": [(0, 0, {"product_id": self.soap.id, "qty": 2, "reason_id": self.reason_damaged.id})]})
        ret.action_validate()
        ret.action_create_credit_note()
        ret.action_create_credit_note()  # twice: one credit note
        note = ret.credit_note_ids
        self.assertEqual(len(note), 1)
        self.assertEqual(note.move_type, "out_refund")
        self.assertEqual(note.company_id, self.books)
        self.assertEqual(note.state, "posted")
        self.assertAlmostEqual(note.amount_total, 2 * 31.5 * 1.15)
        self.assertIn(note, order.invoice_ids)
        outlet = self.outlet.with_company(self.books)
        outlet.invalidate_recordset(["credit"])
        self.assertAlmostEqual(outlet.credit, bill.amount_total - note.amount_total)
