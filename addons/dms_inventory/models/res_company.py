from odoo import fields, models

# code -> (field on res.company, name, sequence code)
DMS_PICKING_TYPES = {
    "outgoing": ("dms_delivery_type_id", "Distributor Deliveries", "DMS-OUT"),
    "incoming": ("dms_receipt_type_id", "Distributor Receipts", "DMS-IN"),
    "internal": ("dms_internal_type_id", "Distributor Transfers", "DMS-INT"),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_distributor_location_id = fields.Many2one(
        "stock.location", string="Distributors Location", readonly=True,
        help="View location grouping the stock locations of this company's distributors.",
    )
    dms_delivery_type_id = fields.Many2one(
        "stock.picking.type", string="Distributor Delivery Type", readonly=True,
        help="Operation type of deliveries from a distributor's stock to its outlets. Created on first use.")
    dms_receipt_type_id = fields.Many2one(
        "stock.picking.type", string="Distributor Receipt Type", readonly=True,
        help="Operation type of goods entering a distributor's stock (primary receipts, outlet returns).")
    dms_internal_type_id = fields.Many2one(
        "stock.picking.type", string="Distributor Transfer Type", readonly=True,
        help="Operation type of moves between a distributor's stock buckets.")

    # replenishment and alert defaults; each distributor may override the first three
    dms_replenish_window_days = fields.Integer(
        string="Sales Window (days)", default=56,
        help="Days of delivered secondary sales the replenishment forecast learns from (8 weeks by default).")
    dms_replenish_cover_days = fields.Float(
        string="Target Days of Cover", default=14.0,
        help="Days of forecast sales a primary order should cover once it arrives.")
    dms_replenish_lead_time_days = fields.Float(
        string="Replenishment Lead Time (days)", default=3.0,
        help="Days from primary order to goods received at the distributor.")
    dms_replenish_safety_days = fields.Float(
        string="Safety Stock (days)", default=3.0,
        help="Extra stock kept, in days of forecast sales.")
    dms_replenish_alpha = fields.Float(
        string="Smoothing Factor", default=0.3,
        help="Exponential smoothing factor of the sales forecast, between 0 (slow) and 1 (last day only).")
    dms_replenish_seasonal = fields.Boolean(
        string="Weekly Seasonality", default=True,
        help="Forecast with a weekday pattern learnt from the window (needs two full weeks of sales).")
    dms_near_expiry_days = fields.Integer(
        string="Near Expiry (days)", default=30,
        help="Distributor lots expiring within this many days are flagged and raise alerts.")

    def _dms_get_distributor_view_location(self):
        """The company's 'Distributors' view location, created on first use."""
        self.ensure_one()
        if not self.dms_distributor_location_id:
            # sudo: creating a technical view location for the company; callers are already
            # allowed to create the distributor whose location needs it.
            location = self.env["stock.location"].sudo().create({
                "name": self.env._("Distributors"),
                "usage": "view",
                "location_id": self.env.ref("stock.stock_location_locations").id,
                "company_id": self.id,
            })
            self.sudo().dms_distributor_location_id = location  # sudo: same technical record, as above
        return self.dms_distributor_location_id

    def _dms_picking_type(self, code):
        """The company's operation type for distributor stock moves of `code` (outgoing, incoming,
        internal), created on first use."""
        self.ensure_one()
        field, name, sequence_code = DMS_PICKING_TYPES[code]
        # sudo: operation types are technical records; distributor staff validating their own
        # deliveries or receipts need one without stock administration rights.
        company = self.sudo()
        if not company[field]:
            view = self._dms_get_distributor_view_location().id
            customers = self.env.ref("stock.stock_location_customers").id
            company[field] = self.env["stock.picking.type"].sudo().create({  # sudo: as above
                "name": name,
                "code": code,
                "sequence_code": sequence_code,
                "company_id": self.id,
                "warehouse_id": False,
                "default_location_src_id": customers if code == "incoming" else view,
                "default_location_dest_id": customers if code == "outgoing" else view,
                # outgoing: the driver's proof of delivery (or the stock user) decides whether the
                # rest of a partial delivery is backordered; "always" would make Odoo ignore "no backorder"
                "create_backorder": "ask" if code == "outgoing" else "never",
                "use_existing_lots": True,
                "use_create_lots": code == "incoming",
            })
        return company[field].with_env(self.env)
