from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.dms_sales.bulk import bulk_insert
from odoo.addons.dms_sales.guard import dms_system_write

from ..engine import geo, journey
from .dms_beat import STATE_COLORS

# Planned visits inserted per statement by the journey plan.
VISIT_BATCH = 10000


class DmsVisit(models.Model):
    _name = "dms.visit"
    _description = "Outlet Visit"
    _order = "planned_date desc, user_id, sequence, id"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    user_id = fields.Many2one(
        "res.users", string="Sales Rep", required=True, index=True, default=lambda self: self.env.user,
        domain="[('share', '=', False)]")
    partner_id = fields.Many2one(
        "res.partner", string="Outlet", required=True, index=True, check_company=True,
        domain="[('dms_role', '=', 'outlet')]")
    beat_id = fields.Many2one(
        "dms.beat", index=True, readonly=True, ondelete="set null", check_company=True,
        help="The beat this visit was planned from. Empty for unplanned visits.")
    territory_id = fields.Many2one(
        related="partner_id.dms_territory_id", store=True, precompute=True, index=True, string="Territory")
    distributor_id = fields.Many2one(
        related="partner_id.dms_distributor_id", store=True, precompute=True, index=True, string="Distributor")
    outlet_street = fields.Char(related="partner_id.street", string="Address")
    outlet_phone = fields.Char(related="partner_id.phone", string="Outlet Phone")
    planned_date = fields.Date(
        string="Date", required=True, index=True, default=fields.Date.context_today,
        help="Day of the visit: the planned day, or the day an unplanned visit was made.")
    sequence = fields.Integer(default=10, help="Order of the visit in the rep's day.")
    is_planned = fields.Boolean(
        string="Planned", readonly=True, index=True,
        help="Created by the journey plan. Visits a rep adds on the spot are unplanned.")
    state = fields.Selection(
        [("planned", "Planned"), ("in_progress", "In Progress"), ("done", "Done"), ("skipped", "Skipped"),
         ("missed", "Missed"), ("cancelled", "Cancelled")], default="planned", required=True, index=True, readonly=True,
        help="Skipped: the rep gave a reason not to visit. Missed: the day closed without a visit.")
    check_in_time = fields.Datetime(readonly=True, copy=False)
    check_in_latitude = fields.Float(digits=(10, 7), readonly=True, copy=False)
    check_in_longitude = fields.Float(digits=(10, 7), readonly=True, copy=False)
    check_in_accuracy = fields.Float(
        string="Check-in Accuracy (m)", digits=(10, 1), readonly=True, copy=False,
        help="Accuracy the device reported for the check-in position.")
    check_out_time = fields.Datetime(readonly=True, copy=False)
    check_out_latitude = fields.Float(digits=(10, 7), readonly=True, copy=False)
    check_out_longitude = fields.Float(digits=(10, 7), readonly=True, copy=False)
    check_out_accuracy = fields.Float(string="Check-out Accuracy (m)", digits=(10, 1), readonly=True, copy=False)
    distance_m = fields.Float(
        string="Distance to Outlet (m)", digits=(10, 1), readonly=True, copy=False,
        help="Distance from the check-in position to the outlet's coordinates.")
    fence_radius = fields.Integer(
        string="Geofence Radius (m)", readonly=True, copy=False,
        help="The company's geofence radius when the rep checked in.")
    out_of_fence = fields.Boolean(
        readonly=True, copy=False, index=True,
        help="Checked in farther from the outlet than the geofence radius. Flagged, never refused.")
    duration_minutes = fields.Float(
        string="Time in Outlet (min)", compute="_compute_duration_minutes", store=True, precompute=True,
        digits=(10, 1))
    order_id = fields.Many2one(
        "dms.secondary.order", string="Secondary Order", index=True, copy=False, check_company=True,
        domain="[('partner_id', '=', partner_id)]", help="The order taken during this visit.")
    no_order_reason_id = fields.Many2one(
        "dms.no.order.reason", string="No-Order Reason", copy=False,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Why the outlet ordered nothing.")
    outcome = fields.Selection(
        [("order", "Order Taken"), ("no_order", "No Order")], compute="_compute_outcome", store=True,
        precompute=True)
    skip_reason_id = fields.Many2one(
        "dms.visit.skip.reason", readonly=True, copy=False, index="btree_not_null",
        help="Why the planned visit was skipped, or missed (\"Not visited\" when the day closed without it).")
    skip_time = fields.Datetime(
        readonly=True, copy=False, help="When the rep skipped the visit, or when the day closed without it.")
    photo = fields.Image(max_width=1280, max_height=1280, copy=False, help="Shelf or shop front photo.")
    notes = fields.Text()
    map_data = fields.Json(
        compute="_compute_map_data", string="Day Map",
        help="The rep's visits of the day in order, and the check-in position (dms_map widget format).")

    _sql_constraints = [
        # Journey plan idempotency: one planned visit per rep, outlet and day (unplanned ones are free).
        ("planned_visit_uniq",
         "EXCLUDE (user_id WITH =, partner_id WITH =, planned_date WITH =) WHERE (is_planned)",
         "This rep already has a planned visit at this outlet on this day."),
    ]

    @api.depends("check_in_time", "check_out_time")
    def _compute_duration_minutes(self):
        for visit in self:
            if visit.check_in_time and visit.check_out_time:
                visit.duration_minutes = (visit.check_out_time - visit.check_in_time).total_seconds() / 60
            else:
                visit.duration_minutes = 0

    @api.depends("order_id", "no_order_reason_id")
    def _compute_outcome(self):
        for visit in self:
            visit.outcome = "order" if visit.order_id else "no_order" if visit.no_order_reason_id else False

    @api.depends("partner_id", "planned_date", "user_id", "check_in_latitude", "check_in_longitude")
    def _compute_map_data(self):
        real = self.filtered("id")
        day_visits = self.search([
            ("user_id", "in", real.user_id.ids), ("planned_date", "in", list(set(real.mapped("planned_date")))),
        ]) if real else self.browse()
        by_day = defaultdict(list)
        for other in day_visits.sorted(lambda v: (v.sequence, v.id)):
            by_day[(other.user_id.id, other.planned_date)].append(other)
        states = dict(self._fields["state"]._description_selection(self.env))
        for visit in self:
            markers, path = [], []
            for other in by_day.get((visit.user_id.id, visit.planned_date)) or [visit]:
                outlet = other.partner_id
                if not (outlet.partner_latitude or outlet.partner_longitude):
                    continue
                point = [outlet.partner_latitude, outlet.partner_longitude]
                markers.append({"lat": point[0], "lng": point[1], "label": outlet.display_name,
                                "color": STATE_COLORS.get(other.state), "seq": len(path) + 1,
                                "state": states.get(other.state), "time": _datetime_text(other.check_in_time),
                                "time_label": self.env._("Checked in")})
                path.append(point)
            if visit.check_in_time:
                marker = visit._dms_checkin_marker()
                marker["label"] = self.env._("Check-in (%(distance)d m)", distance=visit.distance_m)
                markers.append(marker)
            visit.map_data = {"markers": markers, "lines": [path] if len(path) > 1 else []}

    @api.depends("partner_id", "planned_date")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = f"{visit.partner_id.display_name or ''} - {visit.planned_date or ''}"

    @api.constrains("order_id", "partner_id")
    def _check_order_outlet(self):
        for visit in self.filtered("order_id"):
            if visit.order_id.partner_id != visit.partner_id:
                raise ValidationError(self.env._(
                    "Visit %(visit)s: order %(order)s is for %(other)s, not this outlet (Secondary Order).",
                    visit=visit.display_name, order=visit.order_id.name, other=visit.order_id.partner_id.display_name))

    @api.constrains("partner_id")
    def _check_outlet(self):
        for visit in self:
            if visit.partner_id.dms_role != "outlet":
                raise ValidationError(self.env._(
                    "Visit %(visit)s: %(partner)s (Outlet) is not an outlet.",
                    visit=visit.display_name, partner=visit.partner_id.display_name))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_check_in(self, latitude, longitude, accuracy=None):
        """Check in at the outlet from the device's position. A position outside the geofence is
        recorded and flagged (out_of_fence, distance_m), never refused: GPS drifts and outlets move."""
        vals = self._check_in_vals(latitude, longitude, accuracy)
        with dms_system_write():
            self.write(vals)
        return True

    def _check_in_vals(self, latitude, longitude, accuracy=None):
        """The values a check-in at this position writes, once its checks passed (see action_check_in)."""
        self.ensure_one()
        if self.state not in ("planned", "missed"):
            raise UserError(self.env._(
                "Visit %(visit)s is %(state)s: only planned or missed visits can be checked in.",
                visit=self.display_name, state=self._state_label()))
        latitude, longitude = self._check_position(latitude, longitude)
        self._check_sequence_lock()
        radius = self.company_id.dms_visit_fence_radius
        outlet = self.partner_id
        vals = {
            "state": "in_progress", "check_in_time": fields.Datetime.now(),
            "check_in_latitude": latitude, "check_in_longitude": longitude,
            "check_in_accuracy": float(accuracy or 0), "fence_radius": radius,
            "distance_m": 0.0, "out_of_fence": False,
        }
        if outlet.partner_latitude or outlet.partner_longitude:
            inside, distance = geo.within_fence(
                (latitude, longitude), (outlet.partner_latitude, outlet.partner_longitude), radius)
            vals.update(distance_m=distance, out_of_fence=not inside)
        return vals

    def action_check_out(self, latitude=None, longitude=None, accuracy=None):
        """Close the visit: it needs an outcome (an order or a no-order reason)."""
        vals = self._check_out_vals(latitude, longitude, accuracy)
        with dms_system_write():
            self.write(vals)
        return True

    def _check_out_vals(self, latitude=None, longitude=None, accuracy=None, pending=None):
        """The values a check-out writes, once its checks passed (see action_check_out).
        ``pending``: values not written yet that the check-out goes with (``_record_visit``),
        taken as the visit's by the checks."""
        self.ensure_one()
        pending = pending or {}
        state = pending.get("state", self.state)
        if state != "in_progress":
            raise UserError(self.env._(
                "Visit %(visit)s is %(state)s: check in before checking out.",
                visit=self.display_name, state=self._state_label(state)))
        order = pending["order_id"] if "order_id" in pending else self.order_id
        reason = pending["no_order_reason_id"] if "no_order_reason_id" in pending else self.no_order_reason_id
        if not order and not reason:
            raise UserError(self.env._(
                "Visit %(visit)s: take an order or give a No-Order Reason before checking out.",
                visit=self.display_name))
        vals = {"state": "done", "check_out_time": fields.Datetime.now()}
        if latitude is not None and longitude is not None:
            latitude, longitude = self._check_position(latitude, longitude)
            vals.update(check_out_latitude=latitude, check_out_longitude=longitude,
                        check_out_accuracy=float(accuracy or 0))
        return vals

    def _record_visit(self, check_in, check_out=None, vals=None):
        """A visit made earlier, recorded at once (the field app syncing its day): checked in as
        ``action_check_in`` does, given ``vals`` (its outcome, notes, photo), checked out as
        ``action_check_out`` does if ``check_out`` is given, with the same checks and geofence
        flags, stamped with the device's times, in one write.
        check_in: {"time", "latitude", "longitude", "accuracy"}; check_out: {"time", and
        optionally "latitude", "longitude", "accuracy"}."""
        values = {**self._check_in_vals(check_in["latitude"], check_in["longitude"], check_in.get("accuracy")),
                  **(vals or {}), "check_in_time": check_in["time"]}
        if check_out:
            values.update(self._check_out_vals(check_out.get("latitude"), check_out.get("longitude"),
                                               check_out.get("accuracy"), pending=values),
                          check_out_time=check_out["time"])
        with dms_system_write():
            self.write(values)
        return True

    def action_take_order(self):
        """Open the visit's secondary order, creating it prefilled (outlet, distributor, rep)."""
        self.ensure_one()
        if not self.order_id:
            if self.state != "in_progress":
                raise UserError(self.env._(
                    "Visit %(visit)s: check in before taking an order.", visit=self.display_name))
            self.order_id = self.env["dms.secondary.order"].create({
                "partner_id": self.partner_id.id, "distributor_id": self.partner_id.dms_distributor_id.id,
                "user_id": self.user_id.id, "company_id": self.company_id.id,
                "note": self.env._("Taken on visit %(visit)s", visit=self.display_name),
            })
        return {
            "type": "ir.actions.act_window", "res_model": "dms.secondary.order", "res_id": self.order_id.id,
            "views": [(False, "form")], "target": "current",
        }

    def action_cancel(self):
        for visit in self:
            if visit.state not in ("planned", "missed"):
                raise UserError(self.env._(
                    "Visit %(visit)s is %(state)s: only planned or missed visits can be cancelled.",
                    visit=visit.display_name, state=visit._state_label()))
        with dms_system_write():
            self.write({"state": "cancelled"})
        return True

    def action_skip(self, reason_id):
        """Skip planned visits with a reason (dms.visit.skip.reason id): the rep's own visits only
        (a supervisor may skip those of their reps, whom their rules let them write). Under a
        sequence lock, a skipped visit frees the next outlet of the beat."""
        return self._skip(reason_id)

    def _skip(self, reason_id, when=None):
        """``action_skip``, at ``when`` (the device's time of a skip pushed later; default now)."""
        reason = self.env["dms.visit.skip.reason"].browse(reason_id).exists() if reason_id else None
        if not reason:
            raise UserError(self.env._("Skip a visit: choose a Skip Reason."))
        self.check_access("write")
        is_supervisor = self.env.user.has_group("dms_sales.group_dms_supervisor")
        for visit in self:
            if visit.state != "planned":
                raise UserError(self.env._(
                    "Visit %(visit)s is %(state)s: only planned visits can be skipped.",
                    visit=visit.display_name, state=visit._state_label()))
            if visit.user_id != self.env.user and not is_supervisor:
                raise UserError(self.env._(
                    "Visit %(visit)s is %(rep)s's (Sales Rep): a rep skips only their own visits.",
                    visit=visit.display_name, rep=visit.user_id.name))
            if reason.company_id and reason.company_id != visit.company_id:
                raise UserError(self.env._(
                    "Visit %(visit)s: Skip Reason %(reason)s belongs to another company.",
                    visit=visit.display_name, reason=reason.name))
        with dms_system_write():
            self.write({"state": "skipped", "skip_reason_id": reason.id,
                        "skip_time": when or fields.Datetime.now()})
        return True

    def action_open_skip(self):
        """My Day's Skip button: a dialog asking why."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "dms.visit.skip.wizard", "name": self.env._("Skip Visit"),
            "views": [(False, "form")], "target": "new", "context": {"default_visit_id": self.id},
        }

    def _check_sequence_lock(self):
        """Under its beat's sequence lock, a planned visit is checked in only once every outlet
        before it on the beat (the beat's lines' order, which reps cannot change) was visited or
        skipped that day. Raises naming the outlets still open."""
        self.ensure_one()
        beat = self.beat_id
        if not (self.is_planned and beat.sequence_lock):
            return
        # sudo: the order and the rep's day decide the lock whoever checks in (a supervisor
        # whose rules hide some of it); only the outlets' names leave this method
        beat_sudo = beat.sudo()
        order = {line.partner_id.id: (line.sequence, line.id) for line in beat_sudo.line_ids}
        mine = order.get(self.partner_id.id)
        if mine is None:
            return
        earlier = [partner for partner, key in order.items() if key < mine]
        if not earlier:
            return
        # sudo: the rep's whole day, as for the beat above
        pending = self.sudo().search([
            ("user_id", "=", self.user_id.id), ("planned_date", "=", self.planned_date), ("beat_id", "=", beat.id),
            ("is_planned", "=", True), ("state", "=", "planned"), ("partner_id", "in", earlier),
        ])
        if pending:
            names = ", ".join(pending.sorted(lambda v: order[v.partner_id.id]).partner_id.mapped("display_name"))
            raise UserError(self.env._(
                "Visit %(visit)s: beat %(beat)s keeps its visiting order. Visit or skip %(outlets)s first.",
                visit=self.display_name, beat=beat_sudo.name, outlets=names))

    def _state_label(self, state=None):
        return dict(self._fields["state"]._description_selection(self.env))[state or self.state]

    def _check_position(self, latitude, longitude):
        try:
            latitude, longitude = float(latitude), float(longitude)
        except (TypeError, ValueError) as exc:
            raise UserError(self.env._("Visit %(visit)s: the device sent no usable position.",
                                       visit=self.display_name)) from exc
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise UserError(self.env._(
                "Visit %(visit)s: position %(lat)s, %(lng)s is not a valid latitude/longitude.",
                visit=self.display_name, lat=latitude, lng=longitude))
        return latitude, longitude

    # ------------------------------------------------------------------
    # Maps
    # ------------------------------------------------------------------

    @api.model
    def dms_checkin_map_data(self):
        """Today's check-ins (the user's day) of the visits the user may read, for the check-in
        map (Field > Check-ins Today): a supervisor sees the reps of their territories, a manager
        everyone, by the visit rules. {"date", "markers" (dms_map format), "out_of_fence"}."""
        tz = pytz.timezone(self.env.user.tz or "UTC")
        today = fields.Date.context_today(self)
        start = tz.localize(datetime.combine(today, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        visits = self.search([
            ("check_in_time", ">=", start), ("check_in_time", "<", start + timedelta(days=1)),
        ], order="check_in_time, id")
        markers = [visit._dms_checkin_marker(with_rep=True) for visit in visits
                   if visit.check_in_latitude or visit.check_in_longitude]
        return {
            "date": format_date(self.env, today),
            "markers": markers,
            "out_of_fence": sum(1 for visit in visits if visit.out_of_fence),
        }

    def _dms_checkin_marker(self, with_rep=False):
        """The check-in position, red out of the geofence; its popup names the rep, the outlet,
        the time and the fence."""
        self.ensure_one()
        if self.out_of_fence:
            fence = self.env._("Out of the fence: %(distance)d m from the outlet (radius %(radius)d m)",
                               distance=self.distance_m, radius=self.fence_radius)
        elif self.partner_id.partner_latitude or self.partner_id.partner_longitude:
            fence = self.env._("Inside the fence: %(distance)d m from the outlet", distance=self.distance_m)
        else:
            fence = self.env._("Not checked: the outlet has no coordinates")
        details = [[self.env._("Outlet"), self.partner_id.display_name]]
        if with_rep:
            details.insert(0, [self.env._("Rep"), self.user_id.name])
        details.append([self.env._("Geofence"), fence])
        return {
            "lat": self.check_in_latitude, "lng": self.check_in_longitude,
            "label": "%s - %s" % (self.user_id.name, self.partner_id.display_name) if with_rep
            else self.partner_id.display_name,
            "color": "#dc2626" if self.out_of_fence else "#16a34a" if with_rep else "#111827", "seq": None,
            "state": self._state_label(), "time": _datetime_text(self.check_in_time),
            "time_label": self.env._("Checked in"), "details": details, "out_of_fence": self.out_of_fence,
        }

    # ------------------------------------------------------------------
    # Journey plan
    # ------------------------------------------------------------------

    @api.model
    def _generate_journey_plan(self, date_from, date_to, beats=None):
        """Plan visits of ``beats`` (default: every active beat the user can read) from ``date_from``
        to ``date_to`` inclusive. Idempotent: a rep's planned visit at an outlet on a day is never
        created twice (checked here, guaranteed by the planned_visit_uniq constraint). Skips the
        company calendar's public holidays, the reps' leaves and each outlet's closing day.
        The number of queries does not depend on the number of visits: a fixed number of reads,
        then one INSERT per VISIT_BATCH visits. Returns the created visits."""
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        if date_to < date_from:
            raise UserError(self.env._("The journey plan ends (%(to)s) before it starts (%(from_)s).",
                                       to=date_to, from_=date_from))
        if beats is None:
            beats = self.env["dms.beat"].search([("active", "=", True)])
        beats = beats.filtered("active")
        if not beats:
            return self.browse()
        beats.line_ids.partner_id.fetch(["dms_closed_weekday"])
        specs = [beat._journey_spec() for beat in beats]
        companies = beats.company_id
        users = beats.user_id
        holidays = self._journey_holidays(companies, date_from, date_to)
        leaves = self._journey_leaves(users, date_from, date_to)
        existing = {
            (user.id, partner.id, day)
            for user, partner, day in self._read_group(
                [("is_planned", "=", True), ("user_id", "in", users.ids),
                 ("planned_date", ">=", date_from), ("planned_date", "<=", date_to)],
                ["user_id", "partner_id", "planned_date:day"], [])
        }
        specs_by_company = defaultdict(list)
        for beat, spec in zip(beats, specs, strict=True):
            specs_by_company[beat.company_id.id].append(spec)
        rows = []
        for company_id, company_specs in specs_by_company.items():
            plan = journey.plan_visits(company_specs, date_from, date_to, holidays=holidays.get(company_id, set()),
                                       leaves=leaves, existing=existing)
            existing.update((v.user_key, v.outlet_key, v.day) for v in plan.visits)
            rows.extend((company_id, v.user_key, v.outlet_key, v.beat_key, v.day, v.sequence) for v in plan.visits)
        return self._insert_planned_visits(rows)

    @api.model
    def _insert_planned_visits(self, rows):
        """Insert planned visits, skipping any the planned_visit_uniq constraint already holds (a
        concurrent run): ``INSERT ... ON CONFLICT DO NOTHING`` (``dms_sales.bulk.bulk_insert``, which
        sets defaults and the stored related fields, and checks the record rules on the new visits).
        rows: (company_id, user_id, partner_id, beat_id, planned_date, sequence). Returns the visits
        inserted."""
        if not rows:
            self.check_access("create")
            return self.browse()
        company, user, partner, beat, day, sequence = (list(col) for col in zip(*rows, strict=True))
        count = len(rows)
        # a planned visit has no check-in nor order yet: its computed duration and outcome are known
        # (the test comparing it with a create()d visit keeps this true)
        visits = bulk_insert(self, {
            "company_id": company, "user_id": user, "partner_id": partner, "beat_id": beat,
            "planned_date": day, "sequence": sequence, "is_planned": [True] * count,
            "duration_minutes": [0.0] * count, "outcome": [None] * count,
        }, skip_conflicts=True, batch_size=VISIT_BATCH)
        return self.browse(sorted(visits.ids))

    @api.model
    def _journey_holidays(self, companies, date_from, date_to):
        """{company id: days} of the public holidays of each company's working calendar."""
        calendars = companies.resource_calendar_id
        if not calendars:
            return {}
        # sudo: public holidays are company-wide facts every rep's plan depends on
        leaves = self.env["resource.calendar.leaves"].sudo().search([
            ("resource_id", "=", False), ("calendar_id", "in", calendars.ids),
            ("date_from", "<=", fields.Datetime.to_datetime(date_to) + timedelta(days=1)),
            ("date_to", ">=", fields.Datetime.to_datetime(date_from)),
        ])
        result = defaultdict(set)
        for company in companies:
            calendar = company.resource_calendar_id
            tz = pytz.timezone(calendar.tz or "UTC")
            for leave in leaves.filtered(lambda lv, c=calendar: lv.calendar_id == c):
                # stored in UTC: a holiday is the calendar's local days it covers
                start = pytz.utc.localize(leave.date_from).astimezone(tz).date()
                end = pytz.utc.localize(leave.date_to).astimezone(tz).date()
                result[company.id].update(self._days_between(start, end))
        return result

    @api.model
    def _journey_leaves(self, users, date_from, date_to):
        """{user id: days} the reps are on leave."""
        # sudo: a supervisor planning reps' days needs their leaves whoever recorded them
        leaves = self.env["dms.rep.leave"].sudo().search([
            ("user_id", "in", users.ids), ("date_from", "<=", date_to), ("date_to", ">=", date_from)])
        result = defaultdict(set)
        for leave in leaves:
            result[leave.user_id.id].update(self._days_between(leave.date_from, leave.date_to))
        return result

    @staticmethod
    def _days_between(start, end):
        return {start + timedelta(days=i) for i in range((end - start).days + 1)}

    @api.model
    def _cron_generate_journey_plan(self, days=14):
        """Keep the next ``days`` days planned for every active beat (idempotent)."""
        today = fields.Date.context_today(self)
        return self._generate_journey_plan(today, today + timedelta(days=days - 1))

    @api.model
    def _cron_mark_missed(self):
        """Close past days: planned visits nobody made become missed, "Not visited" (idempotent)."""
        today = fields.Date.context_today(self)
        self._close_missed([("planned_date", "<", today)])
        return True

    @api.model
    def _close_missed(self, domain, reason=None):
        """Planned visits of ``domain`` still not made become missed, with ``reason`` (a
        dms.visit.skip.reason; default "Not visited"). Visits in progress, done or skipped keep
        their state, so closing twice changes nothing. Returns the visits closed."""
        visits = self.search([("state", "=", "planned"), *domain])
        if not visits:
            return visits
        reason = reason or self.env.ref("dms_routing.dms_visit_skip_reason_not_visited", raise_if_not_found=False)
        with dms_system_write():
            visits.write({"state": "missed", "skip_reason_id": reason.id if reason else False,
                          "skip_time": fields.Datetime.now()})
        return visits


def _datetime_text(value):
    """A UTC datetime as the map widget reads it (it shows it in the user's timezone)."""
    return fields.Datetime.to_string(value) if value else None
