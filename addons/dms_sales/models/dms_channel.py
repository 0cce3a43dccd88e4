from odoo import fields, models


class DmsChannel(models.Model):
    _name = "dms.channel"
    _description = "Trade Channel"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, help="General trade, modern trade, HoReCa, pharmacy...")
    code = fields.Char(help="Short code used in imports and reports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The channel code must be unique."),
    ]
