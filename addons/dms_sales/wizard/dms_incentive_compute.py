from dateutil.relativedelta import relativedelta

from odoo import fields, models


class DmsIncentiveCompute(models.TransientModel):
    _name = "dms.incentive.compute"
    _description = "Compute Monthly Incentives"

    plan_id = fields.Many2one("dms.incentive.plan", required=True,
                              help="The plan whose slabs pay the reps.")
    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - relativedelta(months=1),
        help="The month to pay for (any day of it); last month by default.")

    def action_compute(self):
        """Create or update the draft payouts of the month; approved and posted ones are kept."""
        self.ensure_one()
        payouts = self.plan_id._compute_payouts(self.month)
        return {
            "type": "ir.actions.act_window", "res_model": "dms.incentive.payout",
            "name": self.env._("Incentive Payouts"), "view_mode": "list,pivot,graph,form",
            "domain": [("id", "in", payouts.ids)], "context": {},
        }
