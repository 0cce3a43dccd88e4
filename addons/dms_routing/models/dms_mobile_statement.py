import base64

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.dms_sales.guard import dms_system_write

from ..engine.mobile_statement import StatementError, match_rows, parse_csv


class DmsMobileStatement(models.Model):
    _name = "dms.mobile.statement"
    _description = "Mobile Money Statement"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    provider_id = fields.Many2one("dms.mobile.provider", required=True, check_company=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today, help="Day of the import.")
    file = fields.Binary(string="Statement File", attachment=False,
                         help="CSV exported from the provider: date, transaction id, amount, sender.")
    file_name = fields.Char()
    line_ids = fields.One2many("dms.mobile.statement.line", "statement_id", string="Lines", readonly=True)
    matched_count = fields.Integer(compute="_compute_counts", string="Matched")
    unmatched_count = fields.Integer(compute="_compute_counts", string="Not Matched")
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Reconciled")], default="draft", required=True, readonly=True,
        copy=False, tracking=True)

    @api.depends("provider_id.name", "date")
    def _compute_name(self):
        for statement in self:
            statement.name = "%s %s" % (statement.provider_id.name or "", statement.date or "")

    @api.depends("line_ids.status")
    def _compute_counts(self):
        for statement in self:
            matched = statement.line_ids.filtered(lambda ln: ln.status == "matched")
            statement.matched_count = len(matched)
            statement.unmatched_count = len(statement.line_ids) - len(matched)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda s: s.state == "done"):
            raise UserError(self.env._("A reconciled mobile money statement cannot be deleted."))

    def action_import(self):
        """Read the CSV, reconcile the lines whose transaction id and amount match a confirmed
        mobile money collection of the provider, and list the others with the reason."""
        for statement in self:
            statement._dms_lock()
            if statement.state != "draft":
                raise UserError(self.env._("Statement %(name)s is already reconciled.", name=statement.name))
            if not statement.file:
                raise UserError(self.env._("Statement %(name)s: upload the provider's CSV file first.",
                                           name=statement.name))
            try:
                rows = parse_csv(base64.b64decode(statement.file))
            except (StatementError, UnicodeDecodeError) as exc:
                raise UserError(self.env._("Statement %(name)s, file %(file)s: %(error)s", name=statement.name,
                                           file=statement.file_name or "", error=exc)) from None
            # sudo: the statement's own provider and company; reconciling posts entries the user
            # (a manager or accountant, per the ACLs of this model) may lack rights on
            statement.sudo()._dms_reconcile_rows(rows)
        return True

    def _dms_lock(self):
        self.ensure_one()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(SQL(
                    "SELECT id FROM dms_mobile_statement WHERE id = %s FOR UPDATE NOWAIT", self.id))
        except psycopg2.errors.LockNotAvailable:
            raise UserError(self.env._(
                "Statement %(name)s is being reconciled by someone else right now.", name=self.name)) from None
        self.invalidate_recordset(["state"])

    def _dms_reconcile_rows(self, rows):
        self.ensure_one()
        Collection = self.env["dms.collection"]
        candidates = Collection.search([
            # the wallet's money in these books: collected by anyone with this provider (a rep of the
            # principal records its provider; the payment went to this company's wallet of that name)
            ("method", "=", "mobile"), ("mobile_provider_id.name", "=", self.provider_id.name),
            ("books_company_id", "=", self.company_id.id), ("state", "=", "confirmed"),
            ("mobile_transaction_id", "in", [row.transaction_id for row in rows]),
        ])
        by_trx = {c.mobile_transaction_id: (c.id, c.amount, bool(c.clearing_move_id)) for c in candidates}
        results = match_rows(rows, by_trx, self.currency_id.rounding)
        line_vals = []
        for row, (status, collection_id) in zip(rows, results, strict=True):
            collection = Collection.browse(collection_id)
            if status == "matched":
                collection._dms_lock()
                if collection.clearing_move_id:  # matched by another statement meanwhile
                    status = "already"
                else:
                    move = collection._dms_clear_payment(row.date, self.env._(
                        "%(provider)s %(trx)s (%(name)s)", provider=self.provider_id.name,
                        trx=row.transaction_id, name=collection.name))
                    with dms_system_write():
                        collection.clearing_move_id = move
            line_vals.append({
                "statement_id": self.id, "line": row.line, "date": row.date, "transaction_id": row.transaction_id,
                "amount": row.amount, "sender": row.sender, "status": status, "collection_id": collection_id,
            })
        with dms_system_write():
            self.line_ids.unlink()
            self.env["dms.mobile.statement.line"].create(line_vals)
            self.state = "done"
