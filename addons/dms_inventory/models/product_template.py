from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dms_moq = fields.Float(
        string="Minimum Order Quantity", digits="Product Unit of Measure",
        help="Smallest primary order quantity for a distributor, in the product's unit. "
             "Replenishment suggestions below it are raised to it (in whole cases).")
