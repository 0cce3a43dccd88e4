

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import journey

WEEKDAY_FIELDS = ("on_monday", "on_tuesday", "on_wednesday", "on_thursday", "on_friday", "on_saturday", "on_sunday")
MONTH_WEEK_FIELDS = ("month_week_1", "month_week_2", "month_week_3", "month_week_4", "month_week_5")
# Colours of the map markers of a beat's outlets and of a day's visits, by visit state.
STATE_COLORS = {"planned": "#3b82f6", "in_progress": "#f59e0b", "done": "#16a34a", "skipped": "#9333ea",
                "missed": "#dc2626", "cancelled": "#6b7280"}


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
    sequence_lock = fields.Boolean(
        tracking=True,
        help="The rep checks in at an outlet only after every outlet before it on the beat was visited or "
             "skipped with a reason that day (web, field app and API alike).")
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
                                "color": STATE_COLORS["planned"], "seq": index,
                                "details": [[self.env._("Outlet Code"), outlet.dms_outlet_code or ""]]})
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
