import logging
import os
import tempfile
import time
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class DmsSecondarySalesRegisterWizard(models.TransientModel):
    """Export the secondary sales register of a period to XLSX, for the territories and
    distributors chosen (empty: all those the user may see). Rows are read in chunks and streamed
    into a temporary file (engine/xlsx_stream.py): memory stays flat whatever the size."""

    _name = "dms.secondary.sales.register.wizard"
    _description = "Secondary Sales Register Export"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.context_today(self).replace(day=1))
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    territory_ids = fields.Many2many(
        "dms.territory", string="Territories", help="Lines of outlets in these territories or below. Empty: all.")
    distributor_ids = fields.Many2many(
        "res.partner", string="Distributors",
        domain="[('dms_role', 'in', ('distributor', 'wholesaler')), ('is_company', '=', True)]",
        help="Empty: every distributor.")
    line_count = fields.Integer(
        string="Lines to Export", compute="_compute_line_count",
        help="Lines of the register for these filters, among those you may see.")
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", readonly=True)
    attachment_id = fields.Many2one(
        "ir.attachment", string="Register", readonly=True,
        help="The exported workbook, stored from the file's bytes (no base64 copy of a large file).")
    filename = fields.Char(related="attachment_id.name")
    exported_count = fields.Integer(string="Lines Exported", readonly=True)
    duration = fields.Float(string="Seconds", readonly=True, digits=(16, 1))

    @api.depends("date_from", "date_to", "territory_ids", "distributor_ids")
    def _compute_line_count(self):
        Report = self.env["dms.report.secondary.sales"]
        for wizard in self:
            wizard.line_count = Report.search_count(wizard._domain()) if wizard.date_from and wizard.date_to else 0

    def _domain(self):
        self.ensure_one()
        start = datetime.combine(self.date_from, datetime.min.time())
        end = datetime.combine(self.date_to, datetime.min.time()) + timedelta(days=1)
        domain = [("date", ">=", start), ("date", "<", end)]
        if self.territory_ids:
            domain.append(("territory_id", "child_of", self.territory_ids.ids))
        if self.distributor_ids:
            domain.append(("distributor_id", "in", self.distributor_ids.ids))
        return domain

    def action_export(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._(
                "Register export: the period starts (From %(date_from)s) after it ends (To %(date_to)s).",
                date_from=self.date_from, date_to=self.date_to))
        Job = self.env["dms.job"]
        if Job._dms_in_background("register", self.line_count):
            return Job._dms_enqueue(
                "register", self.env._("Sales register %(start)s to %(end)s", start=self.date_from, end=self.date_to),
                self, "action_export", total=self.line_count)._dms_action_open()
        report = self.env["report.dms_reports.secondary_sales_register_xlsx"]
        started = time.monotonic()
        fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="dms_register_")
        os.close(fd)
        try:
            count = report._stream_register(path, self._domain())
            with open(path, "rb") as f:
                content = f.read()
        finally:
            os.unlink(path)
        duration = time.monotonic() - started
        _logger.info("secondary sales register: %d lines exported in %.1fs", count, duration)
        attachment = self.env["ir.attachment"].create({
            "name": "secondary_sales_register_%s_%s.xlsx" % (self.date_from, self.date_to),
            "raw": content, "res_model": self._name, "res_id": self.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
        del content
        self.write({"state": "done", "attachment_id": attachment.id, "exported_count": count, "duration": duration})
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "views": [(False, "form")], "target": "new",
        }

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("Register export: nothing exported yet, click Export first."))
        return {"type": "ir.actions.act_url", "url": "/web/content/%d?download=true" % self.attachment_id.id,
                "target": "self"}
