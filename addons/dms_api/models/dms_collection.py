from odoo import models


class DmsCollection(models.Model):
    _name = "dms.collection"
    _inherit = ["dms.collection", "dms.api.synced.mixin"]
