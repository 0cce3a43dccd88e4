from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.incentive import Slab, check_slabs


class DmsIncentivePlan(models.Model):
    _name = "dms.incentive.plan"
    _description = "Sales Incentive Plan"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_ids = fields.Many2many(
        "res.users", string="Sales Reps", domain="[('share', '=', False)]",
        help="Reps paid under this plan. Empty: every rep with a monthly value target for all products.")
    slab_ids = fields.One2many("dms.incentive.slab", "plan_id", string="Slabs", copy=True)

    @api.constrains("slab_ids")
    def _check_slabs(self):
        for plan in self:
            try:
                check_slabs(plan._engine_slabs())
            except ValueError as exc:
                raise ValidationError(self.env._(
                    "Incentive plan %(plan)s: %(error)s (Slabs).", plan=plan.name, error=exc)) from exc

    def _engine_slabs(self):
        self.ensure_one()
        return [Slab(slab.min_percent, slab.rate_percent, slab.fixed_bonus) for slab in self.slab_ids]

    @api.model
    def _cron_compute_last_month(self):
        """Draft payouts of last month for every active plan; approved and posted ones are kept."""
        month = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        for plan in self.search([("slab_ids", "!=", False)]):
            plan._compute_payouts(month)

    def _compute_payouts(self, month):
        """Create or update the draft payouts of `month` for the reps of this plan: one grouped
        achievement read for all their targets. Returns the payouts of the month."""
        self.ensure_one()
        month = month.replace(day=1)
        domain = [("target_type", "=", "rep"), ("month", "=", month), ("company_id", "=", self.company_id.id),
                  ("categ_id", "=", False), ("product_id", "=", False), ("target_value", ">", 0)]
        if self.user_ids:
            domain.append(("user_id", "in", self.user_ids.ids))
        targets = self.env["dms.target"].search(domain)
        achieved = targets._achievements()
        Payout = self.env["dms.incentive.payout"]
        existing = {p.user_id: p for p in Payout.search([
            ("company_id", "=", self.company_id.id), ("month", "=", month), ("user_id", "in", targets.user_id.ids)])}
        slabs = self._engine_slabs()
        to_create = []
        for target in targets:
            vals = Payout._payout_values(self, target, achieved.get(target.id, (0.0, 0.0))[0], slabs)
            payout = existing.get(target.user_id)
            if payout is None:
                to_create.append(vals)
            elif payout.state == "draft":
                payout._dms_set(vals)
        Payout._dms_create(to_create)
        return Payout.search([("company_id", "=", self.company_id.id), ("month", "=", month)])
