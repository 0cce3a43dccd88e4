from odoo import fields, models


class DmsReconcileLog(models.Model):
    """Audit trail of the reconciliations made by the Reconcile Distributors wizard: one record per
    match, never edited."""
    _name = "dms.reconcile.log"
    _description = "Distributor Reconciliation Log"
    _order = "id desc"
    _check_company_auto = True

    user_id = fields.Many2one("res.users", string="Reconciled By", required=True, readonly=True, index=True)
    date = fields.Datetime(string="Reconciled On", required=True, readonly=True, default=fields.Datetime.now)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True, index=True)
    payment_line_id = fields.Many2one("account.move.line", string="Payment Item", required=True, readonly=True)
    invoice_line_id = fields.Many2one("account.move.line", string="Invoice Item", required=True, readonly=True)
    payment_move_id = fields.Many2one(related="payment_line_id.move_id", string="Payment Entry")
    invoice_move_id = fields.Many2one(related="invoice_line_id.move_id", string="Invoice")
    payment_name = fields.Char(related="payment_line_id.move_id.name", string="Payment Number")
    invoice_name = fields.Char(related="invoice_line_id.move_id.name", string="Invoice Number")
    partial_id = fields.Many2one("account.partial.reconcile", string="Partial Reconciliation", readonly=True)
    amount = fields.Monetary(readonly=True, help="Amount reconciled, company currency.")
    rule = fields.Selection(
        [("reference", "Reference"), ("amount", "Exact Amount"), ("oldest", "Oldest First")],
        string="Matched By", readonly=True)
