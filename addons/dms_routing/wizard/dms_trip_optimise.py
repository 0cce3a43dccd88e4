from collections import Counter
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

READY_STATES = ("assigned",)


class DmsTripOptimise(models.TransientModel):
    _name = "dms.trip.optimise"
    _description = "Plan Delivery Trips"

    date = fields.Date(required=True, default=fields.Date.context_today, help="Day of the trips.")
    picking_ids = fields.Many2many(
        "stock.picking", string="Deliveries", required=True,
        domain="[('picking_type_code', '=', 'outgoing'), ('state', 'in', ('confirmed', 'waiting', 'assigned'))]",
        help="Deliveries to spread over the vehicles. Opened from the menu, the deliveries ready for the day "
             "of your company (and your distributor) are proposed.")
    vehicle_ids = fields.Many2many("fleet.vehicle", string="Vehicles", required=True,
                                   help="Available vehicles: one trip each (an open trip of the day is reused).")
    state = fields.Selection([("draft", "Choose"), ("done", "Planned")], default="draft", required=True)
    # summary, written once the trips are planned
    trip_ids = fields.Many2many("stock.picking.batch", string="Trips", readonly=True)
    unplanned_picking_ids = fields.Many2many(
        "stock.picking", "dms_trip_optimise_unplanned_rel", "wizard_id", "picking_id",
        string="Not Planned", readonly=True, help="Deliveries left out of the plan; the reason is below.")
    unplanned_note = fields.Text(string="Why Not Planned", readonly=True)
    trip_count = fields.Integer(string="Trips Planned", readonly=True)
    stop_count = fields.Integer(string="Stops", readonly=True)
    distance_km = fields.Float(string="Total Km", digits=(16, 1), readonly=True)
    duration_hours = fields.Float(string="Total Hours", digits=(16, 2), readonly=True)
    weight_load_factor = fields.Float(
        string="Load Factor (Weight %)", digits=(16, 1), readonly=True,
        help="Weight carried over the weight capacity of the vehicles used, in %. 0 without capacities.")
    volume_load_factor = fields.Float(
        string="Load Factor (Volume %)", digits=(16, 1), readonly=True,
        help="Volume carried over the volume capacity of the vehicles used, in %. 0 without capacities.")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        day = fields.Date.to_date(res.get("date")) or fields.Date.context_today(self)
        if self.env.context.get("active_model") == "stock.picking" and self.env.context.get("active_ids"):
            if "picking_ids" in fields_list:
                res["picking_ids"] = [fields.Command.set(self.env.context["active_ids"])]
        elif "picking_ids" in fields_list:
            res["picking_ids"] = [fields.Command.set(self._dms_ready_pickings(day).ids)]
        if "vehicle_ids" in fields_list and not res.get("vehicle_ids"):
            res["vehicle_ids"] = [fields.Command.set(self._dms_available_vehicles(day).ids)]
        return res

    @api.model
    def _dms_user_distributor(self):
        partner = self.env.user.partner_id.commercial_partner_id
        return partner if partner.dms_role in ("distributor", "wholesaler") else self.env["res.partner"]

    @api.model
    def _dms_ready_pickings(self, day):
        """Outgoing deliveries of the current company ready (reserved) by the end of ``day``, not on
        a trip already under way; for distributor staff, those leaving their distributor's stock."""
        domain = [("picking_type_code", "=", "outgoing"), ("state", "in", READY_STATES),
                  ("company_id", "=", self.env.company.id),
                  ("scheduled_date", "<", datetime.combine(day + timedelta(days=1), time.min)),
                  "|", ("batch_id", "=", False), ("batch_id.state", "=", "draft")]
        distributor = self._dms_user_distributor()
        if distributor:
            domain.append(("location_id.dms_distributor_id", "=", distributor.id))
        return self.env["stock.picking"].search(domain, order="scheduled_date, id")

    @api.model
    def _dms_available_vehicles(self, day):
        """Delivery vehicles (their category has a weight or volume capacity, as stock_fleet loads
        trips) of the current company, of the user's distributor for distributor staff, with no trip
        under way on ``day``."""
        domain = [("company_id", "in", (self.env.company.id, False)),
                  "|", ("category_id.weight_capacity", ">", 0), ("category_id.volume_capacity", ">", 0)]
        distributor = self._dms_user_distributor()
        if distributor:
            domain.append(("dms_distributor_id", "=", distributor.id))
        vehicles = self.env["fleet.vehicle"].search(domain)
        busy = self.env["stock.picking.batch"].search([
            ("vehicle_id", "in", vehicles.ids), ("state", "=", "in_progress"),
            ("scheduled_date", ">=", datetime.combine(day, time.min)),
            ("scheduled_date", "<", datetime.combine(day + timedelta(days=1), time.min))]).vehicle_id
        return vehicles - busy

    def _dms_split_plannable(self):
        """(deliveries the optimiser can take, {delivery: why not}) for the chosen deliveries: one
        depot at a time (the one most deliveries leave from), located outlets open on the day."""
        self.ensure_one()
        reasons = {}
        pickings = self.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        depots = Counter(p._dms_depot_partner() for p in pickings)
        depot = depots.most_common(1)[0][0] if depots else self.env["res.partner"]
        for picking in pickings:
            partner = picking.partner_id
            if picking.picking_type_code != "outgoing":
                reasons[picking] = self.env._("not a delivery")
            elif picking._dms_depot_partner() != depot:
                reasons[picking] = self.env._("leaves from %(depot)s, not %(main)s: plan that depot separately",
                                              depot=picking._dms_depot_partner().display_name,
                                              main=depot.display_name)
            elif not (partner.partner_latitude or partner.partner_longitude):
                reasons[picking] = self.env._("no coordinates (Geo Location) on %(partner)s",
                                              partner=partner.display_name or self.env._("no customer"))
            elif partner.dms_closed_weekday and int(partner.dms_closed_weekday) == self.date.weekday():
                reasons[picking] = self.env._("%(partner)s is closed on %(day)s (Weekly Closing Day)",
                                              partner=partner.display_name, day=self.date.strftime("%A"))
            elif (picking.dms_lock_vehicle or picking.dms_lock_position) and \
                    picking.batch_id.vehicle_id not in self.vehicle_ids:
                reasons[picking] = self.env._("locked (Lock Vehicle / Lock Position) to %(trip)s, whose vehicle "
                                              "is not chosen", trip=picking.batch_id.display_name)
        plannable = pickings.filtered(lambda p: p not in reasons)
        return plannable, reasons

    def action_optimise(self):
        self.ensure_one()
        if not self.picking_ids or not self.vehicle_ids:
            raise UserError(self.env._("Choose the deliveries and the vehicles to plan."))
        pickings, reasons = self._dms_split_plannable()
        if not pickings:
            raise UserError(self.env._("None of the deliveries can be planned: %(why)s", why="; ".join(
                "%s: %s" % (p.name, why) for p, why in reasons.items())))
        Batch = self.env["stock.picking.batch"]
        open_batches = Batch.search([
            ("vehicle_id", "in", self.vehicle_ids.ids), ("state", "in", ("draft", "in_progress")),
            ("picking_type_id.code", "=", "outgoing")])
        batches = Batch
        to_create = []
        for vehicle in self.vehicle_ids:
            batch = open_batches.filtered(lambda b, v=vehicle: b.vehicle_id == v and (
                not b.scheduled_date or b.scheduled_date.date() == self.date))[:1]
            if batch:
                batches |= batch
            else:
                to_create.append({"vehicle_id": vehicle.id, "picking_type_id": pickings[0].picking_type_id.id,
                                  "company_id": pickings[0].company_id.id})
        batches |= Batch.create(to_create)
        Job = self.env["dms.job"]
        if Job._dms_in_background("routing", len(pickings)):
            # checked now, so the user sees what cannot be planned; the trips are reused on a rerun
            batches._dms_check_optimisable(pickings, self.date)
            return Job._dms_enqueue(
                "routing", self.env._("Plan %(count)s deliveries on %(date)s", count=len(pickings),
                                      date=self.date),
                batches, "_dms_optimise", args=[pickings, self.date],
                total=len(pickings))._dms_action_open()
        batches._dms_optimise(pickings, self.date)
        self._dms_write_summary(batches, reasons)
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "view_mode": "form", "target": "new", "name": self.env._("Planned Delivery Trips")}

    def _dms_write_summary(self, batches, reasons):
        """Trips, stops, km, hours and load factors of the planned trips, and what was left out."""
        used = batches.filtered("picking_ids")
        stops = used.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        weight_caps = {b: b.vehicle_id.category_id.weight_capacity for b in used}
        volume_caps = {b: b.vehicle_id.category_id.volume_capacity for b in used}
        weight_cap, volume_cap = sum(weight_caps.values()), sum(volume_caps.values())
        # a vehicle without a capacity carries anything: its load does not count in the factor
        weight = sum(p.dms_weight for p in stops if weight_caps[p.batch_id])
        volume = sum(p.dms_volume for p in stops if volume_caps[p.batch_id])
        self.write({
            "state": "done",
            "trip_ids": [fields.Command.set(used.ids)],
            "trip_count": len(used),
            "stop_count": len(stops),
            "distance_km": sum(used.mapped("dms_distance_km")),
            "duration_hours": sum(used.mapped("dms_duration_hours")),
            "weight_load_factor": weight / weight_cap * 100 if weight_cap else 0.0,
            "volume_load_factor": volume / volume_cap * 100 if volume_cap else 0.0,
            "unplanned_picking_ids": [fields.Command.set([p.id for p in reasons])],
            "unplanned_note": "\n".join("%s (%s): %s" % (p.name, p.partner_id.display_name or "-", why)
                                        for p, why in reasons.items()) or False,
        })

    def action_open_trips(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_routing.stock_picking_batch_action_trip")
        action["domain"] = [("id", "in", self.trip_ids.ids)]
        return action
