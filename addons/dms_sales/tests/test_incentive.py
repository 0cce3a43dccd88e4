from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import DmsSalesCommon


@tagged("post_install", "-at_install")
class TestIncentive(DmsSalesCommon):
    """Monthly payouts on the reps' value targets: computed (idempotent), approved by a manager,
    posted once by accounting as a journal entry; reps see only their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.month = fields.Date.context_today(cls.env["dms.target"]).replace(day=1)
        cls.accountant = new_test_user(cls.env, "dms_accountant_i",
                                       groups="base.group_user,account.group_account_invoice")
        # rep: 10 soap x 35 + 2 shampoo x 150 = 650; rep_2: 4 soap x 35 = 140
        for outlet, lines, user in ((cls.outlet, [(cls.soap, 10), (cls.shampoo, 2)], cls.rep),
                                    (cls.outlet_2, [(cls.soap, 4)], cls.rep_2)):
            cls._create_order(outlet=outlet, lines=lines, user_id=user.id).action_confirm()
        Target = cls.env["dms.target"]
        cls.target_rep = Target.create({"target_type": "rep", "user_id": cls.rep.id, "month": cls.month,
                                        "target_value": 800})  # 81.25%
        cls.target_rep_2 = Target.create({"target_type": "rep", "user_id": cls.rep_2.id, "month": cls.month,
                                          "target_value": 100})  # 140%
        cls.target_sup = Target.create({"target_type": "rep", "user_id": cls.supervisor.id, "month": cls.month,
                                        "target_value": 1000})  # nothing sold
        # a category target does not make a payout of its own
        Target.create({"target_type": "rep", "user_id": cls.rep.id, "month": cls.month, "target_value": 5,
                       "product_id": cls.soap.id})
        cls.plan = cls.env["dms.incentive.plan"].create({
            "name": "Monthly", "user_ids": [Command.set((cls.rep | cls.rep_2 | cls.supervisor).ids)],
            "slab_ids": [Command.create({"min_percent": 80, "rate_percent": 1}),
                          Command.create({"min_percent": 100.01, "rate_percent": 1.5, "fixed_bonus": 5000})]})
        Account = cls.env["account.account"]
        cls.expense = Account.create({"name": "Sales incentives", "code": "610900", "account_type": "expense"})
        cls.accrued = Account.create({"name": "Accrued incentives", "code": "210900",
                                      "account_type": "liability_current"})
        cls.company.write({"dms_incentive_expense_account_id": cls.expense.id,
                           "dms_incentive_payable_account_id": cls.accrued.id})

    def _compute(self, user=None):
        wizard = self.env["dms.incentive.compute"].with_user(user or self.manager).create(
            {"plan_id": self.plan.id, "month": self.month + timedelta(days=9)})
        return self.env["dms.incentive.payout"].search(wizard.action_compute()["domain"])

    def test_compute_is_idempotent_and_keeps_approved(self):
        payouts = self._compute()
        by_user = {p.user_id: p for p in payouts}
        self.assertEqual(set(by_user), {self.rep, self.rep_2, self.supervisor})
        rep, rep_2, sup = by_user[self.rep], by_user[self.rep_2], by_user[self.supervisor]
        self.assertEqual((rep.achieved_value, rep.achievement_percent, rep.amount), (650, 81.25, 6.5))
        self.assertEqual((rep_2.rate_percent, rep_2.fixed_bonus, rep_2.amount), (1.5, 5000, 5002.1))
        self.assertEqual((sup.amount, sup.rate_percent), (0, 0))
        self.assertEqual(set(payouts.mapped("state")), {"draft"})
        rep.with_user(self.manager).action_approve()
        self.assertEqual((rep.state, rep.approved_by_id), ("approved", self.manager))
        # targets change, computed again: the same payouts; drafts updated, the approved one kept
        self.target_rep.target_value = 600
        self.target_rep_2.target_value = 200
        again = self._compute()
        self.assertEqual(again, payouts)
        self.assertEqual(rep.amount, 6.5, "approved: kept")
        self.assertEqual((rep_2.achievement_percent, rep_2.amount), (70, 0), "draft: recomputed")

    def test_post_creates_one_entry_once(self):
        payouts = self._compute()
        rep = payouts.filtered(lambda p: p.user_id == self.rep)
        with self.assertRaisesRegex(UserError, "not approved"):
            rep.with_user(self.accountant).action_post()
        payouts.with_user(self.manager).action_approve()
        with self.assertRaises(AccessError, msg="managers approve, accounting posts"):
            rep.with_user(self.manager).action_post()
        payouts.with_user(self.accountant).action_post()
        self.assertEqual(set(payouts.mapped("state")), {"posted"})
        move = rep.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual([(line.account_id, line.debit, line.credit, line.partner_id) for line in move.line_ids],
                         [(self.expense, 6.5, 0, self.rep.partner_id), (self.accrued, 0, 6.5, self.rep.partner_id)])
        self.assertFalse(payouts.filtered(lambda p: p.user_id == self.supervisor).move_id, "nothing to book")
        moves = payouts.move_id
        payouts.with_user(self.accountant).action_post()
        self.assertEqual(payouts.move_id, moves, "posting again books nothing more")
        self.assertEqual(self.env["account.move.line"].search_count([("account_id", "=", self.accrued.id)]), 2)
        with self.assertRaisesRegex(UserError, "only draft payouts"):
            rep.unlink()

    def test_post_needs_accounts(self):
        self.company.dms_incentive_payable_account_id = False
        payouts = self._compute()
        payouts.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "Accrued Incentives Account of company"):
            payouts.with_user(self.accountant).action_post()

    def test_access(self):
        payouts = self._compute()
        Payout = self.env["dms.incentive.payout"]
        mine = payouts.filtered(lambda p: p.user_id == self.rep)
        other = payouts - mine
        this_month = [("month", "=", self.month)]
        self.assertEqual(Payout.with_user(self.rep).search([]), mine)
        self.assertEqual(Payout.with_user(self.rep_2).search([]).user_id, self.rep_2)
        self.assertEqual(Payout.with_user(self.manager).search(this_month), payouts)
        self.assertEqual(Payout.with_user(self.accountant).search(this_month), payouts)
        with self.assertRaises(AccessError):
            other.with_user(self.rep).read(["amount"])
        with self.assertRaises(AccessError):
            mine.with_user(self.rep).write({"amount": 1000})
        with self.assertRaises(AccessError, msg="a manager cannot set the amount either: it is computed"):
            mine.with_user(self.manager).write({"amount": 1000})
        with self.assertRaises(AccessError, msg="nor approve by writing the state"):
            mine.with_user(self.manager).write({"state": "approved"})
        with self.assertRaises(AccessError):
            mine.with_user(self.rep).action_approve()
        with self.assertRaises(AccessError):
            mine.with_user(self.accountant).action_approve()
        with self.assertRaises(AccessError):
            self._compute(user=self.rep)
        with self.assertRaises(AccessError):
            self.plan.with_user(self.rep).write({"name": "More for me"})
        # the rep's own targets, not another rep's
        self.assertEqual(self.env["dms.target"].with_user(self.rep_2).search([("target_type", "=", "rep")]),
                         self.target_rep_2)

    def test_compute_queries_do_not_grow(self):
        def count():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.plan._compute_payouts(self.month)
            self.env.flush_all()
            return self.cr.sql_log_count - before

        self.env["dms.incentive.payout"].search([("month", "=", self.month)]).unlink()
        first = count()
        reps = [new_test_user(self.env, f"dms_rep_i{i}", groups="dms_sales.group_dms_rep") for i in range(8)]
        self.plan.user_ids = [Command.link(user.id) for user in reps]
        self.env["dms.target"].create([{"target_type": "rep", "user_id": user.id, "month": self.month,
                                        "target_value": 50} for user in reps])
        self.env["dms.incentive.payout"].search([("month", "=", self.month)]).unlink()
        self.assertLessEqual(count(), first + 6, "one grouped achievement read and one batch insert")

    def test_daily_job_computes_last_month(self):
        last_month = self.month - timedelta(days=1)
        target = self.env["dms.target"].create({"target_type": "rep", "user_id": self.rep.id,
                                                "month": last_month, "target_value": 100})
        self.env["dms.incentive.plan"]._cron_compute_last_month()
        payout = self.env["dms.incentive.payout"].search([("user_id", "=", self.rep.id),
                                                          ("month", "=", last_month.replace(day=1))])
        self.assertEqual((payout.target_id, payout.state), (target, "draft"))
        self.assertFalse(self.env["dms.incentive.payout"].search([("month", "=", self.month)]),
                         "this month is not over")
