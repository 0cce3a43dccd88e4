import random
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from ..engine import geo, journey

WEEKDAY_FIELDS = ("on_monday", "on_tuesday", "on_wednesday", "on_thursday", "on_friday", "on_saturday", "on_sunday")
MONTH_WEEK_FIELDS = ("month_week_1", "month_week_2", "month_week_3", "month_week_4", "month_week_5")
# Colours of the map markers of a beat's outlets and of a day's visits, by visit state.
STATE_COLORS = {"planned": "#3b82f6", "in_progress": "#f59e0b", "done": "#16a34a", "missed": "#dc2626",
                "cancelled": "#6b7280"}


class DmsBeat(models.Model):
    _name = "dms.beat"
    _description = "Beat"
    _inherit = ["mail.thread"]
    _order = "user_id, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, help="Name of the route, e.g. 'Gulshan 1 - Saturday'.")
    code = fields.Char(help="Short code, unique per company.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    user_id = fields.Many2one(
        "res.users", string="Sales Rep", required=True, index=True, tracking=True,
        domain="[('share', '=', False)]", help="The rep who runs this beat: the journey plan gives them its visits.")
    distributor_id = fields.Many2one(
        "res.partner", required=True, index=True, tracking=True, check_company=True,
        domain="[('dms_role', 'in', ('distributor', 'wholesaler')), ('is_company', '=', True)]",
        help="Every outlet of the beat must be served by this distributor.")
    territory_id = fields.Many2one(
        "dms.territory", required=True, index=True, tracking=True, check_company=True,
        help="Every outlet of the beat must be in this territory or below it.")
    line_ids = fields.One2many("dms.beat.line", "beat_id", string="Outlets", copy=True)
    outlet_count = fields.Integer(compute="_compute_outlet_count")
    frequency = fields.Selection(
        [("weekly", "Weekly"), ("fortnightly", "Fortnightly"), ("monthly", "Monthly")],
        required=True, default="weekly", tracking=True,
        help="Weekly: every week on the chosen days. Fortnightly: every other week (week A or B). "
             "Monthly: on the chosen days of the chosen weeks of the month.")
    on_monday = fields.Boolean(string="Monday")
    on_tuesday = fields.Boolean(string="Tuesday")
    on_wednesday = fields.Boolean(string="Wednesday")
    on_thursday = fields.Boolean(string="Thursday")
    on_friday = fields.Boolean(string="Friday")
    on_saturday = fields.Boolean(string="Saturday")
    on_sunday = fields.Boolean(string="Sunday")
    fortnight_week = fields.Selection(
        [("a", "Week A"), ("b", "Week B")], default="a",
        help="Fortnightly beats run on week A or on week B. Without an anchor date, odd ISO weeks are A.")
    fortnight_anchor = fields.Date(
        string="Week A Anchor",
        help="Fortnightly beats: the week of this date is week A, and every second week after it. "
             "Empty: ISO week parity (odd ISO weeks are A).")
    month_week_1 = fields.Boolean(string="Week 1 (days 1-7)")
    month_week_2 = fields.Boolean(string="Week 2 (days 8-14)")
    month_week_3 = fields.Boolean(string="Week 3 (days 15-21)")
    month_week_4 = fields.Boolean(string="Week 4 (days 22-28)")
    month_week_5 = fields.Boolean(string="Week 5 (days 29-31)")
    date_start = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today,
        help="No visits are planned for this beat before this date.")
    date_end = fields.Date(string="Valid Until", help="No visits are planned after this date. Empty: open-ended.")
    visit_ids = fields.One2many("dms.visit", "beat_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_visit_count")
    map_data = fields.Json(
        compute="_compute_map_data", string="Beat Map",
        help="The beat's outlets in visiting order and the line joining them (dms_map widget format).")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The beat code must be unique per company."),
    ]

    def _compute_outlet_count(self):
        counts = dict(self.env["dms.beat.line"]._read_group(
            [("beat_id", "in", self.ids)], ["beat_id"], ["__count"]))
        for beat in self:
            beat.outlet_count = counts.get(beat, 0)

    def _compute_visit_count(self):
        counts = dict(self.env["dms.visit"]._read_group(
            [("beat_id", "in", self.ids)], ["beat_id"], ["__count"]))
        for beat in self:
            beat.visit_count = counts.get(beat, 0)

    @api.depends("line_ids.sequence", "line_ids.partner_id.partner_latitude",
                 "line_ids.partner_id.partner_longitude")
    def _compute_map_data(self):
        for beat in self:
            markers, path = [], []
            for index, line in enumerate(beat.line_ids.sorted("sequence"), start=1):
                outlet = line.partner_id
                if not (outlet.partner_latitude or outlet.partner_longitude):
                    continue
                point = [outlet.partner_latitude, outlet.partner_longitude]
                markers.append({"lat": point[0], "lng": point[1], "label": outlet.display_name,
                                "color": STATE_COLORS["planned"], "seq": index})
                path.append(point)
            beat.map_data = {"markers": markers, "lines": [path] if len(path) > 1 else []}

    @api.constrains(*WEEKDAY_FIELDS, *MONTH_WEEK_FIELDS, "frequency", "date_start", "date_end")
    def _check_schedule(self):
        for beat in self:
            if not beat._weekdays():
                raise ValidationError(self.env._(
                    "Beat %(beat)s: choose at least one day of the week (Monday ... Sunday).", beat=beat.name))
            if beat.frequency == "monthly" and not beat._month_weeks():
                raise ValidationError(self.env._(
                    "Beat %(beat)s: a monthly beat needs at least one week of the month (Week 1 ... Week 5).",
                    beat=beat.name))
            if beat.date_end and beat.date_end < beat.date_start:
                raise ValidationError(self.env._(
                    "Beat %(beat)s: Valid Until (%(end)s) is before Valid From (%(start)s).",
                    beat=beat.name, end=beat.date_end, start=beat.date_start))

    @api.constrains("territory_id", "distributor_id", "user_id", "line_ids")
    def _check_outlets(self):
        self.line_ids._check_outlet()
        for beat in self:
            # sudo: membership of the territory is checked whoever edits the beat
            if beat.user_id not in beat.territory_id.sudo().member_user_ids:
                raise ValidationError(self.env._(
                    "Beat %(beat)s: %(rep)s (Sales Rep) is not assigned to territory %(territory)s "
                    "or to a territory above it, so they could not see its outlets.",
                    beat=beat.name, rep=beat.user_id.name, territory=beat.territory_id.complete_name))

    def _weekdays(self):
        self.ensure_one()
        return frozenset(i for i, name in enumerate(WEEKDAY_FIELDS) if self[name])

    def _month_weeks(self):
        self.ensure_one()
        return frozenset(i for i, name in enumerate(MONTH_WEEK_FIELDS, start=1) if self[name])

    def _journey_spec(self):
        """The beat as plain data for ``engine.journey``."""
        self.ensure_one()
        lines = self.line_ids.sorted("sequence")
        return journey.BeatSpec(
            key=self.id, user_key=self.user_id.id, frequency=self.frequency, weekdays=self._weekdays(),
            fortnight_week=self.fortnight_week or "a", anchor=self.fortnight_anchor or None,
            month_weeks=self._month_weeks(), date_start=self.date_start, date_end=self.date_end or None,
            outlets=tuple((ln.partner_id.id, int(ln.partner_id.dms_closed_weekday)
                           if ln.partner_id.dms_closed_weekday else None) for ln in lines),
        )

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_routing.dms_visit_action")
        action["domain"] = [("beat_id", "=", self.id)]
        action["context"] = {"default_beat_id": self.id, "default_user_id": self.user_id.id}
        return action

    def action_open_journey_plan(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_routing.dms_journey_plan_wizard_action")
        action["context"] = {"default_beat_ids": self.ids}
        return action

    def _dms_generate_journey_plan(self, date_from, date_to):
        """The journey plan of these beats (a chunk of a background job): the visits created."""
        return self.env["dms.visit"]._generate_journey_plan(date_from, date_to, self)

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------

    @api.model
    def _create_demo_field_data(self):
        """Demo: two beats per demo rep and territory-distributor pair (Sat/Mon/Wed and Sun/Tue/Thu,
        every third one fortnightly), a leave, the journey plan of the current and next week, and
        the last two weeks' visits done or missed with outcomes. Deterministic; runs once."""
        data = self.env["ir.model.data"].search([
            ("module", "=", "dms_sales"), ("model", "in", ("res.users", "res.partner", "product.product")),
            ("name", "=like", "%_demo")])
        reps = self.env["res.users"].browse(data.filtered(
            lambda d: d.model == "res.users" and d.name.startswith("res_users_rep_")).mapped("res_id")).sorted("login")
        outlets = self.env["res.partner"].browse(data.filtered(
            lambda d: d.model == "res.partner" and d.name.startswith("res_partner_outlet_")).mapped("res_id")).filtered(
            lambda p: p.dms_outlet_state == "approved" and p.dms_distributor_id).sorted("dms_outlet_code")
        products = self.env["product.product"].browse(
            data.filtered(lambda d: d.model == "product.product").mapped("res_id")).sorted("default_code")
        if not reps or not outlets or self.search_count([("user_id", "in", reps.ids)], limit=1):
            return self.browse()
        today = fields.Date.context_today(self)
        vals_list, count = [], 0
        for rep in reps:
            for territory in rep.dms_territory_ids.sorted("code"):
                mine = outlets.filtered(lambda o, t=territory: o.dms_territory_id == t)
                for distributor in mine.dms_distributor_id.sorted("name"):
                    served = mine.filtered(lambda o, d=distributor: o.dms_distributor_id == d)
                    half = (len(served) + 1) // 2
                    for part, days in ((served[:half], ("on_saturday", "on_monday", "on_wednesday")),
                                       (served[half:], ("on_sunday", "on_tuesday", "on_thursday"))):
                        if not part:
                            continue
                        count += 1
                        fortnightly = count % 3 == 0
                        vals_list.append({
                            "name": "%s - %s %s" % (territory.name, distributor.name.split()[0],
                                                    "A" if days[0] == "on_saturday" else "B"),
                            "code": "BT-%03d" % count, "user_id": rep.id, "territory_id": territory.id,
                            "distributor_id": distributor.id, "company_id": territory.company_id.id,
                            "frequency": "fortnightly" if fortnightly else "weekly",
                            "date_start": today - timedelta(days=60),
                            **dict.fromkeys(days, True),
                            "line_ids": [Command.create({"partner_id": o.id, "sequence": 10 * i})
                                         for i, o in enumerate(part, start=1)],
                        })
        beats = self.create(vals_list)
        monday = today - timedelta(days=today.weekday())
        self.env["dms.rep.leave"].create({
            "user_id": reps[-1].id, "date_from": monday + timedelta(days=8), "date_to": monday + timedelta(days=8),
            "name": "Family event", "company_id": reps[-1].company_id.id})
        Visit = self.env["dms.visit"]
        past = Visit._generate_journey_plan(today - timedelta(days=14), today - timedelta(days=1), beats)
        Visit._generate_journey_plan(monday, monday + timedelta(days=13), beats)
        self._demo_visit_outcomes(past, products)
        return beats

    @api.model
    def _demo_visit_outcomes(self, visits, products):
        """Past planned visits: most done (an order about a third of the time, else a reason),
        some missed; one check-in out of the geofence; one unplanned visit."""
        rng = random.Random(7)
        reasons = self.env["dms.no.order.reason"].search([("active", "=", True)])
        tz = pytz.timezone("Asia/Dhaka")
        order_vals, order_visits, done = [], [], self.env["dms.visit"]
        for visit in visits.sorted(lambda v: (v.planned_date, v.user_id.id, v.sequence)):
            if rng.random() < 0.12:
                visit.state = "missed"
                continue
            outlet = visit.partner_id
            start = tz.localize(datetime.combine(visit.planned_date, time(10)) + timedelta(
                minutes=25 * visit.sequence + rng.randint(0, 10))).astimezone(pytz.utc).replace(tzinfo=None)
            lat = outlet.partner_latitude + rng.uniform(-0.0002, 0.0002)
            lng = outlet.partner_longitude + rng.uniform(-0.0002, 0.0002)
            _inside, distance = geo.within_fence((lat, lng), (outlet.partner_latitude, outlet.partner_longitude), 100)
            visit.write({
                "state": "done", "check_in_time": start,
                "check_out_time": start + timedelta(minutes=rng.randint(6, 22)),
                "check_in_latitude": lat, "check_in_longitude": lng, "check_in_accuracy": rng.choice((8, 12, 15, 25)),
                "check_out_latitude": lat, "check_out_longitude": lng, "check_out_accuracy": 15,
                "distance_m": distance, "fence_radius": 100, "out_of_fence": False,
            })
            done |= visit
            if products and rng.random() < 0.35:
                order_visits.append(visit)
                order_vals.append({
                    "partner_id": outlet.id, "distributor_id": outlet.dms_distributor_id.id,
                    "company_id": visit.company_id.id, "user_id": visit.user_id.id, "date_order": start,
                    "line_ids": [Command.create({"product_id": p.id, "product_uom_qty": rng.choice((6, 12, 24))})
                                 for p in rng.sample(list(products), min(len(products), rng.randint(1, 5)))],
                })
            elif reasons:
                visit.no_order_reason_id = rng.choice(reasons)
        if order_vals:
            orders = self.env["dms.secondary.order"].with_context(tracking_disable=True).create(order_vals)
            orders.action_confirm()
            for visit, order in zip(order_visits, orders, strict=True):
                visit.order_id = order
                order.confirmation_date = order.date_order
        no_order = done.filtered("no_order_reason_id")
        if no_order:
            far = no_order[len(no_order) // 2]
            lat = far.partner_id.partner_latitude + 0.0035  # about 390 m north
            _inside, distance = geo.within_fence(
                (lat, far.check_in_longitude), (far.partner_id.partner_latitude, far.partner_id.partner_longitude), 100)
            far.write({"check_in_latitude": lat, "check_in_longitude": far.partner_id.partner_longitude,
                       "distance_m": distance, "out_of_fence": True})
        if done:
            last = done[-1]
            others = self.env["dms.beat.line"].search([
                ("beat_id.user_id", "=", last.user_id.id),
                ("partner_id", "not in", done.filtered(
                    lambda v, d=last: v.planned_date == d.planned_date and v.user_id == d.user_id).partner_id.ids),
            ], limit=1).partner_id
            if others:
                self.env["dms.visit"].create({
                    "user_id": last.user_id.id, "partner_id": others.id, "planned_date": last.planned_date,
                    "company_id": last.company_id.id, "sequence": last.sequence + 1, "state": "done",
                    "check_in_time": last.check_out_time + timedelta(minutes=15),
                    "check_out_time": last.check_out_time + timedelta(minutes=27),
                    "check_in_latitude": others.partner_latitude, "check_in_longitude": others.partner_longitude,
                    "check_in_accuracy": 10, "fence_radius": 100, "no_order_reason_id": reasons[:1].id,
                    "notes": "Dropped in on the way back: the owner asked for the new price list.",
                })
        return done
