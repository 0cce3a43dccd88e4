from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..guard import in_system_write


class DmsClaimLine(models.Model):
    _name = "dms.claim.line"
    _description = "Distributor Scheme Claim Line"
    _order = "claim_id, scheme_id, id"
    _check_company_auto = True

    claim_id = fields.Many2one("dms.claim", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="claim_id.currency_id", store=True)
    state = fields.Selection(related="claim_id.state", store=True, string="Claim Status")
    distributor_id = fields.Many2one(related="claim_id.distributor_id", store=True, index=True)
    source = fields.Selection(
        [("scheme", "Scheme Benefit"), ("return_damage", "Damaged Return"),
         ("return_expiry", "Expired Return"), ("adjustment", "Adjustment")],
        required=True, default="adjustment",
        help="Scheme Benefit lines come from Compute; returns and adjustments are added by hand or by "
             "the inventory module.")
    scheme_id = fields.Many2one("dms.scheme", index=True, ondelete="restrict", check_company=True)
    order_line_id = fields.Many2one(
        "dms.secondary.order.line", index="btree_not_null", ondelete="restrict",
        check_company=True, help="Secondary order line whose scheme benefit is claimed.")
    order_id = fields.Many2one(related="order_line_id.order_id", string="Order")
    product_id = fields.Many2one(related="order_line_id.product_id")
    date_order = fields.Datetime(related="order_line_id.date_order")
    name = fields.Char(string="Description")
    amount = fields.Monetary(
        required=True, aggregator="sum",
        help="Benefit claimed, untaxed. Negative when returned goods reverse a benefit claimed before.")
    accrual_cleared = fields.Monetary(
        readonly=True, copy=False,
        help="Part of the amount the claim's credit note booked on the accrued scheme liability (the rest on "
             "the scheme's account), set at approval.")

    @api.constrains("source", "scheme_id", "order_line_id", "claim_id")
    def _check_source(self):
        for line in self:
            if line.source == "scheme" and not (line.scheme_id and line.order_line_id):
                raise ValidationError(self.env._(
                    "Claim %(claim)s: a scheme benefit line needs a Scheme and an Order Line.",
                    claim=line.claim_id.name))
            # sudo: a claim covers the whole distributor, beyond the territories of its supervisor
            order_line = line.sudo().order_line_id
            if order_line and order_line.distributor_id != line.claim_id.distributor_id:
                raise ValidationError(self.env._(
                    "Claim %(claim)s: order %(order)s (Order Line) belongs to %(other)s, not to %(distributor)s.",
                    claim=line.claim_id.name, order=order_line.order_id.name,
                    other=order_line.distributor_id.display_name,
                    distributor=line.claim_id.distributor_id.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        claims = self.env["dms.claim"].browse({vals["claim_id"] for vals in vals_list if vals.get("claim_id")})
        self._check_claim_draft(claims)
        return super().create(vals_list)

    def write(self, vals):
        self._check_claim_draft(self.claim_id)
        if "claim_id" in vals:
            self._check_claim_draft(self.env["dms.claim"].browse(vals["claim_id"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_claim_not_draft(self):
        self._check_claim_draft(self.claim_id)

    def _check_claim_draft(self, claims):
        locked = claims.filtered(lambda c: c.state != "draft")
        if locked and not in_system_write():  # the approval records what it cleared
            raise UserError(self.env._(
                "Claim %(claim)s is not a draft: its lines are locked.", claim=", ".join(locked.mapped("name"))))
