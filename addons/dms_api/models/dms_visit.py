from odoo import models


class DmsVisit(models.Model):
    _name = "dms.visit"
    _inherit = ["dms.visit", "dms.api.pushed.mixin"]
