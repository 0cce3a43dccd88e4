from odoo import api, fields, models


class DmsSecondaryOrder(models.Model):
    _inherit = "dms.secondary.order"

    location_id = fields.Many2one(
        "stock.location", string="Source Location", compute="_compute_location_id", store=True,
        readonly=False, precompute=True, check_company=True,
        domain="[('dms_distributor_id', '=', distributor_id), ('usage', '=', 'internal')]",
        help="Where the goods are taken from: the distributor's saleable stock, or a van loaded "
             "from it for van sales.",
    )
    picking_ids = fields.One2many(
        "stock.picking", "dms_secondary_order_id", string="Deliveries", readonly=True,
        help="Stock transfers from the distributor's stock to the outlet.",
    )

    @api.depends("distributor_id")
    def _compute_location_id(self):
        for order in self:
            if order.state == "draft" or not order.location_id:
                order.location_id = order.distributor_id.commercial_partner_id._dms_bucket_location("saleable")
