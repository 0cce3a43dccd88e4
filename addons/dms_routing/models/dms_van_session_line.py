from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsVanSessionLine(models.Model):
    _name = "dms.van.session.line"
    _description = "Van Session Load/Unload Line"
    _order = "session_id, line_type, id"
    _check_company_auto = True

    session_id = fields.Many2one("dms.van.session", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="session_id.company_id", store=True, index=True)
    line_type = fields.Selection(
        [("load", "Load"), ("unload", "Unload")], required=True, default="load",
        help="Load: goods taken from the distributor's saleable stock onto the van. Unload: goods "
             "counted back at the end of the day.")
    product_id = fields.Many2one(
        "product.product", required=True, check_company=True, domain="[('is_storable', '=', True)]")
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(
        required=True, digits="Product Unit of Measure", default=1.0,
        help="Quantity in the product's unit. For an unload line: the quantity counted on the van.")
    bucket = fields.Selection(
        [("saleable", "Saleable"), ("damaged", "Damaged")], string="Unload To", default="saleable",
        help="Where unloaded goods go: back to saleable stock, or to the damaged bucket (returns).")
    reason = fields.Char(help="Why goods go to the damaged bucket (required then).")

    @api.constrains("quantity", "bucket", "reason", "line_type")
    def _check_quantity(self):
        for line in self:
            if line.quantity < 0:
                raise ValidationError(self.env._(
                    "Session %(session)s: the quantity of %(product)s cannot be negative.",
                    session=line.session_id.name, product=line.product_id.display_name))
            if line.line_type == "unload" and line.bucket == "damaged" and not line.reason:
                raise ValidationError(self.env._(
                    "Session %(session)s: give a reason for unloading %(product)s as damaged.",
                    session=line.session_id.name, product=line.product_id.display_name))
