from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dms_secondary_order_id = fields.Many2one(
        "dms.secondary.order", string="Secondary Order", readonly=True, copy=False, index="btree_not_null",
        help="The secondary order this bill or credit note is for: an outlet's bill in its distributor's books.")
    dms_distributor_id = fields.Many2one(
        related="dms_secondary_order_id.distributor_id", string="Distributor")
    dms_accrual_order_id = fields.Many2one(
        "dms.secondary.order", string="Accrued for Order", readonly=True, copy=False, index="btree_not_null",
        help="The delivered secondary order whose scheme benefit this entry accrues (or reverses, on returns).")
    dms_is_mushak = fields.Boolean(
        compute="_compute_dms_is_mushak",
        help="A Bangladeshi seller: the bill is printed as a Mushak 6.3 tax challan.")

    @api.depends("company_id.country_id")
    def _compute_dms_is_mushak(self):
        for move in self:
            move.dms_is_mushak = move.company_id.country_id.code == "BD"
