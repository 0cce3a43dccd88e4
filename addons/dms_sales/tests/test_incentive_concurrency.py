from datetime import date

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import DmsConcurrencyCase


@tagged("post_install", "-at_install", "concurrency")
class TestIncentivePostConcurrency(DmsConcurrencyCase):
    """Two accountants post the same approved payout at the same moment: one journal entry."""

    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            company = env.company
            self.ids = {"company": company.id, "accounts": (company.dms_incentive_expense_account_id.id,
                                                            company.dms_incentive_payable_account_id.id)}
            Account = env["account.account"]
            expense = Account.create({"name": "Race incentives", "code": "610991", "account_type": "expense"})
            accrued = Account.create({"name": "Race accrued incentives", "code": "210991",
                                      "account_type": "liability_current"})
            company.write({"dms_incentive_expense_account_id": expense.id,
                           "dms_incentive_payable_account_id": accrued.id})
            plan = env["dms.incentive.plan"].create({
                "name": "Race plan", "slab_ids": [Command.create({"min_percent": 0, "rate_percent": 1})]})
            admin = env.ref("base.user_admin")
            payout = env["dms.incentive.payout"]._dms_create([{
                "user_id": admin.id, "month": date(2001, 1, 1), "plan_id": plan.id, "company_id": company.id,
                "target_value": 1000, "achieved_value": 1000, "achievement_percent": 100, "rate_percent": 1,
                "amount": 10}])
            payout.with_user(admin).action_approve()
            self.ids.update(payout=payout.id, plan=plan.id, new_accounts=(expense | accrued).ids, admin=admin.id)
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr, mute_logger("odoo.sql_db"):
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            payout = env["dms.incentive.payout"].browse(self.ids["payout"])
            moves = env["account.move"].search([("line_ids.account_id", "in", self.ids["new_accounts"])])
            moves.button_draft()
            moves.with_context(force_delete=True).unlink()
            # this test owns its payout, whatever state the race left it in
            cr.execute(SQL("UPDATE dms_incentive_payout SET state = 'draft' WHERE id = %s", payout.id))
            env.invalidate_all()
            payout.unlink()
            env["dms.incentive.plan"].browse(self.ids["plan"]).unlink()
            env["res.company"].browse(self.ids["company"]).write({
                "dms_incentive_expense_account_id": self.ids["accounts"][0],
                "dms_incentive_payable_account_id": self.ids["accounts"][1]})
            env["account.account"].browse(self.ids["new_accounts"]).unlink()

    def test_two_accountants_post_at_once(self):
        calls = self.meet_at("dms.incentive.payout", "_lock")
        def post(env):
            return env["dms.incentive.payout"].with_user(self.ids["admin"]).browse(self.ids["payout"]).action_post()

        results = self.run_concurrently(post, post)
        self.assertEqual(results, [True, True], "both clicks succeed, the second finds it posted")
        self.assertGreaterEqual(len(calls), 3, "the second posting was retried after a serialization failure")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            payout = env["dms.incentive.payout"].browse(self.ids["payout"])
            self.assertEqual(payout.state, "posted")
            moves = env["account.move"].search([("line_ids.account_id", "in", self.ids["new_accounts"])])
            self.assertEqual(moves, payout.move_id, "one journal entry")
            self.assertEqual(moves.state, "posted")
