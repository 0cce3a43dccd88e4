from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dms_sales.guard import dms_system_write


class DmsCashDeposit(models.Model):
    _name = "dms.cash.deposit"
    _description = "Collector Cash Deposit"
    _inherit = ["dms.collector.document"]

    user_id = fields.Many2one(help="Driver or rep handing in the cash they collected.")
    date = fields.Date(help="Deposit day: confirmed cash collections up to this day are included.")
    distributor_id = fields.Many2one(
        "res.partner", compute="_compute_network", store=True, index=True,
        help="Distributor of the collections when they all belong to one.")
    territory_id = fields.Many2one(
        "dms.territory", compute="_compute_network", store=True, index=True,
        help="Territory of the collections when they all belong to one, else the collector's first.")
    collection_ids = fields.One2many(
        "dms.collection", "deposit_id", string="Collections", readonly=True,
        help="Confirmed cash collections handed in with this deposit.")
    amount_expected = fields.Monetary(
        string="Expected", compute="_compute_amount_expected", store=True,
        help="Sum of the cash collections of this deposit.")
    amount_deposited = fields.Monetary(string="Deposited", tracking=True, help="Cash actually handed in.")
    amount_difference = fields.Monetary(
        string="Difference", compute="_compute_amount_expected", store=True,
        help="Deposited minus expected: negative is a shortage, positive a surplus.")
    journal_id = fields.Many2one(
        "account.journal", string="Deposit Journal", check_company=True, domain="[('type', '=', 'bank')]",
        default=lambda self: self.env.company.dms_deposit_journal_id,
        help="Bank journal the cash goes to. Defaults to the company's Cash Deposit Journal.")
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True, copy=False, check_company=True)
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted")], default="draft", required=True, readonly=True,
        copy=False, index=True, tracking=True)

    @api.depends("collection_ids.amount", "amount_deposited")
    def _compute_amount_expected(self):
        for deposit in self:
            deposit.amount_expected = sum(deposit.collection_ids.mapped("amount"))
            deposit.amount_difference = deposit.amount_deposited - deposit.amount_expected

    @api.depends("collection_ids.distributor_id", "collection_ids.territory_id", "user_id")
    def _compute_network(self):
        for deposit in self:
            distributors = deposit.collection_ids.distributor_id
            territories = deposit.collection_ids.territory_id
            deposit.distributor_id = distributors if len(distributors) == 1 else False
            deposit.territory_id = territories if len(territories) == 1 else deposit.user_id.dms_territory_ids[:1]

    @api.model_create_multi
    def create(self, vals_list):
        deposits = super().create(vals_list)
        deposits._dms_fetch_collections()
        return deposits

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        for deposit in self:
            if deposit.state == "posted":
                raise UserError(self.env._("Cash deposit %(name)s is posted: it cannot be deleted.", name=deposit.name))

    def _dms_fetch_collections(self):
        """Attach the collector's confirmed cash collections not deposited yet, up to the date."""
        for deposit in self.filtered(lambda d: d.state == "draft"):
            # sudo: a collector may attach only their own confirmed cash (the domain below); the
            # supervisor creating the deposit for them may not see every payer's collection.
            todo = self.env["dms.collection"].sudo().search([
                ("user_id", "=", deposit.user_id.id), ("company_id", "=", deposit.company_id.id),
                ("books_company_id", "=", deposit.company_id.id),
                ("method", "=", "cash"), ("state", "=", "confirmed"), ("deposit_id", "=", False),
                ("date", "<=", deposit.date),
            ])
            todo.deposit_id = deposit

    def action_fetch_collections(self):
        self._dms_fetch_collections()
        return True

    def action_post(self):
        """Post the entry moving the cash from the collections journal's account to the bank
        journal's, the difference to the shortage or surplus account."""
        for deposit in self:
            if deposit.state != "draft":
                raise UserError(self.env._("Cash deposit %(name)s is already posted.", name=deposit.name))
            if not deposit.collection_ids:
                raise UserError(self.env._(
                    "Cash deposit %(name)s has no cash collections to deposit.", name=deposit.name))
            # sudo: collectors and supervisors post their deposit without accounting rights; the
            # entry is built only from this deposit's own collections and the company's settings.
            deposit.sudo()._dms_post_entry()
        return True

    def _dms_post_entry(self):
        self.ensure_one()
        company = self.company_id
        journal = self.journal_id or company._dms_deposit_journal()
        currency = self.currency_id
        lines = []
        # credit each account the collections were paid into (the collections journal's cash)
        per_account = defaultdict(float)
        for collection in self.collection_ids:
            per_account[collection.payment_id.outstanding_account_id] += collection.amount
        for account, amount in per_account.items():
            lines.append({"name": self.env._("Cash collected by %(user)s", user=self.user_id.name),
                          "account_id": account.id, "credit": amount, "debit": 0.0})
        if not currency.is_zero(self.amount_deposited):
            lines.append({"name": self.env._("Cash deposited by %(user)s", user=self.user_id.name),
                          "account_id": journal.default_account_id.id, "debit": self.amount_deposited, "credit": 0.0})
        difference = self.amount_deposited - self.amount_expected
        if not currency.is_zero(difference):
            if difference < 0:
                account = company.dms_cash_diff_expense_account_id or company.default_cash_difference_expense_account_id
                vals = {"debit": -difference, "credit": 0.0, "name": self.env._("Cash deposit shortage")}
            else:
                account = company.dms_cash_diff_income_account_id or company.default_cash_difference_income_account_id
                vals = {"debit": 0.0, "credit": difference, "name": self.env._("Cash deposit surplus")}
            if not account:
                raise UserError(self.env._(
                    "Cash deposit %(name)s differs by %(difference)s but no cash difference account is set "
                    "for %(company)s.", name=self.name, difference=difference, company=company.name))
            lines.append({**vals, "account_id": account.id})
        move = self.env["account.move"].create({
            "move_type": "entry",
            "journal_id": journal.id,
            "date": self.date,
            "ref": self.name,
            "company_id": company.id,
            "line_ids": [(0, 0, line) for line in lines],
        })
        move.action_post()
        with dms_system_write():
            self.write({"move_id": move.id, "state": "posted", "journal_id": journal.id})
