from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    dms_secondary_line_id = fields.Many2one(
        "dms.secondary.order.line", string="Secondary Order Line", readonly=True, copy=False,
        index="btree_not_null", help="The secondary order line this bill line bills.")
    dms_accrual_order_id = fields.Many2one(
        related="move_id.dms_accrual_order_id", store=True, index="btree_not_null", string="Accrued for Order",
        help="The delivered secondary order whose scheme benefit this journal item accrues.")
