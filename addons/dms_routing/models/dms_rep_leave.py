from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsRepLeave(models.Model):
    _name = "dms.rep.leave"
    _description = "Sales Rep Leave"
    _order = "date_from desc, id desc"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users", string="Sales Rep", required=True, index=True, domain="[('share', '=', False)]",
        help="The journey plan gives this rep no visits on these days.")
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    name = fields.Char(string="Reason")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for leave in self:
            if leave.date_to < leave.date_from:
                raise ValidationError(self.env._(
                    "Leave of %(rep)s: To (%(to)s) is before From (%(from_)s).",
                    rep=leave.user_id.name, to=leave.date_to, from_=leave.date_from))

    @api.depends("user_id", "date_from", "date_to")
    def _compute_display_name(self):
        for leave in self:
            leave.display_name = f"{leave.user_id.name}: {leave.date_from} - {leave.date_to}"
