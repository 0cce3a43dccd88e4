from odoo import models


class ProductPricelistItem(models.Model):
    _inherit = ["product.pricelist.item", "dms.api.tombstone.mixin"]
