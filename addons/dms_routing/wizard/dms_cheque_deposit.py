from odoo import api, fields, models
from odoo.exceptions import UserError


class DmsChequeDeposit(models.TransientModel):
    _name = "dms.cheque.deposit"
    _description = "Deposit Cheques"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, compute="_compute_company_id", store=True, readonly=False, precompute=True,
        help="Company whose books the cheques pay (their Booked In): the bank journal is one of its.")
    collection_ids = fields.Many2many(
        "dms.collection", string="Cheques", required=True,
        domain="[('method', '=', 'cheque'), ('state', '=', 'received'), ('books_company_id', '=', company_id)]")
    journal_id = fields.Many2one(
        "account.journal", string="Bank Journal", required=True, check_company=True,
        domain="[('type', '=', 'bank')]", compute="_compute_journal_id", store=True, readonly=False, precompute=True,
        help="Bank account the cheques are paid into; their payments wait in its outstanding receipts "
             "account until the bank clears them.")
    date = fields.Date(string="Deposit Date", required=True, default=fields.Date.context_today)

    @api.depends("collection_ids")
    def _compute_company_id(self):
        for wizard in self:
            books = wizard.collection_ids.books_company_id
            if len(books) == 1:
                wizard.company_id = books
            elif not wizard.company_id:
                wizard.company_id = self.env.company

    @api.depends("company_id")
    def _compute_journal_id(self):
        for wizard in self:
            company = wizard.company_id
            if wizard.journal_id.company_id != company:
                wizard.journal_id = company.dms_deposit_journal_id or self.env["account.journal"].search(
                    [("company_id", "=", company.id), ("type", "=", "bank")], limit=1)

    def action_deposit(self):
        self.ensure_one()
        self.collection_ids._dms_check_treasury_user()
        other = self.collection_ids.filtered(lambda c: c.books_company_id != self.company_id)
        if other:
            raise UserError(self.env._(
                "Cheque %(number)s of %(name)s pays the books of %(books)s, not %(company)s: deposit it separately.",
                number=other[0].cheque_number, name=other[0].name, books=other[0].books_company_id.name,
                company=self.company_id.name))
        early = self.collection_ids.filtered(lambda c: c.cheque_date and c.cheque_date > self.date)
        if early:
            raise UserError(self.env._(
                "Cheque %(number)s of %(name)s is post-dated %(cheque_date)s: it cannot be deposited on %(date)s.",
                number=early[0].cheque_number, name=early[0].name, cheque_date=early[0].cheque_date, date=self.date))
        for collection in self.collection_ids:
            collection._dms_deposit_cheque(self.journal_id, self.date)
        return {"type": "ir.actions.act_window_close"}
