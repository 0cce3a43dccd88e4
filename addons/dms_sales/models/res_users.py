from odoo import api, fields, models


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
    dms_team = fields.Char(
        string="Team", compute="_compute_dms_team", store=True,
        help="The territories a rep works (a supervisor: those they manage), to group the sales team by; "
             "Unassigned when there are none.")

    @api.depends("dms_territory_ids.complete_name", "dms_managed_territory_ids.complete_name")
    def _compute_dms_team(self):
        for user in self:
            territories = user.dms_territory_ids or user.dms_managed_territory_ids
            user.dms_team = ", ".join(sorted(territories.mapped("complete_name"))) or self.env._("Unassigned")
