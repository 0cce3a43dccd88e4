import base64
import logging

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from ..engine.schedule import next_run, period_just_ended

_logger = logging.getLogger(__name__)


class DmsReportSubscription(models.Model):
    """A user receives an export by email every week or month, for the period just ended,
    rendered with that user's access rights."""
    _name = "dms.report.subscription"
    _description = "Scheduled Report Subscription"
    _order = "next_run_date, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True)
    user_id = fields.Many2one(
        "res.users", string="Subscriber", required=True, index=True, default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Receives the report by email; the report shows only what this user may see.")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    report_code = fields.Selection(
        selection="_selection_report_code", string="Report", required=True,
        help="Export to send. Other modules add theirs by extending _dms_subscription_reports().")
    frequency = fields.Selection(
        [("weekly", "Weekly"), ("monthly", "Monthly")], required=True, default="monthly",
        help="Weekly: Monday to Sunday, sent on Monday. Monthly: the calendar month, sent on the 1st.")
    next_run_date = fields.Date(
        required=True, default=lambda self: next_run("monthly", fields.Date.context_today(self)),
        help="Day the report for the period just ended is sent next.")
    distributor_ids = fields.Many2many(
        "res.partner", "dms_report_subscription_distributor_rel", "subscription_id", "partner_id",
        string="Distributors", domain="[('dms_role', 'in', ('distributor', 'wholesaler')), ('is_company', '=', True)]",
        help="Only these distributors. Empty: every distributor the subscriber may see.")
    territory_ids = fields.Many2many(
        "dms.territory", "dms_report_subscription_territory_rel", "subscription_id", "territory_id",
        string="Territories", help="Only distributors covering these territories (and targets of them).")
    last_period_start = fields.Date(readonly=True, copy=False, help="First day of the last period sent.")
    last_period_end = fields.Date(
        readonly=True, copy=False, help="Last day of the last period sent: a period is never sent twice.")

    @api.depends("user_id", "report_code", "frequency")
    def _compute_name(self):
        labels = dict(self._selection_report_code())
        frequencies = dict(self._fields["frequency"]._description_selection(self.env))
        for sub in self:
            sub.name = " - ".join(filter(None, [
                labels.get(sub.report_code), frequencies.get(sub.frequency), sub.user_id.name]))

    @api.constrains("report_code")
    def _check_report_code(self):
        reports = self._dms_subscription_reports()
        for sub in self:
            if sub.report_code not in reports:
                raise ValidationError(self.env._(
                    "Subscription %(name)s: report %(code)s is not available (Report).",
                    name=sub.name, code=sub.report_code))

    @api.onchange("frequency")
    def _onchange_frequency(self):
        self.next_run_date = next_run(self.frequency, fields.Date.context_today(self))

    # ------------------------------------------------------------------
    # Report registry
    # ------------------------------------------------------------------

    @api.model
    def _dms_subscription_reports(self):
        """Exports one can subscribe to: {code: (label, method name)}. The method, on this model,
        takes (date_from, date_to) and returns (report xmlid, records, data) for the subscriber.
        Other modules extend this with `res = super()._dms_subscription_reports()`."""
        return {
            "statement": (self.env._("Statement of Account (XLSX)"), "_dms_report_statement"),
            "target": (self.env._("Target Achievement (XLSX)"), "_dms_report_target"),
            "claim": (self.env._("Scheme Claim Statement (XLSX)"), "_dms_report_claim"),
        }

    @api.model
    def _selection_report_code(self):
        return [(code, label) for code, (label, __) in self._dms_subscription_reports().items()]

    def _dms_distributors(self):
        """Distributors of the subscription, as far as the subscriber may see them."""
        domain = [("dms_role", "in", ("distributor", "wholesaler")), ("is_company", "=", True)]
        if self.distributor_ids:
            domain.append(("id", "in", self.distributor_ids.ids))
        if self.territory_ids:
            domain.append(("dms_covered_territory_ids", "child_of", self.territory_ids.ids))
        distributors = self.env["res.partner"].search(domain)
        Line = self.env["dms.receivable.line"]
        if not Line.has_access("read"):
            return distributors.browse()
        # Only those whose statement the subscriber may print: items exist and all are visible.
        mine = dict(Line._read_group([("partner_id", "in", distributors.ids)], ["partner_id"], ["__count"]))
        # sudo: counts the items only, to leave out distributors the subscriber may not see whole
        counts = dict(Line.sudo()._read_group(
            [("partner_id", "in", [partner.id for partner in mine])], ["partner_id"], ["__count"]))
        return distributors.filtered(lambda partner: mine.get(partner) and mine[partner] == counts.get(partner))

    def _dms_report_statement(self, date_from, date_to):
        data = {"date_from": fields.Date.to_string(date_from), "date_to": fields.Date.to_string(date_to)}
        return "dms_reports.dms_statement_xlsx", self._dms_distributors(), data

    def _dms_report_target(self, date_from, date_to):
        domain = [("month", ">=", date_from.replace(day=1)), ("month", "<=", date_to)]
        if self.distributor_ids or self.territory_ids:
            domain += ["|", "|", ("distributor_id", "in", self.distributor_ids.ids),
                       ("territory_id", "child_of", self.territory_ids.ids),
                       ("user_id.dms_territory_ids", "child_of", self.territory_ids.ids)]
        return "dms_reports.dms_target_xlsx", self.env["dms.target"].search(domain), {}

    def _dms_report_claim(self, date_from, date_to):
        domain = [("date_to", ">=", date_from), ("date_to", "<=", date_to), ("state", "!=", "cancelled")]
        if self.distributor_ids:
            domain.append(("distributor_id", "in", self.distributor_ids.ids))
        if self.territory_ids:
            domain.append(("distributor_id.dms_covered_territory_ids", "child_of", self.territory_ids.ids))
        return "dms_reports.dms_claim_xlsx", self.env["dms.claim"].search(domain), {}

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    def action_send_now(self):
        """Send the report of the period just ended now (again, if it was sent already)."""
        for sub in self:
            sub._dms_send(*period_just_ended(sub.frequency, fields.Date.context_today(sub)))
        return True

    def _dms_render(self, date_from, date_to):
        """(file name, content) of the export, rendered as the subscriber."""
        self.ensure_one()
        as_user = self.with_user(self.user_id).with_company(self.company_id).with_context(
            allowed_company_ids=self.company_id.ids)
        __, method = self._dms_subscription_reports()[self.report_code]
        report_ref, records, data = getattr(as_user, method)(date_from, date_to)
        report = as_user.env["ir.actions.report"]._get_report(report_ref)
        content, fmt = report._render(report_ref, records.ids, data=data)
        filename = "%s_%s_%s.%s" % (report.report_file or "report", date_from, date_to, fmt)
        return filename, content

    def _dms_send(self, date_from, date_to):
        self.ensure_one()
        filename, content = self._dms_render(date_from, date_to)
        attachment = self.env["ir.attachment"].create({
            "name": filename, "datas": base64.b64encode(content), "res_model": self._name, "res_id": self.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if filename.endswith(".xlsx") else "application/pdf",
        })
        self.write({"last_period_start": date_from, "last_period_end": date_to})
        template = self.env.ref("dms_reports.mail_template_dms_report_subscription")
        template.send_mail(self.id, email_values={"attachment_ids": [Command.link(attachment.id)]})

    @api.model
    def _cron_send_reports(self):
        """Send every due subscription the report of its period just ended, once per period; one
        failing subscription is logged and does not stop the others."""
        today = fields.Date.context_today(self)
        subscriptions = self.search([("next_run_date", "<=", today)])
        Job = self.env["dms.job"]
        if Job._dms_in_background("reports", len(subscriptions)):
            Job._dms_enqueue("reports", self.env._("Scheduled reports of %(date)s", date=today), subscriptions,
                             "_dms_send_due", args=[today], chunk=5)
            return subscriptions
        return subscriptions._dms_send_due(today)

    def _dms_send_due(self, today):
        """Send these subscriptions the report of their period just ended (see the cron)."""
        for sub in self:
            date_from, date_to = period_just_ended(sub.frequency, today)
            if not (sub.last_period_end and sub.last_period_end >= date_to):
                try:
                    with self.env.cr.savepoint():
                        sub._dms_send(date_from, date_to)
                except Exception:
                    _logger.exception("Scheduled report %s (id %s) failed for %s to %s",
                                      sub.name, sub.id, date_from, date_to)
                    continue
            sub.next_run_date = next_run(sub.frequency, today)
        return self
