from odoo import models


class DmsBeat(models.Model):
    _name = "dms.beat"
    _inherit = ["dms.beat", "dms.api.synced.mixin"]
