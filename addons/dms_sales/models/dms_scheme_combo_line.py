from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsSchemeComboLine(models.Model):
    _name = "dms.scheme.combo.line"
    _description = "Trade Scheme Combo Component"
    _order = "scheme_id, id"
    _check_company_auto = True

    scheme_id = fields.Many2one("dms.scheme", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="scheme_id.company_id", store=True, index=True)
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    min_qty = fields.Float(
        string="Minimum Quantity", required=True, default=1.0, digits="Product Unit of Measure",
        help="Units of this product the order must have for the combo to apply.")

    _sql_constraints = [
        ("product_scheme_uniq", "unique(scheme_id, product_id)", "A product appears only once in a combo."),
    ]

    @api.constrains("min_qty")
    def _check_min_qty(self):
        for line in self:
            if line.min_qty <= 0:
                raise ValidationError(self.env._(
                    "Scheme %(scheme)s: the Minimum Quantity of %(product)s must be positive.",
                    scheme=line.scheme_id.name, product=line.product_id.display_name))
