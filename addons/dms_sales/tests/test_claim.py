from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import DmsConcurrencyCase, DmsSalesCommon


def _slab_scheme(name, product, percent):
    """A scheme giving `percent` off `product` from the first unit."""
    return {"name": name, "rule_type": "qty_slab", "product_ids": [Command.set(product.ids)],
            "slab_ids": [Command.create({"threshold": 1, "discount_value": percent})]}


@tagged("post_install", "-at_install")
class TestClaim(DmsSalesCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme_soap, cls.scheme_shampoo = cls.env["dms.scheme"].create([
            _slab_scheme("Soap 10% off", cls.soap, 10), _slab_scheme("Shampoo 20% off", cls.shampoo, 20)])
        cls.today = fields.Date.context_today(cls.env["dms.claim"])
        cls.period = {"date_from": cls.today.replace(day=1), "date_to": cls.today}
        cls.accountant = new_test_user(cls.env, "dms_accountant", groups="account.group_account_invoice")
        cls.staff = new_test_user(cls.env, "dms_staff_north", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.staff.partner_id.parent_id = cls.distributor
        cls.supervisor_south = new_test_user(cls.env, "dms_supervisor_s", groups="dms_sales.group_dms_supervisor")
        cls.other_region.manager_id = cls.supervisor_south
        # soap: 10 x 35, 10% -> 35; shampoo: 3 x 150, 20% -> 90; second order soap 20 x 35, 10% -> 70
        cls.order = cls._delivered_order([(cls.soap, 10, cls.scheme_soap, 10),
                                          (cls.shampoo, 3, cls.scheme_shampoo, 20)])
        cls.order_2 = cls._delivered_order([(cls.soap, 20, cls.scheme_soap, 10)], outlet=cls.outlet_2)
        cls.soap_line, cls.shampoo_line = cls.order.line_ids

    @classmethod
    def _delivered_order(cls, lines, outlet=None, deliver=True):
        order = cls._create_order(outlet=outlet, lines=[(product, qty) for product, qty, __, __ in lines])
        order.action_confirm()
        # the schemes engine gave each line its benefit
        applied = [(line.scheme_id, line.discount) for line in order.line_ids]
        assert applied == [(scheme, discount) for __, __, scheme, discount in lines], applied
        if deliver:
            order.action_deliver()
        return order

    def _claim(self, distributor=None, **vals):
        return self.env["dms.claim"].create({
            "distributor_id": (distributor or self.distributor).id, **self.period, **vals})

    def _distributor_invoice(self, amount=1000.0):
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.distributor.id, "invoice_date": self.today,
            "invoice_line_ids": [Command.create({"name": "Primary goods", "quantity": 1, "price_unit": amount,
                                                 "tax_ids": [Command.clear()]})],
        })
        invoice.action_post()
        return invoice

    def test_compute_submit_approve_settle(self):
        form = Form(self.env["dms.claim"].with_user(self.supervisor))
        form.distributor_id = self.distributor
        form.date_from = self.period["date_from"]
        form.date_to = self.period["date_to"]
        claim = form.save()
        self.assertTrue(claim.name.startswith("CLM/"))
        claim.action_compute()
        self.assertEqual(len(claim.line_ids), 3, "one line per scheme-bearing order line")
        self.assertEqual(claim.amount_total, 35 + 90 + 70)
        self.assertEqual(self.soap_line.benefit_claimed, 35)
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        with self.assertRaisesRegex(UserError, "locked"):
            claim.line_ids[0].amount = 1

        invoice = self._distributor_invoice()
        claim.with_user(self.accountant).action_approve()
        self.assertEqual(claim.state, "approved")
        self.assertEqual(claim.approved_by_id, self.accountant)
        refund = claim.credit_note_id
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.partner_id, self.distributor)
        self.assertEqual(refund.amount_total, 195)
        self.assertEqual(sorted(refund.invoice_line_ids.mapped("price_subtotal")), [90, 105],
                         "one credit note line per scheme")
        self.assertIn(refund.name, claim.message_ids[0].body)
        action = claim.with_user(self.accountant).action_view_credit_note()
        self.assertEqual(action["res_id"], refund.id)

        with self.assertRaisesRegex(UserError, "not paid or reconciled"):
            claim.action_settle()
        with self.assertRaisesRegex(UserError, "reverse the credit note"):
            claim.action_cancel()
        (invoice | refund).line_ids.filtered(lambda ml: ml.account_id.account_type == "asset_receivable").reconcile()
        self.assertIn(refund.payment_state, ("paid", "in_payment"))
        self.assertEqual(invoice.amount_residual, 1000 - 195)
        claim.with_user(self.supervisor).action_settle()
        self.assertEqual(claim.state, "settled")
        with self.assertRaisesRegex(UserError, "reverse the credit note"):
            claim.action_cancel()

    def test_cron_settles_reconciled_claims(self):
        claim = self._claim()
        claim.action_compute()
        claim.action_submit()
        claim.with_user(self.supervisor).action_approve()
        self.assertEqual(self.env["dms.claim"]._cron_settle_paid(), self.env["dms.claim"], "nothing paid yet")
        invoice = self._distributor_invoice()
        (invoice | claim.credit_note_id).line_ids.filtered(
            lambda ml: ml.account_id.account_type == "asset_receivable").reconcile()
        self.env["dms.claim"]._cron_settle_paid()
        self.assertEqual(claim.state, "settled")

    def test_no_double_claim(self):
        claim = self._claim()
        claim.action_compute()
        claim.action_submit()
        claim.action_approve()
        again = self._claim()
        again.action_compute()
        self.assertFalse(again.line_ids, "everything in the period is claimed already")
        with self.assertRaisesRegex(UserError, "has no lines"):
            again.action_submit()

    def test_two_drafts_cannot_share_a_line(self):
        first, second = self._claim(), self._claim()
        first.action_compute()
        second.action_compute()
        self.assertFalse(second.line_ids, "the first draft holds the benefit")
        # forcing the same benefit onto the second claim is refused at submission and approval
        forced = {"claim_id": second.id, "source": "scheme", "scheme_id": self.scheme_soap.id,
                  "order_line_id": self.soap_line.id, "amount": 35}
        forced_line = self.env["dms.claim.line"].create(forced)
        self.assertEqual(self.soap_line.benefit_claimed, 70)
        with self.assertRaisesRegex(ValidationError, "earned .*35.* but .*70.* is claimed"):
            second.action_submit()
        forced_line.unlink()
        first.action_submit()
        self.env["dms.claim.line"].create(forced)
        with self.assertRaisesRegex(ValidationError, "is claimed on non-cancelled claims"):
            first.action_approve()
        self.assertEqual(first.state, "submitted", "nothing half-done")
        self.assertFalse(first.credit_note_id)
        second.action_cancel()
        first.action_approve()
        self.assertEqual(first.state, "approved")

    def test_cancel_frees_lines(self):
        claim = self._claim()
        claim.action_compute()
        claim.action_submit()
        claim.action_cancel()
        self.assertEqual(claim.state, "cancelled")
        self.assertEqual(self.soap_line.benefit_claimed, 0)
        again = self._claim()
        again.action_compute()
        self.assertEqual(again.amount_total, 195)
        again.action_submit()
        with self.assertRaisesRegex(UserError, "only draft or cancelled"):
            again.unlink()
        claim.unlink()

    def test_cancel_after_reversing_credit_note(self):
        claim = self._claim()
        claim.action_compute()
        claim.action_submit()
        claim.action_approve()
        claim.credit_note_id._reverse_moves(cancel=True)
        with self.assertRaisesRegex(UserError, "was reversed"):
            claim.action_settle()
        self.assertFalse(self.env["dms.claim"]._cron_settle_paid(), "a reversed credit note settles nothing")
        claim.action_cancel()
        self.assertEqual(claim.state, "cancelled")
        again = self._claim()
        again.action_compute()
        self.assertEqual(again.amount_total, 195, "the reversed claim's benefit can be claimed again")

    def test_return_reversed_on_next_claim(self):
        claim = self._claim()
        claim.action_compute()
        claim.action_submit()
        claim.action_approve()
        # the outlet returns 4 of the 10 soaps: 40% of the 35 benefit goes back
        self.soap_line.qty_returned = 4
        later = self._claim(date_from=self.today + timedelta(days=1), date_to=self.today + timedelta(days=30))
        later.action_compute()
        self.assertEqual(later.line_ids.order_line_id, self.soap_line,
                         "the return is reversed although the order is outside the new period")
        self.assertEqual(later.line_ids.amount, -14)
        self.assertEqual(self.soap_line.benefit_claimed, 21)
        # returns only: the distributor is billed back
        later.action_submit()
        later.action_approve()
        self.assertEqual(later.credit_note_id.move_type, "out_invoice")
        self.assertEqual(later.credit_note_id.amount_total, 14)
        third = self._claim(date_from=self.today + timedelta(days=1), date_to=self.today + timedelta(days=30))
        third.action_compute()
        self.assertFalse(third.line_ids, "a reversal is made once")

    def test_return_before_first_claim(self):
        self.soap_line.qty_returned = 10
        claim = self._claim()
        claim.action_compute()
        self.assertNotIn(self.soap_line, claim.line_ids.order_line_id, "fully returned: nothing earned")
        self.assertEqual(claim.amount_total, 90 + 70)

    def test_undelivered_and_other_distributor_ignored(self):
        confirmed = self._delivered_order([(self.soap, 5, self.scheme_soap, 10)], deliver=False)
        south = self._delivered_order([(self.soap, 5, self.scheme_soap, 10)], outlet=self.outlet_south)
        claim = self._claim()
        claim.action_compute()
        self.assertFalse((confirmed | south).line_ids & claim.line_ids.order_line_id)
        south_claim = self._claim(distributor=self.distributor_south)
        south_claim.action_compute()
        self.assertEqual(south_claim.line_ids.order_line_id, south.line_ids)

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "starts .From. after it ends"):
            self._claim(date_from=self.today, date_to=self.today - timedelta(days=1))
        with self.assertRaisesRegex(ValidationError, "Rahim Store .Distributor. is not a distributor"):
            self._claim(distributor=self.outlet)
        claim = self._claim()
        with self.assertRaisesRegex(UserError, "has no lines"):
            claim.action_submit()
        with self.assertRaisesRegex(UserError, "cannot be approved"):
            claim.action_approve()
        south = self._delivered_order([(self.soap, 5, self.scheme_soap, 10)], outlet=self.outlet_south)
        with self.assertRaisesRegex(ValidationError, "belongs to South Traders"):
            self.env["dms.claim.line"].create({
                "claim_id": claim.id, "source": "scheme", "scheme_id": self.scheme_soap.id,
                "order_line_id": south.line_ids.id, "amount": 5})
        with self.assertRaisesRegex(ValidationError, "needs a Scheme and an Order Line"):
            self.env["dms.claim.line"].create({"claim_id": claim.id, "source": "scheme", "amount": 5})
        claim.action_compute()
        claim.action_submit()
        with self.assertRaisesRegex(UserError, "period are locked"):
            claim.date_to = self.today + timedelta(days=3)
        with self.assertRaisesRegex(UserError, "cannot be computed"):
            claim.action_compute()
        claim.action_draft()
        claim.line_ids.filtered(lambda ml: ml.scheme_id == self.scheme_shampoo).unlink()
        self.assertEqual(claim.amount_total, 105)
        claim.action_compute()
        self.assertEqual(claim.amount_total, 195, "computing again restores what is due")

    def test_adjustment_line_on_credit_note(self):
        claim = self._claim()
        claim.action_compute()
        self.env["dms.claim.line"].create({
            "claim_id": claim.id, "source": "return_damage", "scheme_id": self.scheme_soap.id,
            "name": "Damaged cartons", "amount": 12})
        claim.action_submit()
        claim.action_approve()
        self.assertEqual(len(claim.credit_note_id.invoice_line_ids), 3, "scheme soap, shampoo, damage")
        self.assertEqual(claim.credit_note_id.amount_total, 207)

    def test_access_distributor_staff(self):
        claim, south_claim = self._claim(), self._claim(distributor=self.distributor_south)
        claim.action_compute()
        staff_claims = self.env["dms.claim"].with_user(self.staff).search([])
        self.assertEqual(staff_claims, claim)
        self.assertEqual(claim.with_user(self.staff).line_ids.mapped("amount"), claim.line_ids.mapped("amount"))
        with self.assertRaises(AccessError):
            south_claim.with_user(self.staff).read(["name"])
        with self.assertRaises(AccessError):
            claim.with_user(self.staff).action_compute()
        with self.assertRaises(AccessError):
            claim.with_user(self.staff).write({"notes": "paid already"})
        with self.assertRaises(AccessError):
            self.env["dms.claim"].with_user(self.staff).create({"distributor_id": self.distributor.id, **self.period})

    def test_access_supervisors_reps_accountants(self):
        claim, south_claim = self._claim(), self._claim(distributor=self.distributor_south)
        self.assertEqual(self.env["dms.claim"].with_user(self.supervisor).search([]), claim)
        self.assertEqual(self.env["dms.claim"].with_user(self.supervisor_south).search([]), south_claim)
        with self.assertRaises(AccessError):
            claim.with_user(self.supervisor_south).action_compute()
        with self.assertRaises(AccessError):
            self.env["dms.claim"].with_user(self.rep).search([])
        distributors = (self.distributor | self.distributor_south).ids
        self.assertEqual(self.env["dms.claim"].with_user(self.accountant).search(
            [("distributor_id", "in", distributors)]), claim | south_claim)
        with self.assertRaises(AccessError):
            claim.with_user(self.accountant).action_compute()
        with self.assertRaises(AccessError):
            self.env["dms.claim"].with_user(self.accountant).create({"distributor_id": self.distributor.id})
        claim.with_user(self.supervisor).action_compute()
        claim.with_user(self.supervisor).action_submit()
        with self.assertRaises(AccessError):
            claim.with_user(self.staff).action_approve()
        claim.with_user(self.supervisor).action_approve()
        self.assertEqual(claim.state, "approved")


@tagged("post_install", "-at_install", "concurrency")
class TestClaimConcurrency(DmsConcurrencyCase):
    """Two claims computed at the same time for the same distributor: exactly one gets the benefit.
    Real cursors and threads on committed data, cleaned up afterwards."""

    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            territory = env["dms.territory"].create({"name": "Race territory"})
            pricelist = env["product.pricelist"].create({"name": "Race list prices"})
            distributor = env["res.partner"].create({
                "name": "Race Distribution", "is_company": True, "dms_role": "distributor",
                "dms_covered_territory_ids": [Command.set(territory.ids)],
                "dms_secondary_pricelist_id": pricelist.id})
            outlet = env["res.partner"].create({
                "name": "Race Outlet", "is_company": True, "dms_role": "outlet",
                "dms_territory_id": territory.id, "dms_distributor_id": distributor.id})
            product = env["product.product"].create({"name": "Race Soap", "list_price": 40})
            scheme = env["dms.scheme"].create(_slab_scheme("Race scheme", product, 10))
            order = env["dms.secondary.order"].create({
                "distributor_id": distributor.id, "partner_id": outlet.id,
                "line_ids": [Command.create({"product_id": product.id, "product_uom_qty": 10})]})
            order.action_confirm()
            order.action_deliver()
            today = fields.Date.context_today(order)
            claims = env["dms.claim"].create([
                {"distributor_id": distributor.id, "date_from": today.replace(day=1), "date_to": today}
                for __ in range(2)])
            self.ids = {"claims": claims.ids, "order": order.id, "order_line": order.line_ids.id,
                        "partners": (outlet | distributor).ids, "territory": territory.id,
                        "product": product.id, "scheme": scheme.id, "pricelist": pricelist.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr, mute_logger("odoo.sql_db"):
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            env["dms.claim"].browse(self.ids["claims"]).action_cancel()
            env["dms.claim"].browse(self.ids["claims"]).unlink()
            # a delivered order cannot be cancelled by the ORM; this test owns it
            cr.execute(SQL("UPDATE dms_secondary_order SET state = 'cancel' WHERE id = %s", self.ids["order"]))
            env.invalidate_all()
            env["dms.secondary.order"].browse(self.ids["order"]).unlink()
            env["dms.scheme"].browse(self.ids["scheme"]).unlink()
            # other addons may hang records on the partners (a distributor's stock location):
            # archive what cannot be deleted
            self.unlink_or_archive(env, self.ids["product"], self.ids["partners"], self.ids["territory"],
                                   self.ids["pricelist"])

    def test_concurrent_compute_claims_once(self):
        # both transactions have their snapshot before either takes the lock
        calls = self.meet_at("dms.claim", "_lock_order_lines")
        # the loser's lock fails with a serialization error, then is retried
        results = self.run_concurrently(*(
            lambda env, claim_id=claim_id: env["dms.claim"].browse(claim_id).action_compute()
            for claim_id in self.ids["claims"]))
        self.assertFalse([r for r in results if isinstance(r, Exception)])
        self.assertGreaterEqual(len(calls), 3, "the second claim was retried after a serialization failure")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claims = env["dms.claim"].browse(self.ids["claims"])
            self.assertEqual(sorted(len(claim.line_ids) for claim in claims), [0, 1],
                             "one claim takes the benefit, the other finds nothing")
            self.assertEqual(claims.line_ids.amount, 40.0)
            self.assertEqual(env["dms.secondary.order.line"].browse(self.ids["order_line"]).benefit_claimed, 40.0)
