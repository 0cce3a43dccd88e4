from odoo import models


class DmsMobileProvider(models.Model):
    _name = "dms.mobile.provider"
    _inherit = ["dms.mobile.provider", "dms.api.synced.mixin"]
