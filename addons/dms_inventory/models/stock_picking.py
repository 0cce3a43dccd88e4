from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    dms_secondary_order_id = fields.Many2one(
        "dms.secondary.order", string="Secondary Order", index="btree_not_null", readonly=True, copy=False,
        help="The distributor's order to an outlet that this transfer delivers.",
    )
