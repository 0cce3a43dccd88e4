from odoo import fields, models


class DmsOutletClass(models.Model):
    _name = "dms.outlet.class"
    _description = "Outlet Class"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, help="A, B, C... by turnover or potential.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()

    _sql_constraints = [
        ("name_uniq", "unique(name)", "An outlet class with this name already exists."),
    ]
