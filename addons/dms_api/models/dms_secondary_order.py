from odoo import models


class DmsSecondaryOrder(models.Model):
    _name = "dms.secondary.order"
    _inherit = ["dms.secondary.order", "dms.api.pushed.mixin"]
