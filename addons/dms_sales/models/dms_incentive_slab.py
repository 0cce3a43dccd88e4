from odoo import fields, models


class DmsIncentiveSlab(models.Model):
    _name = "dms.incentive.slab"
    _description = "Sales Incentive Slab"
    _order = "plan_id, min_percent, id"
    _check_company_auto = True

    plan_id = fields.Many2one("dms.incentive.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    min_percent = fields.Float(
        string="From Achievement (%)", required=True,
        help="The slab applies from this achievement of the value target (included) up to the next slab's.")
    rate_percent = fields.Float(
        string="Rate (%)", help="Percentage of the achieved value paid in this slab.")
    fixed_bonus = fields.Monetary(help="Amount paid on top of the rate in this slab.")
