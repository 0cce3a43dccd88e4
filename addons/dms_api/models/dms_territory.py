from odoo import models


class DmsTerritory(models.Model):
    _name = "dms.territory"
    _inherit = ["dms.territory", "dms.api.synced.mixin"]
