from contextlib import closing

from odoo.exceptions import AccessError, UserError
from odoo.sql_db import db_connect
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import DmsReportsCommon


@tagged("post_install", "-at_install")
class TestReconcileWizard(DmsReportsCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv_a = cls._invoice(1000, 50)
        cls.inv_b = cls._invoice(500, 30)
        cls.inv_c = cls._invoice(300, 10)
        cls.pay_ref = cls._payment(300, 5, memo=f"Cheque for {cls.inv_c.name}")
        cls.pay_amount = cls._payment(500, 4)
        cls.pay_rest = cls._payment(600, 3)
        # an outlet of the distributor pays its own invoice; another distributor is left alone
        cls.inv_outlet = cls._invoice(200, 8, partner=cls.outlet)
        cls.pay_outlet = cls._payment(200, 2, partner=cls.outlet)
        cls.inv_south = cls._invoice(80, 8, partner=cls.distributor_south)
        cls.pay_south = cls._payment(80, 2, partner=cls.distributor_south)

    def _wizard(self, user=None):
        form = Form(self.env["dms.reconcile.wizard"].with_user(user or self.accountant))
        form.distributor_ids.add(self.distributor)
        wizard = form.save()
        wizard.action_propose()
        return wizard

    def _proposal(self, wizard):
        return [(line.payment_line_id.move_id, line.invoice_line_id.move_id, line.amount, line.rule)
                for line in wizard.line_ids]

    def test_propose_untick_reconcile_rerun(self):
        wizard = self._wizard()
        self.assertEqual(self._proposal(wizard), [
            (self.pay_ref.move_id, self.inv_c, 300, "reference"),
            (self.pay_amount.move_id, self.inv_b, 500, "amount"),
            (self.pay_outlet.move_id, self.inv_outlet, 200, "amount"),
            (self.pay_rest.move_id, self.inv_a, 600, "oldest"),
        ])
        outlet_line = wizard.line_ids.filtered(lambda line: line.partner_id == self.outlet)
        outlet_line.selected = False
        wizard.action_reconcile()

        self.assertEqual(wizard.state, "done")
        self.assertEqual((self.inv_c.amount_residual, self.inv_b.amount_residual, self.inv_a.amount_residual),
                         (0, 0, 400))
        self.assertEqual(self.inv_outlet.amount_residual, 200, "unticked: left open")
        self.assertEqual(self.inv_south.amount_residual, 80, "other distributor untouched")
        logs = self.env["dms.reconcile.log"].search([("partner_id", "=", self.distributor.id)])
        self.assertEqual(len(logs), 3)
        self.assertEqual(logs.user_id, self.accountant)
        self.assertEqual(sorted(logs.mapped("amount")), [300, 500, 600])
        self.assertEqual(set(logs.mapped("rule")), {"reference", "amount", "oldest"})
        self.assertEqual(wizard.log_ids, logs)
        self.assertTrue(all(log.partial_id for log in logs))
        for move in (self.inv_c, self.pay_ref):
            self.assertIn("Reconciled", move.message_ids[0].body)
            self.assertIn(self.inv_c.name, move.message_ids[0].body)

        # running again proposes only what is still open
        again = self._wizard()
        self.assertEqual(self._proposal(again), [(self.pay_outlet.move_id, self.inv_outlet, 200, "amount")])
        again.action_reconcile()
        self.assertEqual(self._wizard().line_ids.ids, [], "nothing left to propose")
        self.assertEqual(self.env["dms.reconcile.log"].search_count([("partner_id", "=", self.outlet.id)]), 1)
        with self.assertRaisesRegex(UserError, "Propose"):
            wizard.action_reconcile()

    def test_lines_reconciled_meanwhile_are_skipped(self):
        wizard = self._wizard()
        # reconciled by hand after the proposal: the wizard must not touch it again
        (self._rec_line(self.pay_ref) | self._rec_line(self.inv_c)).reconcile()
        partials_before = self._rec_line(self.inv_c).matched_credit_ids
        wizard.line_ids.filtered(lambda line: line.payment_line_id.move_id != self.pay_ref.move_id).selected = False
        wizard.action_reconcile()
        self.assertEqual(self._rec_line(self.inv_c).matched_credit_ids, partials_before)
        self.assertFalse(wizard.log_ids)

    def test_rights(self):
        with self.assertRaises(AccessError):
            self._wizard(self.supervisor)
        wizard = self._wizard(self.manager)
        wizard.action_reconcile()
        self.assertEqual(self.inv_a.amount_residual, 400, "distribution managers reconcile without accounting rights")

    def test_concurrent_run_is_told_to_retry(self):
        """Another transaction holds the items (say another run reconciling them): the wizard does
        not wait for it nor reconcile them a second time after it, it asks to try again."""
        with closing(db_connect(self.env.cr.dbname).cursor()) as other:
            # a committed item, locked by the other transaction until it ends
            other.execute("SELECT id FROM account_move_line ORDER BY id LIMIT 1 FOR UPDATE")
            row = other.fetchone()
            if not row:
                self.skipTest("no committed journal item to lock in this database")
            wizard = self.env["dms.reconcile.wizard"].with_user(self.accountant).create({})
            with self.assertRaisesRegex(UserError, "Another reconciliation"), mute_logger("odoo.sql_db"):
                wizard._lock(self.env["account.move.line"].browse(row[0]))
            other.rollback()
        wizard._lock(self.env["account.move.line"].browse(row[0]))  # free again
