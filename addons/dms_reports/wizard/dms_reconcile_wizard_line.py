from odoo import fields, models


class DmsReconcileWizardLine(models.TransientModel):
    _name = "dms.reconcile.wizard.line"
    _description = "Proposed Distributor Reconciliation"
    _order = "sequence, id"

    wizard_id = fields.Many2one("dms.reconcile.wizard", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(help="Order in which the matches are reconciled.")
    selected = fields.Boolean(string="Reconcile", default=True, help="Untick to leave this match out.")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    payment_line_id = fields.Many2one("account.move.line", string="Payment Item", readonly=True)
    invoice_line_id = fields.Many2one("account.move.line", string="Invoice Item", readonly=True)
    payment_move_id = fields.Many2one(related="payment_line_id.move_id", string="Payment")
    invoice_move_id = fields.Many2one(related="invoice_line_id.move_id", string="Invoice")
    payment_name = fields.Char(related="payment_line_id.move_id.name", string="Payment Number")
    invoice_name = fields.Char(related="invoice_line_id.move_id.name", string="Invoice Number")
    payment_ref = fields.Char(related="payment_line_id.move_id.ref", string="Payment Memo")
    invoice_date_due = fields.Date(related="invoice_line_id.date_maturity", string="Invoice Due")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    amount = fields.Monetary(readonly=True, help="Amount proposed, company currency.")
    rule = fields.Selection(
        [("reference", "Reference"), ("amount", "Exact Amount"), ("oldest", "Oldest First")],
        string="Matched By", readonly=True,
        help="Reference: the payment memo names the invoice; Exact Amount: same open amount; "
             "Oldest First: the rest of the payment goes to the oldest open invoices.")
