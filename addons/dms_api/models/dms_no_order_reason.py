from odoo import models


class DmsNoOrderReason(models.Model):
    _name = "dms.no.order.reason"
    _inherit = ["dms.no.order.reason", "dms.api.synced.mixin"]
