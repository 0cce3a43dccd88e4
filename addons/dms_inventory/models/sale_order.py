from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dms_replenishment_id = fields.Many2one(
        "dms.replenishment", string="Replenishment Run", index="btree_not_null", readonly=True, copy=False,
        help="The replenishment run that suggested this primary order.")
