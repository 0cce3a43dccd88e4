from odoo import models


class DmsScheme(models.Model):
    _inherit = ["dms.scheme", "dms.api.tombstone.mixin"]
