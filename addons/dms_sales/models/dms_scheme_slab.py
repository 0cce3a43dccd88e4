from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsSchemeSlab(models.Model):
    _name = "dms.scheme.slab"
    _description = "Trade Scheme Slab"
    _order = "scheme_id, threshold, id"

    scheme_id = fields.Many2one("dms.scheme", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="scheme_id.company_id", store=True, index=True)
    threshold = fields.Float(
        string="From", required=True, digits="Product Unit of Measure",
        help="Quantity (in the scheme's units or cases) or untaxed amount the order must reach.")
    discount_type = fields.Selection(
        [("percent", "Percent"), ("fixed", "Fixed Amount")], required=True,
        default="percent",
        help="Percent of each line, or a fixed amount shared over the lines in proportion to their amount.")
    discount_value = fields.Float(string="Discount", required=True, digits="Discount")

    @api.constrains("threshold", "discount_type", "discount_value")
    def _check_values(self):
        for slab in self:
            if slab.threshold <= 0:
                raise ValidationError(self.env._(
                    "Scheme %(scheme)s: slab thresholds must be positive (From).", scheme=slab.scheme_id.name))
            if slab.discount_value <= 0 or (slab.discount_type == "percent" and slab.discount_value > 100):
                raise ValidationError(self.env._(
                    "Scheme %(scheme)s: the slab from %(threshold)s needs a Discount above 0 "
                    "(and at most 100 for a percent).", scheme=slab.scheme_id.name, threshold=slab.threshold))

    @api.constrains("threshold", "scheme_id")
    def _check_increasing(self):
        for scheme in self.scheme_id:
            thresholds = scheme.slab_ids.mapped("threshold")
            if len(set(thresholds)) != len(thresholds):
                raise ValidationError(self.env._(
                    "Scheme %(scheme)s: slab thresholds must increase; two slabs start at the same value (From).",
                    scheme=scheme.name))
