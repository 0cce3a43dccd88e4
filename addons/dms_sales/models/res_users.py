from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    dms_territory_ids = fields.Many2many(
        "dms.territory", "dms_territory_user_rel", "user_id", "territory_id", string="Sales Territories",
        help="Territories this user works as a sales rep (and so every territory below them).",
    )
    dms_managed_territory_ids = fields.One2many(
        "dms.territory", "manager_id", string="Managed Territories",
        help="Territories this user supervises: they see the data of each of them and of everything below.",
    )
