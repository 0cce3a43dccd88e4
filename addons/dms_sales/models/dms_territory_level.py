from odoo import fields, models


class DmsTerritoryLevel(models.Model):
    _name = "dms.territory.level"
    _description = "Territory Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, help="Region, Area, Territory, Beat area...")
    sequence = fields.Integer(default=10, help="Lower levels of the hierarchy come later.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A territory level with this name already exists."),
    ]
