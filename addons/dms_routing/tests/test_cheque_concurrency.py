from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.dms_sales.guard import dms_system_write
from odoo.addons.dms_sales.tests.common import DmsConcurrencyCase


@tagged("post_install", "-at_install", "concurrency")
class TestChequeBounceRace(DmsConcurrencyCase):
    """Two users record the same bounce at once: the payment is reversed once and the bank charge
    booked once; the other user is told the cheque is no longer deposited (or busy)."""

    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            company = env.company
            self.partner_id = env["res.partner"].create({"name": "Bounce Race Outlet"}).id
            bank = env["account.journal"].create({"name": "Race Bank", "code": "RCBK", "type": "bank",
                                                  "company_id": company.id})
            self.bank_id = bank.id
            self.expense_id = env["account.account"].search([
                ("company_ids", "in", company.id), ("account_type", "=", "expense")], limit=1).id
            collection = env["dms.collection"].create({
                "partner_id": self.partner_id, "amount": 700, "method": "cheque", "cheque_number": "RACE-1"})
            collection.action_confirm()
            collection._dms_deposit_cheque(bank, fields.Date.context_today(collection))
            self.collection_id = collection.id
            self.move_id = collection.payment_id.move_id.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.committed_env() as env:
            collection = env["dms.collection"].browse(self.collection_id)
            payment = collection.payment_id
            others = collection.bounce_move_id | collection.bounce_charge_move_id
            (payment.move_id | others).line_ids.remove_move_reconcile()
            with dms_system_write():
                collection.write({"state": "cancel", "payment_id": False, "bounce_move_id": False,
                                  "bounce_charge_move_id": False})
            others.button_draft()
            others.unlink()
            payment.action_draft()
            payment.unlink()
            collection.unlink()
            env["account.journal"].browse(self.bank_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _bounce(self, env):
        collection = env["dms.collection"].browse(self.collection_id)
        collection._dms_bounce_cheque(fields.Date.context_today(collection), 25.0,
                                      env["account.account"].browse(self.expense_id), "Refer to drawer")
        return True

    def test_two_bounces_at_once(self):
        self.meet_at("dms.collection", "_dms_lock")
        results = self.run_concurrently(self._bounce, self._bounce)
        self.assertEqual(sum(1 for r in results if r is True), 1, results)
        self.assertTrue(all(r is True or isinstance(r, UserError) for r in results), results)
        with self.committed_env() as env:
            collection = env["dms.collection"].browse(self.collection_id)
            self.assertEqual(collection.state, "bounced")
            self.assertEqual(env["account.move"].search_count([("reversed_entry_id", "=", self.move_id)]), 1)
            self.assertEqual(env["account.move.line"].search_count([
                ("journal_id", "=", self.bank_id), ("account_id", "=", self.expense_id)]), 1)
