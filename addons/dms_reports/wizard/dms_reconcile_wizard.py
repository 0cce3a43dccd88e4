from markupsafe import Markup
from psycopg2.errors import LockNotAvailable

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..engine.matching import OpenItem, propose_matches


class DmsReconcileWizard(models.TransientModel):
    """Propose matches of open inbound payments to open invoices of the same commercial partner,
    let the accountant untick some, then reconcile and log each match."""
    _name = "dms.reconcile.wizard"
    _description = "Reconcile Distributor Payments"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    distributor_ids = fields.Many2many(
        "res.partner", string="Distributors",
        domain="[('dms_role', 'in', ('distributor', 'wholesaler')), ('is_company', '=', True)]",
        help="Distributors whose payments (and those of their outlets) to match. Empty: all.")
    state = fields.Selection([("draft", "Draft"), ("proposed", "Proposed"), ("done", "Done")],
                             default="draft", readonly=True)
    line_ids = fields.One2many("dms.reconcile.wizard.line", "wizard_id", string="Proposed Matches")
    log_ids = fields.Many2many("dms.reconcile.log", string="Reconciliations", readonly=True)

    def _check_reconcile_rights(self):
        if self.env.su:
            return
        user = self.env.user
        if not (user.has_group("account.group_account_invoice") or user.has_group("dms_sales.group_dms_manager")):
            raise AccessError(self.env._("Only accountants and distribution managers may reconcile payments."))

    def _open_lines_domain(self):
        domain = [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("amount_residual", "!=", 0),
        ]
        if self.distributor_ids:
            distributors = self.distributor_ids.commercial_partner_id
            domain += ["|", ("partner_id.commercial_partner_id", "in", distributors.ids),
                       ("partner_id.commercial_partner_id.dms_distributor_id", "in", distributors.ids)]
        else:
            domain += ["|", ("partner_id.commercial_partner_id.dms_role", "in", ("distributor", "wholesaler")),
                       ("partner_id.commercial_partner_id.dms_distributor_id", "!=", False)]
        return domain

    def _open_items(self):
        """(payments, invoices) as engine items: open inbound payment credits and open invoice debits."""
        # sudo: distribution managers reconcile without accounting rights (checked by the caller);
        # only open receivable items of distributors and their outlets are read.
        lines = self.env["account.move.line"].sudo().search(self._open_lines_domain(), order="date, id")
        payments, invoices = [], []
        for line in lines:
            partner = line.partner_id.commercial_partner_id.id
            if line.amount_residual < 0 and line.payment_id.payment_type == "inbound":
                text = " ".join(filter(None, [line.payment_id.memo, line.move_id.ref, line.name]))
                payments.append(OpenItem(line.id, partner, -line.amount_residual, line.date, line.date_maturity, text))
            elif line.amount_residual > 0 and line.move_id.move_type in ("out_invoice", "out_receipt"):
                invoices.append(OpenItem(line.id, partner, line.amount_residual, line.date, line.date_maturity,
                                         line.move_id.name))
        return payments, invoices

    def action_propose(self):
        self._check_reconcile_rights()
        self.ensure_one()
        payments, invoices = self._open_items()
        matches = propose_matches(payments, invoices, digits=self.currency_id.decimal_places)
        self.line_ids = [Command.clear()] + [Command.create({
            "sequence": seq, "partner_id": m.partner_id, "payment_line_id": m.payment_id,
            "invoice_line_id": m.invoice_id, "amount": m.amount, "rule": m.rule,
        }) for seq, m in enumerate(matches)]
        self.state = "proposed"
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "views": [(False, "form")], "target": "new",
        }

    def _lock(self, move_lines):
        """Lock the items so that two runs cannot reconcile the same ones; the second run is told
        to try again rather than waiting."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(SQL(
                    "SELECT id FROM account_move_line WHERE id IN %s ORDER BY id FOR UPDATE NOWAIT",
                    tuple(move_lines.ids)))
        except LockNotAvailable as exc:
            raise UserError(self.env._(
                "Another reconciliation of these payments is running. Try again in a moment.")) from exc
        move_lines.invalidate_recordset(["amount_residual", "reconciled"])

    def action_reconcile(self):
        self._check_reconcile_rights()
        self.ensure_one()
        if self.state != "proposed":
            raise UserError(self.env._("Propose the matches first (Proposed Matches)."))
        selected = self.line_ids.filtered("selected")
        if not selected:
            raise UserError(self.env._("No proposed match is ticked (Reconcile)."))
        # sudo: see _open_items; the lines come from this wizard's own proposal and are checked
        # again below (still open, same partner) after being locked.
        move_lines = (selected.payment_line_id | selected.invoice_line_id).sudo()
        self._lock(move_lines)
        # still open and in scope now that they are locked (lines may also have been written
        # over RPC: only open receivable items of distributors and their outlets qualify)
        open_lines = move_lines.search(self._open_lines_domain() + [("id", "in", move_lines.ids)])
        logs_vals = []
        for match in selected:
            # sudo: same lines as move_lines above, checked against open_lines just below
            pay_line, inv_line = match.payment_line_id.sudo(), match.invoice_line_id.sudo()
            if pay_line not in open_lines or inv_line not in open_lines \
                    or pay_line.amount_residual >= 0 or inv_line.amount_residual <= 0:
                continue  # reconciled meanwhile (by hand or by another run): never twice
            if pay_line.partner_id.commercial_partner_id != inv_line.partner_id.commercial_partner_id:
                raise UserError(self.env._(
                    "Payment %(payment)s and invoice %(invoice)s belong to different customers.",
                    payment=pay_line.move_id.name, invoice=inv_line.move_id.name))
            before = pay_line.matched_debit_ids
            (pay_line | inv_line).reconcile()
            partial = pay_line.matched_debit_ids - before
            logs_vals.append({
                "user_id": self.env.uid, "company_id": self.company_id.id,
                "partner_id": inv_line.partner_id.commercial_partner_id.id,
                "payment_line_id": pay_line.id, "invoice_line_id": inv_line.id,
                "partial_id": partial[:1].id, "amount": sum(partial.mapped("amount")), "rule": match.rule,
            })
        # sudo: the log is an audit trail nobody writes to directly (no create right)
        logs = self.env["dms.reconcile.log"].sudo().create(logs_vals)
        for log in logs:
            amount = log.currency_id.format(log.amount)
            body = Markup("%s") % self.env._(
                "Reconciled %(amount)s between invoice %(invoice)s and payment %(payment)s by %(user)s "
                "(Reconcile Distributors, matched by %(rule)s).",
                amount=amount, invoice=log.invoice_line_id.move_id.name, payment=log.payment_line_id.move_id.name,
                user=self.env.user.name, rule=dict(log._fields["rule"]._description_selection(self.env))[log.rule])
            log.invoice_line_id.move_id.message_post(body=body)
            (log.payment_line_id.payment_id or log.payment_line_id.move_id).message_post(body=body)
        self.write({"state": "done", "log_ids": [Command.set(logs.ids)]})
        return self._reopen()
