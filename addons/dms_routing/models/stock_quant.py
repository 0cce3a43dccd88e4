from odoo import fields, models


class StockQuant(models.Model):
    _inherit = "stock.quant"

    dms_bucket = fields.Selection(selection_add=[("van", "On a Van")], ondelete={"van": "set null"})

    def _compute_dms_bucket(self):
        super()._compute_dms_bucket()
        others = self.filtered(lambda q: q.dms_bucket == "other")
        if not others:
            return
        Vehicle = self.env["fleet.vehicle"].sudo().with_context(active_test=False)  # sudo: van locations, compared only
        vans = Vehicle.search([("dms_van_location_id", "in", others.location_id.ids)]).dms_van_location_id
        for quant in others.filtered(lambda q: q.location_id in vans):
            quant.dms_bucket = "van"
