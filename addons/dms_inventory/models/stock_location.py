from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    dms_distributor_id = fields.Many2one(
        "res.partner", string="Distributor", index="btree_not_null", ondelete="restrict",
        help="Distributor who owns the stock kept in this location.",
    )
