from odoo import fields, models

from .stock_location import BUCKETS


class DmsReturnReason(models.Model):
    _name = "dms.return.reason"
    _description = "Outlet Return Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code printed on return slips and used in imports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    bucket = fields.Selection(
        [b for b in BUCKETS if b[0] != "transit"], string="Target Bucket", required=True, default="saleable",
        help="Stock bucket of the distributor that returned goods of this reason go to.")
    claimable = fields.Boolean(
        help="Returns for this reason can be claimed from the principal (damaged or expired goods).")
    claim_source = fields.Selection(
        [("return_damage", "Damaged Return"), ("return_expiry", "Expired Return")], string="Claim As",
        default="return_damage", help="Kind of claim line a claimable return becomes.")

    _sql_constraints = [("code_uniq", "unique(code)", "A return reason code must be unique.")]
