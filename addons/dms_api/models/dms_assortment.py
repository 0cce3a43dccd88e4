from odoo import models


class DmsAssortment(models.Model):
    _name = "dms.assortment"
    _inherit = ["dms.assortment", "dms.api.synced.mixin"]
