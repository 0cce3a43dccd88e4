from odoo import fields, models
from odoo.exceptions import UserError


class DmsChequeDeposit(models.TransientModel):
    _name = "dms.cheque.deposit"
    _description = "Deposit Cheques"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    collection_ids = fields.Many2many(
        "dms.collection", string="Cheques", required=True, check_company=True,
        domain="[('method', '=', 'cheque'), ('state', '=', 'received')]")
    journal_id = fields.Many2one(
        "account.journal", string="Bank Journal", required=True, check_company=True,
        domain="[('type', '=', 'bank')]",
        default=lambda self: self.env.company.dms_deposit_journal_id,
        help="Bank account the cheques are paid into; their payments wait in its outstanding receipts "
             "account until the bank clears them.")
    date = fields.Date(string="Deposit Date", required=True, default=fields.Date.context_today)

    def action_deposit(self):
        self.ensure_one()
        self.collection_ids._dms_check_treasury_user()
        early = self.collection_ids.filtered(lambda c: c.cheque_date and c.cheque_date > self.date)
        if early:
            raise UserError(self.env._(
                "Cheque %(number)s of %(name)s is post-dated %(cheque_date)s: it cannot be deposited on %(date)s.",
                number=early[0].cheque_number, name=early[0].name, cheque_date=early[0].cheque_date, date=self.date))
        for collection in self.collection_ids:
            collection._dms_deposit_cheque(self.journal_id, self.date)
        return {"type": "ir.actions.act_window_close"}
