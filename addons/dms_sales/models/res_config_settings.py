from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dms_scheme_budget_mode = fields.Selection(related="company_id.dms_scheme_budget_mode", readonly=False)
    dms_scheme_accrual_account_id = fields.Many2one(
        related="company_id.dms_scheme_accrual_account_id", readonly=False)
    dms_scheme_accrual_journal_id = fields.Many2one(
        related="company_id.dms_scheme_accrual_journal_id", readonly=False)
    dms_incentive_expense_account_id = fields.Many2one(
        related="company_id.dms_incentive_expense_account_id", readonly=False)
    dms_incentive_payable_account_id = fields.Many2one(
        related="company_id.dms_incentive_payable_account_id", readonly=False)
    dms_incentive_journal_id = fields.Many2one(related="company_id.dms_incentive_journal_id", readonly=False)
