from odoo import api, fields, models, tools
from odoo.tools import SQL

DELIVERY_STATES = [("pending", "Pending"), ("delivered", "Delivered"), ("partial", "Partly Delivered"),
                   ("failed", "Not Delivered")]
# A stop delivered up to this long after its ETA still counts as on time.
ON_TIME_TOLERANCE_MINUTES = 15


class DmsReportDelivery(models.Model):
    """One row per delivery stop: an outgoing transfer planned on a trip (a batch of outgoing
    transfers), with its trip's vehicle, driver and load, and whether it was delivered on time,
    in full, both (OTIF) or not at all. The counters are integers so pivots sum them."""

    _name = "dms.report.delivery"
    _description = "Delivery Performance Analysis"
    _auto = False
    _rec_name = "picking_id"
    _order = "date desc, batch_id, stop_sequence, id"
    _depends = {
        "stock.picking": [
            "batch_id", "scheduled_date", "picking_type_id", "company_id", "location_id", "partner_id", "state",
            "dms_stop_sequence", "dms_eta", "dms_delivered_at", "dms_distance_prev_km", "dms_delivery_state",
        ],
        "stock.picking.batch": ["scheduled_date", "vehicle_id", "driver_id", "vehicle_category_id"],
        "stock.picking.type": ["code"],
        "stock.location": ["dms_distributor_id"],
        "res.partner": ["dms_territory_id"],
        "res.company": ["partner_id"],
        "stock.move": ["picking_id", "product_id", "product_qty", "state"],
        "product.template": ["weight"],
        "fleet.vehicle.model.category": ["weight_capacity"],
    }

    date = fields.Datetime(string="Trip Date", readonly=True,
                           help="Scheduled date of the trip (of the delivery when the trip has none).")
    batch_id = fields.Many2one("stock.picking.batch", string="Trip", readonly=True)
    picking_id = fields.Many2one("stock.picking", string="Delivery", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    vehicle_id = fields.Many2one("fleet.vehicle", readonly=True)
    driver_id = fields.Many2one("res.partner", string="Trip Driver", readonly=True)
    distributor_id = fields.Many2one(
        "res.partner", readonly=True,
        help="Distributor owning the location the delivery leaves from; the company for its own stock.")
    partner_id = fields.Many2one("res.partner", string="Outlet", readonly=True)
    territory_id = fields.Many2one("dms.territory", readonly=True, help="The outlet's territory.")
    stop_sequence = fields.Integer(string="Stop", readonly=True, aggregator=False)
    eta = fields.Datetime(string="Planned Arrival", readonly=True)
    delivered_at = fields.Datetime(string="Proof of Delivery at", readonly=True)
    delivery_state = fields.Selection(
        DELIVERY_STATES, string="Outcome", readonly=True,
        help="Pending until the driver records the proof of delivery.")
    distance_km = fields.Float(
        string="Km", digits=(16, 2), readonly=True, help="Road distance from the previous stop or the depot.")
    load_factor = fields.Float(
        string="Load Factor %", digits=(16, 1), readonly=True, aggregator="avg",
        help="Weight of the trip's goods over the vehicle category's payload, in percent (0 without a payload).")
    delay_minutes = fields.Float(
        string="Delay (min)", digits=(16, 0), readonly=True, aggregator="avg",
        help="Minutes between the planned arrival and the proof of delivery (negative when early).")
    is_on_time = fields.Boolean(
        string="On Time", readonly=True,
        help="Delivered (fully or partly) at most 15 minutes after the planned arrival.")
    is_in_full = fields.Boolean(
        string="In Full", readonly=True, help="Transfer done and the whole delivery accepted.")
    is_otif = fields.Boolean(string="OTIF", readonly=True, help="On time and in full.")
    is_failed = fields.Boolean(string="Failed", readonly=True, help="The driver recorded the stop as not delivered.")
    stops = fields.Integer(readonly=True, help="1 per stop: sums to the number of stops.")
    on_time_count = fields.Integer(string="On Time Stops", readonly=True)
    in_full_count = fields.Integer(string="In Full Stops", readonly=True)
    otif_count = fields.Integer(string="OTIF Stops", readonly=True)
    failed_count = fields.Integer(string="Failed Stops", readonly=True)

    @api.model
    def _query(self):
        return SQL("""
            WITH load AS (
                SELECT m.batch_id, SUM(m.product_qty * COALESCE(pt.weight, 0)) AS weight
                  FROM (SELECT sp.batch_id, sm.product_id, sm.product_qty
                          FROM stock_move sm
                          JOIN stock_picking sp ON sp.id = sm.picking_id
                         WHERE sp.batch_id IS NOT NULL AND sm.state != 'cancel') m
                  JOIN product_product pp ON pp.id = m.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 GROUP BY m.batch_id
            ), stop AS (
                SELECT p.id, COALESCE(b.scheduled_date, p.scheduled_date) AS date, p.batch_id, p.company_id,
                       b.vehicle_id, b.driver_id, COALESCE(loc.dms_distributor_id, rc.partner_id) AS distributor_id,
                       p.partner_id, rp.dms_territory_id AS territory_id,
                       p.dms_stop_sequence AS stop_sequence, p.dms_eta AS eta, p.dms_delivered_at AS delivered_at,
                       COALESCE(p.dms_delivery_state, 'pending') AS delivery_state,
                       COALESCE(p.dms_distance_prev_km, 0) AS distance_km,
                       COALESCE(100.0 * l.weight / NULLIF(cat.weight_capacity, 0), 0) AS load_factor,
                       EXTRACT(EPOCH FROM p.dms_delivered_at - p.dms_eta) / 60.0 AS delay_minutes,
                       COALESCE(p.dms_delivery_state IN ('delivered', 'partial')
                                AND p.dms_delivered_at <= p.dms_eta + make_interval(mins => %(tolerance)s),
                                FALSE) AS is_on_time,
                       COALESCE(p.state = 'done' AND p.dms_delivery_state = 'delivered', FALSE) AS is_in_full,
                       COALESCE(p.dms_delivery_state = 'failed', FALSE) AS is_failed
                  FROM stock_picking p
                  JOIN stock_picking_batch b ON b.id = p.batch_id
                  JOIN stock_picking_type spt ON spt.id = p.picking_type_id AND spt.code = 'outgoing'
                  JOIN stock_picking_type bt ON bt.id = b.picking_type_id AND bt.code = 'outgoing'
                  JOIN res_company rc ON rc.id = p.company_id
                  LEFT JOIN stock_location loc ON loc.id = p.location_id
                  LEFT JOIN res_partner rp ON rp.id = p.partner_id
                  LEFT JOIN fleet_vehicle_model_category cat ON cat.id = b.vehicle_category_id
                  LEFT JOIN load l ON l.batch_id = b.id
                 WHERE p.state != 'cancel' OR p.dms_delivery_state = 'failed'
            )
            SELECT s.*, s.id AS picking_id,
                   s.is_on_time AND s.is_in_full AS is_otif,
                   1 AS stops,
                   s.is_on_time::integer AS on_time_count,
                   s.is_in_full::integer AS in_full_count,
                   (s.is_on_time AND s.is_in_full)::integer AS otif_count,
                   s.is_failed::integer AS failed_count
              FROM stop s
        """, tolerance=ON_TIME_TOLERANCE_MINUTES)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
