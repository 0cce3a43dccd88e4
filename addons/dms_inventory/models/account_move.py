from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dms_stock_return_id = fields.Many2one(
        "dms.stock.return", string="Outlet Return", readonly=True, copy=False, index="btree_not_null",
        help="The outlet return this credit note is for.")
