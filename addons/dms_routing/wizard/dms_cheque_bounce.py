from odoo import api, fields, models


class DmsChequeBounce(models.TransientModel):
    _name = "dms.cheque.bounce"
    _description = "Cheque Bounced"
    _check_company_auto = True

    collection_id = fields.Many2one(
        "dms.collection", string="Cheque", required=True,
        domain="[('method', '=', 'cheque'), ('state', '=', 'deposited')]")
    company_id = fields.Many2one(related="collection_id.books_company_id", string="Booked In")
    currency_id = fields.Many2one(related="collection_id.currency_id")
    date = fields.Date(string="Returned On", required=True, default=fields.Date.context_today)
    reason = fields.Char(help="The bank's reason, e.g. insufficient funds, signature mismatch.")
    charge_amount = fields.Monetary(string="Bank Charge", help="What the bank charged for the returned cheque.")
    charge_account_id = fields.Many2one(
        "account.account", check_company=True,
        compute="_compute_charge_account_id", store=True, readonly=False,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Expense account of the bank charge (default: the company's Bounced Cheque Charges account).")

    @api.depends("collection_id")
    def _compute_charge_account_id(self):
        for wizard in self:
            wizard.charge_account_id = wizard.collection_id.books_company_id.dms_cheque_bounce_account_id

    def action_bounce(self):
        self.ensure_one()
        self.collection_id._dms_bounce_cheque(self.date, self.charge_amount, self.charge_account_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
