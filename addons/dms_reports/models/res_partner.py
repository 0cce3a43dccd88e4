from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..engine.statement import Partial, ReceivableLine, build_statement


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_dms_statement(self):
        """Open the statement wizard for these distributors."""
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_reports.dms_statement_wizard_action")
        action["context"] = {"default_distributor_ids": self.commercial_partner_id.ids}
        return action

    def _dms_check_statement_access(self):
        """Statements show every receivable item of a distributor: allowed only to users whose
        record rules on dms.receivable.line let them see all of them (managers and accountants;
        reps and supervisors for the distributors of their territories; distributor staff for
        their own distributor)."""
        Line = self.env["dms.receivable.line"]
        Line.check_access("read")
        if self.env.su:
            return
        domain = [("partner_id", "in", self.ids)]
        visible = dict(Line._read_group(domain, ["partner_id"], ["__count"]))
        # sudo: only counts the items the user could not see, to refuse the statement if any
        hidden = [partner for partner, count in Line.sudo()._read_group(domain, ["partner_id"], ["__count"])
                  if visible.get(partner, 0) != count]
        if hidden:
            raise AccessError(self.env._(
                "You may not see the statement of account of %(partners)s: it belongs to territories "
                "that are not yours.", partners=", ".join(partner.display_name for partner in hidden)))

    def _dms_statement_rows(self, date_to):
        """Receivable items dated up to `date_to` of these commercial partners, and the partial
        reconciliations between them, in the company of the environment: two queries."""
        company = self.env.company
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env["dms.claim"].flush_model(["credit_note_id"])
        self.env.cr.execute(SQL("""
            SELECT id, move_id, move_name, date, balance, kind, date_maturity, ref,
                   claim_id IS NOT NULL AS is_claim, partner_id
              FROM dms_receivable_line
             WHERE partner_id IN %(partners)s AND company_id = %(company)s AND date <= %(date_to)s
          ORDER BY date, move_name, id
        """, partners=tuple(self.ids), company=company.id, date_to=date_to))
        rows_by_partner = {partner_id: [] for partner_id in self.ids}
        for row in self.env.cr.fetchall():
            *values, partner_id = row
            values[7] = values[7] or ""
            rows_by_partner[partner_id].append(ReceivableLine(*values))
        line_ids = tuple(line.id for rows in rows_by_partner.values() for line in rows) or (0,)
        self.env.cr.execute(SQL("""
            SELECT debit_move_id, credit_move_id, amount, max_date
              FROM account_partial_reconcile
             WHERE max_date <= %(date_to)s AND (debit_move_id IN %(ids)s OR credit_move_id IN %(ids)s)
        """, date_to=date_to, ids=line_ids))
        partials = [Partial(*row) for row in self.env.cr.fetchall()]
        return rows_by_partner, partials

    def _dms_statements(self, date_from, date_to):
        """{commercial partner: engine.statement.Statement} for these distributors."""
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        partners = self.commercial_partner_id
        partners._dms_check_statement_access()
        if not partners:
            return {}
        rows_by_partner, partials = partners._dms_statement_rows(date_to)
        digits = self.env.company.currency_id.decimal_places
        return {
            partner: build_statement(rows_by_partner[partner.id], partials, date_from, date_to, digits=digits)
            for partner in partners
        }
