from odoo.tests import tagged

from .common import DmsApiCommon
from .test_api_routing import new_uuid


@tagged("post_install", "-at_install")
class TestApiCollectionBooks(DmsApiCommon):
    """The distributor bills its outlets in its own company, which the rep cannot read: the rep's
    phone may still name the outlet's open bills there, and nothing else of those books."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.distributor.action_dms_setup_books()
        cls.books = cls.distributor.dms_books_company_id
        cls.outlet_3 = cls._create_outlet_3()


    def push(self, records):
        status, body = self.api("collections", self.key_rep, body={"records": records})
        self.assertEqual(status, 200, body)
        return body["results"]

    def test_push_pays_the_named_bill_in_the_distributors_books(self):
        older, named = self._billed(), self._billed([(self.shampoo, 3)])
        self.assertEqual(named.company_id, self.books)
        self.assertNotIn(self.books, self.rep.company_ids, "the rep cannot read the distributor's books")
        record = {"uuid": new_uuid(), "partner_id": self.outlet.id, "amount": 40, "method": "cash",
                  "invoice_ids": [named.id]}
        [result] = self.push([record])
        self.assertEqual((result["status"], result["record"]["state"]), ("ok", "confirmed"), result)
        collection = self.env["dms.collection"].browse(result["id"])
        self.assertEqual(collection.invoice_ids, named)
        self.assertEqual(collection.payment_id.company_id, self.books)
        self.assertAlmostEqual(named.amount_residual, named.amount_total - 40, places=2)
        self.assertEqual(older.amount_residual, older.amount_total, "the bill named is paid, not the oldest")

    def test_push_refuses_any_other_bill_of_those_books(self):
        mine = self._billed()
        paid = self._billed([(self.shampoo, 2)])
        self.env["dms.collection"].create({
            "partner_id": self.outlet.id, "amount": paid.amount_total, "invoice_ids": [(6, 0, paid.ids)],
        }).action_confirm()
        self.assertIn(paid.payment_state, ("paid", "in_payment"))
        other_outlet = self._billed(outlet=self.outlet_3)
        record = {"partner_id": self.outlet.id, "amount": 10, "method": "cash"}
        results = self.push([{**record, "uuid": new_uuid(), "invoice_ids": [mine.id, bad]}
                             for bad in (other_outlet.id, paid.id, 2_000_000_000)])
        self.assertEqual([(r["status"], r.get("code"), r.get("field")) for r in results],
                         [("error", "unknown_id", "invoice_ids[1]")] * 3, results)
        self.assertFalse(self.env["dms.collection"].search([("client_uuid", "in", [r["uuid"] for r in results])]))
        self.assertEqual(mine.amount_residual, mine.amount_total)
        self.assertEqual(other_outlet.amount_residual, other_outlet.amount_total)
