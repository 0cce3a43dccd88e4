import datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dms_sales.guard import dms_system_write

from ..engine import trip, vrp

UNLIMITED = 10 ** 12  # a vehicle category without a weight or volume capacity


class StockPickingBatch(models.Model):
    _inherit = "stock.picking.batch"

    dms_distance_km = fields.Float(string="Route Km", digits=(16, 1), copy=False, readonly=True,
                                   help="Planned road distance of the trip, depot to depot.")
    dms_duration_hours = fields.Float(string="Route Hours", digits=(16, 2), copy=False, readonly=True,
                                      help="Planned duration of the trip, depot to depot, with service and waiting.")
    dms_start_at = fields.Datetime(string="Departs at", copy=False, readonly=True,
                                   help="Planned departure from the depot.")
    dms_end_at = fields.Datetime(string="Returns at", copy=False, readonly=True,
                                 help="Planned return to the depot.")
    dms_map_data = fields.Json(
        string="Map Data", compute="_compute_dms_map_data",
        help="Depot and stops in order, for the map widget: {markers: [...], lines: [[[lat, lng], ...]]}.")

    def _compute_allowed_picking_ids(self):
        res = super()._compute_allowed_picking_ids()
        for batch in self:
            # a trip keeps its stops once delivered or failed (stock.picking._dms_keep_on_trip)
            kept = batch.picking_ids.filtered(lambda p: p.state in ("done", "cancel"))
            if kept:
                batch.allowed_picking_ids |= kept
        return res

    def _compute_estimated_shipping_capacity(self):
        # stock_picking_batch sums the pickings of the whole recordset into each batch; trips are
        # read several at a time (lists, optimiser), so compute one batch at a time
        for batch in self:
            super(StockPickingBatch, batch)._compute_estimated_shipping_capacity()
        return True

    @api.depends("picking_ids.dms_stop_sequence", "picking_ids.partner_id.partner_latitude",
                 "picking_ids.partner_id.partner_longitude", "picking_ids.location_id", "picking_ids.state",
                 "picking_ids.dms_delivery_state", "picking_ids.dms_eta")
    def _compute_dms_map_data(self):
        Picking = self.env["stock.picking"]
        states = dict(Picking._fields["state"]._description_selection(self.env))
        outcomes = dict(Picking._fields["dms_delivery_state"]._description_selection(self.env))
        for batch in self:
            # _origin: in a form, the trip's deliveries are new records whose ids do not compare
            stops = batch.picking_ids.filtered(lambda p: p.state != "cancel").sorted(
                lambda p: (p.dms_stop_sequence or 10 ** 6, p._origin.id or 0))
            markers, line = [], []
            depot = stops[:1]._dms_depot_partner() if stops else self.env["res.partner"]
            if depot and (depot.partner_latitude or depot.partner_longitude):
                point = [depot.partner_latitude, depot.partner_longitude]
                markers.append({"lat": point[0], "lng": point[1], "label": depot.display_name,
                                "color": "red", "seq": None})
                line.append(point)
            for picking in stops:
                partner = picking.partner_id
                if not (partner.partner_latitude or partner.partner_longitude):
                    continue
                point = [partner.partner_latitude, partner.partner_longitude]
                markers.append({"lat": point[0], "lng": point[1],
                                "label": "%s (%s)" % (partner.display_name, picking.name),
                                "color": None, "seq": picking.dms_stop_sequence or None,
                                "state": outcomes.get(picking.dms_delivery_state) or states.get(picking.state),
                                "time": fields.Datetime.to_string(picking.dms_eta) if picking.dms_eta else None,
                                "time_label": self.env._("ETA")})
                line.append(point)
            if depot and len(line) > 1 and markers[0]["seq"] is None:
                line.append(line[0])
            batch.dms_map_data = {"markers": markers, "lines": [line] if len(line) > 1 else []}

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_dms_optimise(self):
        """Re-plan the selected trips: their deliveries over their vehicles, in the best order."""
        Job = self.env["dms.job"]
        stops = len(self.picking_ids)
        if Job._dms_in_background("routing", stops):
            self._dms_check_optimisable(None)
            return Job._dms_enqueue("routing", self.env._("Optimise %(count)s trips", count=len(self)), self,
                                    "action_dms_optimise", total=stops)._dms_action_open()
        self._dms_optimise()
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {
                "type": "success", "sticky": False,
                "message": self.env._("%(count)s trips optimised: %(km).1f km in all.",
                                      count=len(self), km=sum(self.mapped("dms_distance_km"))),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_dms_load_sheet(self):
        return self.env.ref("dms_routing.action_report_dms_load_sheet").report_action(self)

    def action_dms_manifest(self):
        return self.env.ref("dms_routing.action_report_dms_manifest").report_action(self)

    # ------------------------------------------------------------------
    # Load sheet and manifest (PDF and XLSX)
    # ------------------------------------------------------------------
    def _dms_load_lines(self):
        """What to load on this trip: one row per product and lot (reserved lots, else the product)."""
        self.ensure_one()
        rows = {}
        for move in self.picking_ids.move_ids.filtered(lambda m: m.state not in ("cancel", "done")
                                                       or m.picking_id.state == "done"):
            lines = move.move_line_ids
            parts = [(ml.lot_id, ml.quantity) for ml in lines] if lines else [(self.env["stock.lot"], move.product_qty)]
            for lot, qty in parts:
                row = rows.setdefault((move.product_id, lot), {
                    "product": move.product_id, "lot": lot, "qty": 0.0, "uom": move.product_id.uom_id,
                    "weight": 0.0, "volume": 0.0})
                row["qty"] += qty
                row["weight"] += qty * move.product_id.weight
                row["volume"] += qty * move.product_id.volume
        return sorted(rows.values(), key=lambda r: (r["product"].display_name, r["lot"].name or ""))

    def _dms_manifest_stops(self):
        """Stops in route order: outlet, address, ETA, deliveries and the amount to collect."""
        self.ensure_one()
        stops = []
        for picking in self.picking_ids.filtered(lambda p: p.state != "cancel").sorted(
                lambda p: (p.dms_stop_sequence or 10 ** 6, p.id)):
            partner = picking.partner_id
            if stops and stops[-1]["partner"] == partner and stops[-1]["seq"] == picking.dms_stop_sequence:
                stops[-1]["pickings"] |= picking
                stops[-1]["amount"] += picking.dms_amount_to_collect
                continue
            stops.append({
                "seq": picking.dms_stop_sequence, "partner": partner,
                "address": ", ".join(filter(None, [partner.street, partner.street2, partner.city])),
                "phone": partner.phone or partner.mobile or "", "eta": picking.dms_eta,
                "pickings": picking, "amount": picking.dms_amount_to_collect,
                "currency": picking.company_id.currency_id,
            })
        return stops

    # ------------------------------------------------------------------
    # Optimisation
    # ------------------------------------------------------------------
    def _dms_trip_settings(self):
        """The routing settings of the trips' company (the current company without trips)."""
        company = self.company_id[:1] or self.env.company
        return {
            "service": int(company.dms_trip_service_minutes * 60),
            "max_hours": company.dms_trip_max_hours,
            "start_hour": company.dms_trip_start_hour,
            "road_factor": company.dms_trip_road_factor,
            "speed_kmh": company.dms_trip_speed_kmh,
            "osrm_url": company.dms_trip_osrm_url or "",
            "seconds": float(self.env.context.get("dms_solver_seconds") or company.dms_trip_solver_seconds),
        }

    def _dms_optimise(self, pickings=None, date=None):
        """Assign `pickings` (and the trips' own deliveries) to the trips' vehicles, one trip per
        vehicle, and order the stops. Raises a UserError naming every delivery that cannot be
        planned and the constraint it breaks; writes nothing then."""
        pickings, depot, day = self._dms_check_optimisable(pickings, date)
        settings = self._dms_trip_settings()
        problem, stops, locked_positions = self._dms_vrp_problem(pickings, depot, day, settings)
        issues = vrp.check(problem)
        if issues:
            raise UserError(self._dms_issues_message(issues, pickings, self, settings))
        self.env["dms.job"]._dms_progress(0, len(stops), force=True, message=self.env._(
            "Solving the routes of %(count)s stops (up to %(seconds)s s)", count=len(stops),
            seconds=settings["seconds"]))
        result = vrp.solve(problem, seconds=settings["seconds"])
        if result.issues or not result.feasible:
            raise UserError(self._dms_issues_message(
                result.issues or [vrp.Issue(None, "unassigned", "")], pickings, self, settings))
        start = int(settings["start_hour"] * 3600)
        self._dms_apply_result(result, stops, locked_positions, problem.distances, problem.durations, day, start,
                               pickings)
        return result

    def _dms_check_optimisable(self, pickings, date=None):
        """What the trips in ``self`` can plan on ``date`` (default: their first scheduled day): their
        own open deliveries and ``pickings``. Raises a UserError naming the trips or deliveries that
        cannot be planned and why. Returns (the deliveries, their depot, the day)."""
        if not self:
            raise UserError(self.env._("Select the trips to optimise."))
        self.check_access("write")
        if len(self.company_id) > 1:
            raise UserError(self.env._(
                "Trips %(trips)s belong to different companies (Company), each with its own routing settings: "
                "optimise the trips of one company at a time.", trips=", ".join(self.mapped("name"))))
        no_vehicle = self.filtered(lambda b: not b.vehicle_id)
        if no_vehicle:
            raise UserError(self.env._("Trips %(trips)s have no vehicle (Vehicle): give each trip its vehicle first.",
                                       trips=", ".join(no_vehicle.mapped("name"))))
        if len(self.vehicle_id) != len(self):
            raise UserError(self.env._("Several selected trips use the same vehicle (Vehicle): one trip per vehicle."))
        closed = self.filtered(lambda b: b.state in ("done", "cancel"))
        if closed:
            raise UserError(self.env._("Trips %(trips)s are done or cancelled and cannot be re-planned.",
                                       trips=", ".join(closed.mapped("name"))))
        pickings = (self.picking_ids | (pickings or self.env["stock.picking"])).filtered(
            lambda p: p.state not in ("done", "cancel"))
        if not pickings:
            raise UserError(self.env._("There is no delivery to plan on trips %(trips)s.",
                                       trips=", ".join(self.mapped("name"))))
        not_out = pickings.filtered(lambda p: p.picking_type_code != "outgoing")
        if not_out:
            raise UserError(self.env._("Only deliveries can go on a trip: %(pickings)s are not outgoing transfers.",
                                       pickings=", ".join(not_out.mapped("name"))))
        depots = {p: p._dms_depot_partner() for p in pickings}
        if len(set(depots.values())) > 1:
            raise UserError(self.env._(
                "The deliveries leave from different depots (%(depots)s): optimise the trips of one warehouse or "
                "distributor at a time.", depots=", ".join(sorted({d.display_name for d in depots.values()}))))
        depot = next(iter(depots.values()))
        no_coords = pickings.filtered(lambda p: not _has_coords(p.partner_id))
        if not _has_coords(depot) or no_coords:
            missing = ([self.env._("depot %(name)s", name=depot.display_name)] if not _has_coords(depot) else []) + [
                "%s (%s)" % (p.name, p.partner_id.display_name or self.env._("no customer")) for p in no_coords]
            raise UserError(self.env._(
                "Missing coordinates (Geo Location on the partner): %(missing)s. Geolocate these addresses before "
                "optimising.", missing=", ".join(missing)))
        day = date or fields.Date.context_today(self, min(filter(None, self.mapped("scheduled_date")), default=None)
                                                or fields.Datetime.now())
        stray = pickings.filtered(lambda p: (p.dms_lock_vehicle or p.dms_lock_position) and p.batch_id not in self)
        if stray:
            raise UserError(self.env._(
                "%(pickings)s are locked (Lock Vehicle / Lock Position) but not on one of the trips being optimised: "
                "add their trip to the selection or unlock them.", pickings=", ".join(stray.mapped("name"))))
        closed_today = pickings.filtered(
            lambda p: p.partner_id.dms_closed_weekday and int(p.partner_id.dms_closed_weekday) == day.weekday())
        if closed_today:
            raise UserError(self.env._(
                "Time window: %(pickings)s go to outlets closed on %(day)s (Weekly Closing Day).",
                pickings=", ".join("%s (%s)" % (p.name, p.partner_id.display_name) for p in closed_today),
                day=day.strftime("%A")))
        return pickings, depot, day

    def _dms_vrp_problem(self, pickings, depot, day, settings):
        """The routing engine's input for planning ``pickings`` from ``depot`` over the vehicles of
        the trips in ``self``: (vrp.Problem, {picking id: vrp.Stop}, {vehicle id or None: {picking
        id: locked stop number}})."""
        points = [(depot.partner_latitude, depot.partner_longitude)] + [
            (p.partner_id.partner_latitude, p.partner_id.partner_longitude) for p in pickings]
        distances, durations = self._dms_matrices(points, settings)
        stops, locked_positions = {}, {}
        for index, picking in enumerate(pickings, start=1):
            partner = picking.partner_id
            weight = volume = 0.0
            for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
                weight += move.product_id.weight * move.product_qty
                volume += move.product_id.volume * move.product_qty
            tw_start, tw_end = 0, None
            if partner.dms_opening_time or partner.dms_closing_time:
                tw_start = int(partner.dms_opening_time * 3600)
                tw_end = int((partner.dms_closing_time or 24) * 3600)
            locked = picking.dms_lock_vehicle or picking.dms_lock_position
            vehicle_key = picking.batch_id.vehicle_id.id if locked else None
            if picking.dms_lock_position:
                locked_positions.setdefault(vehicle_key, {})[picking.id] = picking.dms_stop_sequence or 1
            stops[picking.id] = vrp.Stop(
                key=picking.id, location=index, demand=(int(round(weight * 1000)), int(round(volume * 10 ** 6))),
                service=settings["service"], tw_start=tw_start, tw_end=tw_end, vehicle_key=vehicle_key)
        start = int(settings["start_hour"] * 3600)
        max_duration = int(settings["max_hours"] * 3600) or None
        vehicles = tuple(vrp.Vehicle(
            key=b.vehicle_id.id,
            capacity=(int(round(b.vehicle_id.category_id.weight_capacity * 1000)) or UNLIMITED,
                      int(round(b.vehicle_id.category_id.volume_capacity * 10 ** 6)) or UNLIMITED),
            shift_start=start, max_duration=max_duration) for b in self)
        return vrp.Problem(distances, durations, tuple(stops.values()), vehicles), stops, locked_positions

    @api.model
    def _dms_matrices(self, points, settings):
        if settings["osrm_url"]:
            try:
                return trip.osrm_matrices(settings["osrm_url"], points)
            except trip.MatrixError as exc:
                raise UserError(self.env._("Road distances unavailable: %(error)s Check the OSRM Service URL in "
                                           "the Distribution settings, or empty it to use straight-line "
                                           "distances.", error=str(exc))) from exc
        return trip.haversine_matrices(points, settings["road_factor"], settings["speed_kmh"])

    def _dms_issues_message(self, issues, pickings, batches, settings):
        by_id = {p.id: p for p in pickings}
        by_vehicle = {b.vehicle_id.id: b for b in batches}
        capacities = " / ".join("%s: %s kg, %s m³" % (b.vehicle_id.display_name,
                                                      b.vehicle_id.category_id.weight_capacity or "-",
                                                      b.vehicle_id.category_id.volume_capacity or "-")
                                for b in batches)
        lines = []
        for issue in issues:
            picking = by_id.get(issue.key)
            if not picking:
                batch = by_vehicle.get(issue.key)
                what = "%s (%s)" % (batch.name, batch.vehicle_id.display_name) if batch else self.env._("Plan")
                if issue.constraint == "capacity":
                    lines.append(self.env._(
                        "%(what)s: no plan found within the vehicles' capacity: the deliveries weigh %(weight).1f kg "
                        "/ %(volume).3f m³ in all, for %(capacities)s", what=what, capacities=capacities,
                        weight=sum(m.product_id.weight * m.product_qty for m in pickings.move_ids),
                        volume=sum(m.product_id.volume * m.product_qty for m in pickings.move_ids)))
                else:
                    lines.append(self.env._(
                        "%(what)s: no plan found that meets every opening hour within the maximum route duration "
                        "(%(hours)s h from %(start)s)", what=what, hours=settings["max_hours"],
                        start=_hhmm(settings["start_hour"])))
                continue
            what = "%s (%s)" % (picking.name, picking.partner_id.display_name)
            if issue.constraint == "capacity":
                lines.append(self.env._(
                    "%(what)s: weight %(weight).1f kg / volume %(volume).3f m³ is more than any vehicle can carry "
                    "(%(capacities)s)", what=what, capacities=capacities,
                    weight=sum(m.product_id.weight * m.product_qty for m in picking.move_ids),
                    volume=sum(m.product_id.volume * m.product_qty for m in picking.move_ids)))
            elif issue.constraint == "time_window":
                partner = picking.partner_id
                lines.append(self.env._(
                    "%(what)s: time window %(open)s-%(close)s cannot be met with trips starting at %(start)s and "
                    "lasting at most %(hours)s h", what=what,
                    open=_hhmm(partner.dms_opening_time), close=_hhmm(partner.dms_closing_time or 24),
                    start=_hhmm(settings["start_hour"]), hours=settings["max_hours"]))
            elif issue.constraint == "lock":
                lines.append(self.env._("%(what)s: locked to a vehicle (Lock Vehicle) it cannot be planned on",
                                        what=what))
            else:
                lines.append(self.env._(
                    "%(what)s: could not be fitted into any trip within the vehicles' capacity and maximum route "
                    "duration", what=what))
        return self.env._("These deliveries cannot be planned, nothing was changed:\n%(lines)s", lines="\n".join(lines))

    def _dms_apply_result(self, result, stops, locked_positions, distances, durations, day, start, pickings):
        by_id = {p.id: p for p in pickings}
        batch_of_vehicle = {b.vehicle_id.id: b for b in self}
        tz = pytz.timezone(self.env.user.tz or self.env.company.partner_id.tz or "UTC")
        midnight = tz.localize(datetime.datetime.combine(day, datetime.time.min))

        def to_utc(seconds):
            return (midnight + datetime.timedelta(seconds=seconds)).astimezone(pytz.utc).replace(tzinfo=None)

        states = {b: b.state for b in self}
        plans = {}
        for route in result.routes:
            order = trip.place_locked([v.key for v in route.visits], locked_positions.get(route.vehicle_key, {}))
            # the solver may leave later than the shift start to avoid waiting at the first outlet
            rows, back, end, late = trip.schedule(order, stops, distances, durations, max(start, route.start))
            if late:
                raise UserError(self.env._(
                    "Locked positions (Lock Position) make %(pickings)s arrive after their outlet closes: unlock "
                    "them or change their stop number.", pickings=", ".join(by_id[k].name for k in late)))
            plans[batch_of_vehicle[route.vehicle_key]] = (rows, back, max(start, route.start), end)
        for batch, (rows, _back, _start, _end) in plans.items():
            moved = self.env["stock.picking"].browse([r[0] for r in rows]).filtered(lambda p, b=batch: p.batch_id != b)
            if moved:
                moved.write({"batch_id": batch.id})
        for batch, (rows, back, departure, end) in plans.items():
            for sequence, (key, arrival, _departure, dist) in enumerate(rows, start=1):
                by_id[key].write({"dms_stop_sequence": sequence, "batch_sequence": sequence,
                                  "dms_eta": to_utc(arrival), "dms_distance_prev_km": dist / 1000.0})
            with dms_system_write():  # the solver's plan, computed above
                batch.write({
                    "dms_distance_km": (sum(r[3] for r in rows) + back) / 1000.0,
                    "dms_duration_hours": (end - departure) / 3600.0,
                    "dms_start_at": to_utc(departure), "dms_end_at": to_utc(end),
                })
        for batch in self - self.browse([b.id for b in plans]):
            with dms_system_write():
                batch.write({"dms_distance_km": 0.0, "dms_duration_hours": 0.0,
                             "dms_start_at": False, "dms_end_at": False})
        for batch, state in states.items():
            if batch.state != state:
                # emptied on the way by core (a batch losing all its pickings is cancelled): the
                # dispatcher's trip stays as it was (core's field: the write guard does not apply)
                batch.state = state


def _has_coords(partner):
    return bool(partner) and bool(partner.partner_latitude or partner.partner_longitude)


def _hhmm(hours):
    return "%02d:%02d" % divmod(int(round(hours * 60)), 60)
