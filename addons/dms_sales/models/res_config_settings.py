from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dms_scheme_budget_mode = fields.Selection(related="company_id.dms_scheme_budget_mode", readonly=False)
