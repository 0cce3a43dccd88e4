from odoo import models


class DmsScheme(models.Model):
    _name = "dms.scheme"
    _inherit = ["dms.scheme", "dms.api.synced.mixin"]
