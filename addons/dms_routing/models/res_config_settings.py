from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dms_collection_journal_id = fields.Many2one(
        related="company_id.dms_collection_journal_id", readonly=False,
        help="Journal of the payments recorded from field collections (cash and cheques).")
    dms_deposit_journal_id = fields.Many2one(
        related="company_id.dms_deposit_journal_id", readonly=False,
        help="Bank journal receiving the collectors' end-of-day cash deposits.")
    dms_cash_diff_income_account_id = fields.Many2one(
        related="company_id.dms_cash_diff_income_account_id", readonly=False,
        help="Account credited when a collector deposits more cash than expected.")
    dms_cash_diff_expense_account_id = fields.Many2one(
        related="company_id.dms_cash_diff_expense_account_id", readonly=False,
        help="Account debited when a collector deposits less cash than expected.")
