from odoo import models


class ProductProduct(models.Model):
    _inherit = ["product.product", "dms.api.tombstone.mixin"]
