from odoo import fields, models


class DmsVisitSkipReason(models.Model):
    _name = "dms.visit.skip.reason"
    _description = "Visit Skip Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True,
                       help="Why a planned visit was skipped, or missed when the day closed.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the reason is offered in every company.")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "This skip reason already exists."),
    ]
