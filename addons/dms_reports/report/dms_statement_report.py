from odoo import api, fields, models

from ..engine.statement import AGEING_BUCKETS


def statement_period(env, data):
    """(date_from, date_to) from the report data; without data (printed from a record), the
    current month to date."""
    data = data or {}
    today = fields.Date.context_today(env.user)
    date_to = fields.Date.to_date(data.get("date_to")) or today
    date_from = fields.Date.to_date(data.get("date_from")) or date_to.replace(day=1)
    return date_from, date_to


def kind_labels(env):
    return {
        "invoice": env._("Invoice"), "credit_note": env._("Credit Note"),
        "payment": env._("Payment"), "other": env._("Other"),
    }


class DmsStatementReport(models.AbstractModel):
    _name = "report.dms_reports.report_distributor_statement"
    _description = "Distributor Statement of Account (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        date_from, date_to = statement_period(self.env, data)
        partners = self.env["res.partner"].browse(docids).commercial_partner_id
        statements = partners._dms_statements(date_from, date_to)
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "statements": {partner.id: stmt for partner, stmt in statements.items()},
            "date_from": date_from,
            "date_to": date_to,
            "kinds": kind_labels(self.env),
            "buckets": AGEING_BUCKETS,
            "currency": self.env.company.currency_id,
            "company": self.env.company,
        }
