from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dms_replenish_window_days = fields.Integer(
        related="company_id.dms_replenish_window_days", readonly=False)
    dms_replenish_cover_days = fields.Float(
        related="company_id.dms_replenish_cover_days", readonly=False)
    dms_replenish_lead_time_days = fields.Float(
        related="company_id.dms_replenish_lead_time_days", readonly=False)
    dms_replenish_safety_days = fields.Float(
        related="company_id.dms_replenish_safety_days", readonly=False)
    dms_replenish_alpha = fields.Float(
        related="company_id.dms_replenish_alpha", readonly=False)
    dms_replenish_seasonal = fields.Boolean(
        related="company_id.dms_replenish_seasonal", readonly=False)
    dms_near_expiry_days = fields.Integer(
        related="company_id.dms_near_expiry_days", readonly=False)
