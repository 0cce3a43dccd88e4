from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dms_sales.guard import dms_system_write


class DmsRepDay(models.Model):
    """A rep's working day: when and where it started and ended (the field app's Start day / End
    day, with the phone's GPS). One per rep and date; set only by the rep's own start and end."""

    _name = "dms.rep.day"
    _description = "Sales Rep Working Day"
    _order = "date desc, user_id, id desc"
    _check_company_auto = True
    _sql_constraints = [
        ("user_date_uniq", "unique(user_id, date)", "A rep has one working day per date."),
    ]

    user_id = fields.Many2one(
        "res.users", string="Sales Rep", required=True, readonly=True, index=True,
        default=lambda self: self.env.user, domain="[('share', '=', False)]")
    date = fields.Date(required=True, readonly=True, index=True,
                       help="The rep's own date (the phone's local day) this working day belongs to.")
    start_time = fields.Datetime(string="Started", required=True, readonly=True)
    start_latitude = fields.Float(digits=(10, 7), readonly=True)
    start_longitude = fields.Float(digits=(10, 7), readonly=True)
    start_accuracy = fields.Float(string="Start Accuracy (m)", readonly=True)
    end_time = fields.Datetime(string="Ended", readonly=True)
    end_latitude = fields.Float(digits=(10, 7), readonly=True)
    end_longitude = fields.Float(digits=(10, 7), readonly=True)
    end_accuracy = fields.Float(string="End Accuracy (m)", readonly=True)
    has_start_gps = fields.Boolean(string="Start GPS", readonly=True)
    has_end_gps = fields.Boolean(string="End GPS", readonly=True)
    state = fields.Selection([("started", "Started"), ("ended", "Ended")], compute="_compute_state", store=True)
    worked_hours = fields.Float(compute="_compute_worked_hours", store=True, aggregator="sum")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 default=lambda self: self.env.company)

    @api.depends("end_time")
    def _compute_state(self):
        for day in self:
            day.state = "ended" if day.end_time else "started"

    @api.depends("start_time", "end_time")
    def _compute_worked_hours(self):
        for day in self:
            ended = day.end_time and day.start_time
            day.worked_hours = (day.end_time - day.start_time).total_seconds() / 3600 if ended else 0.0

    @api.constrains("start_time", "end_time")
    def _check_times(self):
        for day in self:
            if day.end_time and day.end_time < day.start_time:
                raise ValidationError(self.env._(
                    "Working day of %(rep)s on %(date)s: Ended (%(end)s) is before Started (%(start)s).",
                    rep=day.user_id.name, date=day.date, end=day.end_time, start=day.start_time))

    @api.depends("user_id", "date")
    def _compute_display_name(self):
        for day in self:
            day.display_name = f"{day.user_id.name}: {day.date}"

    # Business methods ------------------------------------------------------------------------

    @api.model
    def _start_day(self, date, when, position=None, extra=None):
        """The current user starts their day ``date`` at ``when`` (naive UTC) where ``position``
        ((latitude, longitude, accuracy or None), or None without a GPS fix) says. Refused if the
        day was started already."""
        day = self.search([("user_id", "=", self.env.uid), ("date", "=", date)])
        if day:
            raise ValidationError(self.env._(
                "Working day of %(rep)s on %(date)s: already started at %(start)s.",
                rep=day.user_id.name, date=date, start=day.start_time))
        vals = {"user_id": self.env.uid, "date": date, "start_time": when, "company_id": self.env.company.id,
                **self._position_vals("start", position), **(extra or {})}
        with dms_system_write():  # the rep's own day, the values checked by the caller
            return self.create(vals)

    @api.model
    def _end_day(self, date, when, position=None, extra=None, missed_reason=None):
        """The current user ends their day ``date``: refused if it was not started or is ended.
        The planned visits of the day (and before) not made become missed, with ``missed_reason``
        (a dms.visit.skip.reason, default "Not visited")."""
        day = self.search([("user_id", "=", self.env.uid), ("date", "=", date)])
        if not day:
            raise ValidationError(self.env._(
                "Working day of %(rep)s on %(date)s: not started, it cannot end.", rep=self.env.user.name, date=date))
        if day.end_time:
            raise ValidationError(self.env._(
                "Working day of %(rep)s on %(date)s: already ended at %(end)s.",
                rep=day.user_id.name, date=date, end=day.end_time))
        with dms_system_write():
            day.write({"end_time": when, **self._position_vals("end", position), **(extra or {})})
        self.env["dms.visit"]._close_missed(
            [("user_id", "=", self.env.uid), ("planned_date", "<=", date)], reason=missed_reason)
        return day

    @api.model
    def _position_vals(self, prefix, position):
        if not position:
            return {"has_%s_gps" % prefix: False}
        latitude, longitude, accuracy = position
        return {"%s_latitude" % prefix: latitude, "%s_longitude" % prefix: longitude,
                "%s_accuracy" % prefix: accuracy or 0.0, "has_%s_gps" % prefix: True}
