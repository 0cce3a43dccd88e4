from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dms_scheme_id = fields.Many2one(
        "dms.scheme", string="Trade Scheme", readonly=True, copy=False, index="btree_not_null",
        ondelete="restrict", help="Trade scheme that gave this line its discount (primary orders to distributors).")
