from odoo import models


class StockQuant(models.Model):
    _inherit = ["stock.quant", "dms.api.tombstone.mixin"]
