from odoo import api, fields, models
from odoo.exceptions import ValidationError


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

    @api.constrains("groups_id", "company_ids", "partner_id")
    def _check_dms_distributor_accountant(self):
        """A distributor's own user with Invoicing rights works in the distributor's company only:
        Odoo's Invoicing group reads and posts every entry of the user's allowed companies (its
        account rules are per company), so one also allowed the principal's company, or another,
        would read those books."""
        # sudo: the user's groups, contact and companies, read to check them whoever edits the user
        for user in self.sudo().filtered(lambda u: not u.share and u.has_group("account.group_account_invoice")):
            distributor = user.partner_id.commercial_partner_id
            if distributor.dms_role not in ("distributor", "wholesaler"):
                continue
            others = user.company_ids - distributor.dms_books_company_id
            if others:
                raise ValidationError(self.env._(
                    "%(user)s works for %(distributor)s and has Invoicing rights: their Allowed Companies must be "
                    "the distributor's own company only (%(books)s), else they read the books of %(others)s. "
                    "Remove those companies, or the Invoicing rights.",
                    user=user.name, distributor=distributor.name,
                    books=distributor.dms_books_company_id.name or self.env._("none: set up its books first"),
                    others=", ".join(others.mapped("name"))))
