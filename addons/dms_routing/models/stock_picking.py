from odoo import api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    dms_van_session_id = fields.Many2one(
        "dms.van.session", string="Van Session", index="btree_not_null", readonly=True, copy=False,
        help="Van sales day this transfer loads, unloads or writes off.",
    )
    dms_van_role = fields.Selection(
        [("load", "Load"), ("unload", "Unload"), ("writeoff", "Variance write-off")], string="Van Transfer",
        readonly=True, copy=False, help="What this transfer does for its van session.",
    )
    dms_collection_ids = fields.One2many(
        "dms.collection", "picking_id", string="Collections", readonly=True,
        help="Cash and cheques collected at this delivery stop.",
    )
    dms_stop_sequence = fields.Integer(
        string="Stop", copy=False,
        help="Position of this delivery in its trip (1 = first stop). Set by the optimiser, or by the "
             "dispatcher together with Lock Position.")
    dms_lock_position = fields.Boolean(
        string="Lock Position", copy=False,
        help="Re-optimising keeps this delivery at its stop number on its current vehicle.")
    dms_lock_vehicle = fields.Boolean(
        string="Lock Vehicle", copy=False,
        help="Re-optimising keeps this delivery on its current trip's vehicle (its position may change).")
    dms_eta = fields.Datetime(string="ETA", copy=False, help="Planned arrival at this stop.")
    dms_distance_prev_km = fields.Float(
        string="Km from Previous", copy=False, digits=(16, 2),
        help="Road distance from the previous stop (or the depot) in km.")
    dms_depot_id = fields.Many2one(
        "res.partner", string="Depot", compute="_compute_dms_depot_id",
        help="Where the delivery leaves from: the distributor owning the source location, else the warehouse.")
    dms_weight = fields.Float(
        string="Weight (kg)", compute="_compute_dms_load", digits="Stock Weight",
        help="Weight of the products to deliver (product weight times quantity).")
    dms_volume = fields.Float(
        string="Volume (m³)", compute="_compute_dms_load", digits="Volume",
        help="Volume of the products to deliver (product volume times quantity).")
    dms_delivery_state = fields.Selection(
        [("delivered", "Delivered"), ("partial", "Partly Delivered"), ("failed", "Not Delivered")],
        string="Delivery Outcome", copy=False, readonly=True,
        help="Outcome recorded by the driver's proof of delivery.")
    dms_delivered_at = fields.Datetime(string="Delivered at", copy=False, readonly=True,
                                       help="When the driver recorded the proof of delivery.")
    dms_delivered_by_id = fields.Many2one("res.users", string="Delivered by", copy=False, readonly=True,
                                          help="User who recorded the proof of delivery.")
    dms_pod_signature = fields.Image(string="Customer Signature", copy=False, attachment=True,
                                     max_width=1024, max_height=1024,
                                     help="Signature of the person receiving the goods.")
    dms_pod_photo = fields.Image(string="Delivery Photo", copy=False, attachment=True,
                                 max_width=1920, max_height=1920, help="Photo taken at delivery.")
    dms_failure_reason_id = fields.Many2one(
        "dms.delivery.failure.reason", string="Failure Reason", copy=False, readonly=True,
        help="Why the delivery failed or was partial.")
    dms_pod_note = fields.Text(string="Delivery Note", copy=False, readonly=True,
                               help="Driver's remarks at delivery.")
    dms_amount_to_collect = fields.Monetary(
        string="Amount to Collect", compute="_compute_dms_amount_to_collect", currency_field="dms_currency_id",
        help="Value of the goods on this delivery, from its secondary or sale order lines.")
    dms_currency_id = fields.Many2one(related="company_id.currency_id", string="Trip Currency")

    @api.depends("location_id.dms_distributor_id", "location_id.warehouse_id.partner_id", "company_id")
    def _compute_dms_depot_id(self):
        for picking in self:
            picking.dms_depot_id = picking._dms_depot_partner() if picking.location_id else False

    @api.depends("move_ids.state", "move_ids.product_qty", "move_ids.product_id.weight", "move_ids.product_id.volume")
    def _compute_dms_load(self):
        # as the trip optimiser weighs a stop (StockPickingBatch._dms_vrp_problem)
        for picking in self:
            moves = picking.move_ids.filtered(lambda m: m.state != "cancel")
            picking.dms_weight = sum(m.product_id.weight * m.product_qty for m in moves)
            picking.dms_volume = sum(m.product_id.volume * m.product_qty for m in moves)

    @api.depends("move_ids.product_uom_qty", "move_ids.sale_line_id", "dms_secondary_order_id")
    def _compute_dms_amount_to_collect(self):
        for picking in self:
            total = 0.0
            order = picking.dms_secondary_order_id
            for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
                if move.sale_line_id and move.sale_line_id.product_uom_qty:
                    line = move.sale_line_id
                    total += line.price_total / line.product_uom_qty * move.product_uom_qty
                elif order:
                    lines = order.line_ids.filtered(lambda ln, p=move.product_id: ln.product_id == p)
                    qty = sum(lines.mapped("product_uom_qty"))
                    if qty:
                        total += sum(lines.mapped("price_total")) / qty * move.product_qty
            picking.dms_amount_to_collect = total

    def _dms_depot_partner(self):
        """Where the delivery leaves from: the distributor owning the source location, else the
        source warehouse's address, else the company's."""
        self.ensure_one()
        location = self.location_id
        if location.dms_distributor_id:
            return location.dms_distributor_id
        return location.warehouse_id.partner_id or self.company_id.partner_id

    def button_validate(self):
        # stock_picking_batch takes a delivery validated alone out of its batch while other stops
        # are open: a trip keeps its stops (its driver's access, its report, its load sheet)
        trips = self._dms_trips()
        res = super().button_validate()
        self.filtered(lambda p: p.state == "done")._dms_keep_on_trip(trips)
        return res

    def assign_batch_user(self, user_id):
        """Core's, with its notes logged in one batch: core posts one message per transfer (about
        eight queries each), and planning a trip moves hundreds of stops at once. The transfers
        get the same note as an internal log, with no notification, as core's has no subtype."""
        pickings = self.filtered(lambda p: p.user_id.id != user_id)
        if not pickings:
            return
        pickings.write({"user_id": user_id})
        bodies = {}
        for pick in pickings:
            if user_id:
                bodies[pick.id] = self.env._("Assigned to %s Responsible", pick.batch_id._get_html_link())
            else:
                bodies[pick.id] = self.env._("Unassigned responsible from %s", pick.batch_id._get_html_link())
        pickings._message_log_batch(bodies)

    def _dms_trips(self):
        """{stop: (trip, trip state)} for these transfers that are stops of a delivery trip (a batch
        of outgoing transfers), taken before core validates or cancels them."""
        return {picking: (picking.batch_id, picking.batch_id.state) for picking in self
                if picking.batch_id and not picking.batch_id.is_wave
                and picking.batch_id.picking_type_id.code == "outgoing"}

    def _dms_keep_on_trip(self, trips):
        """Put these stops back on the trip `trips` ({stop: (trip, state)}) had them on, and give the
        trip the state its stops make: done once every stop is done or failed, else as it was."""
        kept = self.env["stock.picking.batch"]
        for picking in self.filtered(lambda p: p in trips):
            trip, __ = trips[picking]
            if picking.batch_id != trip:
                # the trip's allowed transfers include its done and cancelled stops, see
                # stock.picking.batch._compute_allowed_picking_ids
                trip.invalidate_recordset(["allowed_picking_ids"])
                picking.batch_id = trip
            kept |= trip
        states = dict(trips.values())
        for trip in kept:
            stops = trip.picking_ids
            if all(p.state == "cancel" for p in stops):
                state = "cancel"
            elif all(p.state in ("done", "cancel") for p in stops):
                state = "done"
            else:
                state = states[trip]
            if trip.state != state:
                trip.state = state

    def action_dms_proof_of_delivery(self):
        self.ensure_one()
        if self.state in ("done", "cancel"):
            raise UserError(self.env._("%(picking)s is already %(state)s: its proof of delivery is recorded.",
                                       picking=self.name, state=self.state))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Proof of Delivery"),
            "res_model": "dms.delivery.proof",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": self.id},
        }
