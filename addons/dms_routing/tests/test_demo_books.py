from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoBooks(TransactionCase):
    """The demo of a distributor that bills its outlets here (Karnaphuli Traders): its collections,
    cheques, bKash statement and the rep's day close exist and agree with its books."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.distributor = cls.env.ref("dms_sales.res_partner_karnaphuli_distributor_demo", raise_if_not_found=False)
        cls.books = cls.distributor.dms_books_company_id if cls.distributor else cls.env["res.company"]
        cls.collections = cls.env["dms.collection"].search(
            [("distributor_id", "=", cls.distributor.id), ("books_company_id", "=", cls.books.id),
             ("user_id.login", "=", "rep_central1")], order="id") if cls.distributor else cls.env["dms.collection"]

    def setUp(self):
        super().setUp()
        if not self.collections:
            self.skipTest("database without the demo data of dms_routing")

    def test_collections_booked_in_the_distributors_company(self):
        by_state = {(c.method, c.state): c for c in self.collections}
        self.assertEqual(sorted(by_state), [("cash", "confirmed"), ("cheque", "bounced"), ("cheque", "cleared"),
                                            ("mobile", "confirmed")])
        self.assertEqual(len(self.collections.filtered(lambda c: c.method == "cash")), 2)
        self.assertEqual(self.collections.payment_id.company_id, self.books)
        self.assertEqual(self.collections.company_id, self.env.ref("base.main_company"),
                         "the collections are the rep's documents in the principal's company")
        self.assertTrue(by_state["cheque", "cleared"].clearing_move_id)
        self.assertTrue(by_state["mobile", "confirmed"].clearing_move_id, "matched on the bKash statement")

    def test_bills_due_are_billed_minus_collected(self):
        paid = self.collections.filtered(lambda c: c.state != "bounced")
        for outlet in self.collections.commercial_partner_id:
            bills = self.env["account.move"].search([
                ("company_id", "=", self.books.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
                ("commercial_partner_id", "=", outlet.id)])
            collected = sum(paid.filtered(lambda c, o=outlet: c.commercial_partner_id == o).mapped("amount"))
            dues = self.env["dms.outlet.due"].search(
                [("partner_id", "=", outlet.id), ("company_id", "=", self.books.id)])
            self.assertTrue(dues, outlet.name)
            self.assertAlmostEqual(sum(dues.mapped("amount_residual")), sum(bills.mapped("amount_total")) - collected,
                                   places=2, msg=outlet.name)
        rep = self.collections.user_id
        self.assertEqual(self.env["dms.outlet.due"].with_user(rep).search(
            [("distributor_id", "=", self.distributor.id)]).partner_id, self.collections.commercial_partner_id,
            "the rep sees the dues of the Savar outlets he collects from")

    def test_bounced_cheque_charged_and_outlet_flagged(self):
        bounced = self.collections.filtered(lambda c: c.state == "bounced")
        self.assertEqual(bounced.bounce_move_id.company_id, self.books)
        self.assertEqual(bounced.bounce_charge_move_id.state, "posted")
        self.assertAlmostEqual(bounced.bounce_charge_move_id.amount_total, 150.0, places=2)
        outlet = bounced.commercial_partner_id
        self.assertEqual(outlet.dms_bounced_cheque_count, 1)
        self.assertTrue(outlet.dms_cheque_credit_hold)

    def test_bkash_statement_one_matched_one_left(self):
        statement = self.env["dms.mobile.statement"].search([("company_id", "=", self.books.id)])
        self.assertEqual(len(statement), 1)
        mobile = self.collections.filtered(lambda c: c.method == "mobile")
        self.assertEqual(statement.line_ids.mapped("status"), ["matched", "no_collection"])
        self.assertEqual(statement.line_ids[0].collection_id, mobile)
        self.assertEqual((statement.matched_count, statement.unmatched_count), (1, 1))

    def test_day_close_short_by_fifty(self):
        close = self.collections.deposit_id
        self.assertEqual(len(close), 1)
        self.assertEqual(close.state, "posted")
        cash = self.collections.filtered(lambda c: c.method == "cash")
        self.assertAlmostEqual(close.amount_expected, sum(cash.mapped("amount")), places=2)
        self.assertAlmostEqual(close.amount_difference, -50.0, places=2)
        self.assertEqual(close.cheque_count_expected, 2)
        self.assertAlmostEqual(close.amount_cheque_difference, 0.0, places=2)
        self.assertAlmostEqual(close.amount_mobile_difference, 0.0, places=2)
        # the distributor's cash goes to its bank in full; the principal carries the shortage
        books_move = close.move_ids.filtered(lambda m: m.company_id == self.books)
        self.assertEqual(books_move.state, "posted")
        bank = books_move.line_ids.filtered(lambda ln: ln.account_id == books_move.journal_id.default_account_id)
        self.assertAlmostEqual(sum(bank.mapped("debit")), close.amount_expected, places=2)
        self.assertEqual((close.move_ids - books_move).company_id, close.company_id)
