from odoo import models


class DmsOutletClass(models.Model):
    _name = "dms.outlet.class"
    _inherit = ["dms.outlet.class", "dms.api.synced.mixin"]
