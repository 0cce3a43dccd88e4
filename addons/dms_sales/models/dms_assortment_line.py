from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsAssortmentLine(models.Model):
    _name = "dms.assortment.line"
    _description = "Assortment List Product"
    _order = "assortment_id, sequence, id"
    _check_company_auto = True

    assortment_id = fields.Many2one("dms.assortment", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="assortment_id.company_id", store=True, index=True)
    list_type = fields.Selection(related="assortment_id.list_type", store=True)
    product_id = fields.Many2one(
        "product.product", required=True, index=True, check_company=True, domain="[('sale_ok', '=', True)]")
    min_qty = fields.Float(
        string="Minimum Quantity", digits="Product Unit of Measure",
        help="Units the suggested order gives at least. 0: one case (the product's sales packaging), "
             "else one unit.")

    _sql_constraints = [
        ("product_uniq", "unique(assortment_id, product_id)", "A product is listed once per assortment list."),
    ]

    @api.constrains("min_qty")
    def _check_min_qty(self):
        for line in self:
            if line.min_qty < 0:
                raise ValidationError(self.env._(
                    "Assortment %(name)s, %(product)s: the Minimum Quantity cannot be negative.",
                    name=line.assortment_id.name, product=line.product_id.display_name))
