from odoo import models


class DmsReturnReason(models.Model):
    _name = "dms.return.reason"
    _inherit = ["dms.return.reason", "dms.api.synced.mixin"]
