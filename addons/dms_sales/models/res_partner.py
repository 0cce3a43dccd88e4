from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dms_role = fields.Selection(
        [("distributor", "Distributor"), ("wholesaler", "Wholesaler"), ("outlet", "Outlet")],
        string="Distribution Role", index=True, tracking=True,
        help="Place of this partner in the distribution network.",
    )
    dms_territory_id = fields.Many2one(
        "dms.territory", string="Territory", index=True, tracking=True, check_company=True,
        help="Territory the outlet belongs to.",
    )
