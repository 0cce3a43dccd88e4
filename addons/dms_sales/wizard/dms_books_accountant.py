from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError


class DmsBooksAccountant(models.TransientModel):
    """Give a distributor that bills its outlets here an accountant: one of the distributor's own
    users with Odoo's Invoicing rights whose only company is the distributor's. Odoo's accounting
    rules are per company, so that user reads and posts the distributor's entries and nothing of
    the principal's books (see DESIGN.md, Primary sale as the distributor's vendor bill)."""

    _name = "dms.books.accountant"
    _description = "Distributor's Accountant"

    distributor_id = fields.Many2one("res.partner", required=True, readonly=True, ondelete="cascade")
    books_company_id = fields.Many2one(related="distributor_id.dms_books_company_id", string="Company")
    user_id = fields.Many2one(
        "res.users", string="Existing User", domain="[('share', '=', False)]",
        help="One of the distributor's users to make its accountant. Empty: a new user is created.")
    name = fields.Char(help="Name of the new user (the distributor's contact created with it).")
    login = fields.Char(help="Login of the new user (usually an e-mail address).")

    @api.model
    def _dms_check_rights(self):
        user = self.env.user
        if not self.env.su and not (
                user.has_group("dms_sales.group_dms_manager") and user.has_group("base.group_erp_manager")):
            raise AccessError(self.env._(
                "Only a Distribution Manager with the right to manage users can give a distributor an accountant."))

    def action_confirm(self):
        self.ensure_one()
        self._dms_check_rights()
        distributor = self.distributor_id
        books = distributor.dms_books_company_id
        if distributor.dms_books != "own" or not books:
            raise UserError(self.env._(
                "%s does not bill its outlets here (Set Up Books): it has no books for an accountant.",
                distributor.display_name))
        groups = [Command.link(self.env.ref(xmlid).id) for xmlid in (
            "base.group_user", "account.group_account_invoice", "dms_sales.group_dms_distributor")]
        if self.user_id:
            # sudo: the caller manages users (checked above); the user's contact and companies are
            # read to refuse anyone but the distributor's own user working in its company only
            user = self.user_id.sudo()
            if user.partner_id.commercial_partner_id != distributor:
                raise UserError(self.env._(
                    "%(user)s (Existing User) is not one of %(distributor)s's users: a distributor's accountant "
                    "is a contact of the distributor. The principal's accountants are given the distributor's "
                    "company in their Allowed Companies instead.", user=user.name, distributor=distributor.name))
            others = user.company_ids - books
            if others:
                raise UserError(self.env._(
                    "%(user)s (Existing User) has access to %(others)s: a distributor's accountant works in "
                    "%(books)s only, as Odoo's Invoicing rights show every entry of the allowed companies. "
                    "Remove those companies from the user first, or create a new user.",
                    user=user.name, others=", ".join(others.mapped("name")), books=books.name))
            user.write({"groups_id": groups})
        else:
            if not (self.name and self.login):
                raise UserError(self.env._("Give the new accountant of %s a Name and a Login.",
                                           distributor.display_name))
            # sudo: the caller manages users (checked above); the user is the distributor's contact,
            # in the distributor's company only
            user = self.env["res.users"].sudo().with_context(no_reset_password=True).create({
                "name": self.name, "login": self.login,
                "partner_id": self.env["res.partner"].sudo().create({
                    "name": self.name, "parent_id": distributor.id, "type": "contact"}).id,
                "company_id": books.id, "company_ids": [Command.set(books.ids)], "groups_id": groups,
            })
        return {
            "type": "ir.actions.act_window", "res_model": "res.users", "res_id": user.id, "view_mode": "form",
            "views": [(False, "form")], "target": "current",
        }
