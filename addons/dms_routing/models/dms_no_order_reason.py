from odoo import fields, models


class DmsNoOrderReason(models.Model):
    _name = "dms.no.order.reason"
    _description = "No-Order Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, help="Why the outlet ordered nothing on a visit.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the reason is offered in every company.")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "This no-order reason already exists."),
    ]
