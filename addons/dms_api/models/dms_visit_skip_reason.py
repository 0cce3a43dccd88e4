from odoo import models


class DmsVisitSkipReason(models.Model):
    _name = "dms.visit.skip.reason"
    _inherit = ["dms.visit.skip.reason", "dms.api.synced.mixin"]
