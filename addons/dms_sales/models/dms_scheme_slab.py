from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsSchemeSlab(models.Model):
    _name = "dms.scheme.slab"
    _description = "Trade Scheme Slab"
    _order = "scheme_id, threshold, id"
    _check_company_auto = True

    scheme_id = fields.Many2one("dms.scheme", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="scheme_id.company_id", store=True, index=True)
    threshold = fields.Float(
        string="From", required=True, digits="Product Unit of Measure",
        help="Quantity (in the scheme's units or cases) or untaxed amount the order must reach.")
    discount_type = fields.Selection(
        [("percent", "Percent"), ("fixed", "Fixed Amount")], required=True,
        default="percent",
        help="Percent of each line, or a fixed amount shared over the lines in proportion to their amount.")
    discount_value = fields.Float(
        string="Discount", digits="Discount",
        help="Slab schemes: the percent or amount this slab gives. Unused by free goods tiers.")
    get_product_id = fields.Many2one(
        "product.product", string="Free Product", check_company=True,
        help="Tiered free goods: the product this tier gives. Two rows of one threshold give two products.")
    get_qty = fields.Float(
        string="Get", digits="Product Unit of Measure",
        help="Tiered free goods: units of the Free Product given once the order reaches this tier.")

    @api.constrains("threshold", "discount_type", "discount_value", "get_product_id", "get_qty")
    def _check_values(self):
        for slab in self:
            if slab.threshold <= 0:
                raise ValidationError(self.env._(
                    "Scheme %(scheme)s: slab thresholds must be positive (From).", scheme=slab.scheme_id.name))
            if slab.scheme_id.rule_type == "free_goods" and slab.scheme_id.is_tiered:
                if not slab.get_product_id or slab.get_qty <= 0:
                    raise ValidationError(self.env._(
                        "Scheme %(scheme)s: the tier from %(threshold)s needs a Free Product and a positive "
                        "Get quantity.", scheme=slab.scheme_id.name, threshold=slab.threshold))
            elif slab.discount_value <= 0 or (slab.discount_type == "percent" and slab.discount_value > 100):
                raise ValidationError(self.env._(
                    "Scheme %(scheme)s: the slab from %(threshold)s needs a Discount above 0 "
                    "(and at most 100 for a percent).", scheme=slab.scheme_id.name, threshold=slab.threshold))

    @api.constrains("threshold", "scheme_id", "get_product_id")
    def _check_increasing(self):
        for scheme in self.scheme_id:
            if scheme.rule_type == "free_goods" and scheme.is_tiered:
                keys = [(slab.threshold, slab.get_product_id.id) for slab in scheme.slab_ids]
            else:
                keys = scheme.slab_ids.mapped("threshold")
            if len(set(keys)) != len(keys):
                raise ValidationError(self.env._(
                    "Scheme %(scheme)s: slab thresholds must increase; two slabs start at the same value (From)"
                    "; a tier of free goods names each product once.", scheme=scheme.name))
