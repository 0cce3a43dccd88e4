from odoo import fields, models


class DmsClaimLine(models.Model):
    _inherit = "dms.claim.line"

    source = fields.Selection(
        selection_add=[("grn_shortage", "Receipt Shortage"), ("grn_damage", "Damaged on Receipt")],
        ondelete={"grn_shortage": "set default", "grn_damage": "set default"})
    dms_goods_receipt_id = fields.Many2one(
        "dms.goods.receipt", string="Goods Receipt", index="btree_not_null", readonly=True, ondelete="set null",
        help="Goods receipt whose shortage or damage this line claims.")
    dms_stock_return_id = fields.Many2one(
        "dms.stock.return", string="Outlet Return", index="btree_not_null", readonly=True, ondelete="set null",
        help="Outlet return whose damaged or expired goods this line claims.")
