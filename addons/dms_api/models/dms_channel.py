from odoo import models


class DmsChannel(models.Model):
    _name = "dms.channel"
    _inherit = ["dms.channel", "dms.api.synced.mixin"]
