from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.dms_sales.guard import dms_system_write


class DmsCashDeposit(models.Model):
    """A collector's day closed: what they collected that day (and earlier days not closed yet), per
    method, against what they hand over, counted per method; the cash goes on to the bank, each
    distributor's cash into its own books (see `_dms_post_entry`)."""

    _name = "dms.cash.deposit"
    _description = "Collector Day Close"
    _inherit = ["dms.collector.document"]

    user_id = fields.Many2one(help="Driver or rep handing in what they collected.")
    date = fields.Date(help="Day closed: the collector's collections up to this day not closed yet are included.")
    distributor_id = fields.Many2one(
        "res.partner", compute="_compute_network", store=True, index=True,
        help="Distributor of the collections when they all belong to one.")
    territory_id = fields.Many2one(
        "dms.territory", compute="_compute_network", store=True, index=True,
        help="Territory of the collections when they all belong to one, else the collector's first.")
    collection_ids = fields.One2many(
        "dms.collection", "deposit_id", string="Collections", readonly=True,
        help="The collections closed here: cash confirmed, cheques received, mobile money confirmed.")
    amount_expected = fields.Monetary(
        string="Cash Expected", compute="_compute_amounts", store=True,
        help="Sum of the cash collections of this close.")
    amount_deposited = fields.Monetary(
        string="Cash Counted", tracking=True, help="Cash actually handed in, counted; it goes to the bank.")
    amount_difference = fields.Monetary(
        string="Cash Difference", compute="_compute_amounts", store=True,
        help="Cash counted minus expected: negative is a shortage, positive a surplus.")
    cheque_count_expected = fields.Integer(
        string="Cheques Expected", compute="_compute_amounts", store=True,
        help="Number of cheques collected in this close.")
    amount_cheque_expected = fields.Monetary(
        string="Cheque Amount Expected", compute="_compute_amounts", store=True,
        help="Sum of the cheques collected in this close.")
    cheque_count_counted = fields.Integer(
        string="Cheques Handed Over", tracking=True, help="Number of cheques the collector handed over.")
    amount_cheque_counted = fields.Monetary(
        string="Cheque Amount Handed Over", tracking=True, help="Sum of the cheques the collector handed over.")
    amount_cheque_difference = fields.Monetary(
        string="Cheque Difference", compute="_compute_amounts", store=True,
        help="Cheques handed over minus collected (amount).")
    mobile_count_expected = fields.Integer(
        string="Mobile Payments Expected", compute="_compute_amounts", store=True,
        help="Number of mobile money collections in this close.")
    amount_mobile_expected = fields.Monetary(
        string="Mobile Money Expected", compute="_compute_amounts", store=True,
        help="Sum of the mobile money collections of this close.")
    amount_mobile_counted = fields.Monetary(
        string="Mobile Money Confirmed", tracking=True,
        help="Mobile money the collector shows as received (the provider's messages on the phone).")
    amount_mobile_difference = fields.Monetary(
        string="Mobile Money Difference", compute="_compute_amounts", store=True,
        help="Mobile money confirmed minus collected.")
    amount_total_expected = fields.Monetary(
        string="Total Expected", compute="_compute_amounts", store=True, help="All methods collected.")
    amount_total_counted = fields.Monetary(
        string="Total Handed Over", compute="_compute_amounts", store=True, help="All methods handed over.")
    amount_total_difference = fields.Monetary(
        string="Total Difference", compute="_compute_amounts", store=True, help="Handed over minus collected.")
    journal_id = fields.Many2one(
        "account.journal", string="Deposit Journal", check_company=True, domain="[('type', '=', 'bank')]",
        default=lambda self: self.env.company.dms_deposit_journal_id,
        help="Bank journal the cash goes to. Defaults to the company's Cash Deposit Journal. Cash collected for a "
             "distributor keeping its own books goes to its company's Cash Deposit Journal.")
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True, copy=False, check_company=True)
    move_ids = fields.Many2many(
        "account.move", "dms_cash_deposit_move_rel", "deposit_id", "move_id", string="Journal Entries",
        readonly=True, copy=False,
        help="The deposit entries: one per books the cash belongs to (this company, distributors' own companies).")
    state = fields.Selection(
        [("draft", "Open"), ("posted", "Closed")], default="draft", required=True, readonly=True,
        copy=False, index=True, tracking=True)

    _sql_constraints = [
        ("user_date_company_uniq", "unique(user_id, date, company_id)", "A collector closes each day once."),
    ]

    @api.depends("collection_ids.amount", "collection_ids.method", "amount_deposited", "cheque_count_counted",
                 "amount_cheque_counted", "amount_mobile_counted")
    def _compute_amounts(self):
        for deposit in self:
            per_method = {"cash": [], "cheque": [], "mobile": []}
            for collection in deposit.collection_ids:
                per_method[collection.method].append(collection.amount)
            deposit.amount_expected = sum(per_method["cash"])
            deposit.amount_difference = deposit.amount_deposited - deposit.amount_expected
            deposit.cheque_count_expected = len(per_method["cheque"])
            deposit.amount_cheque_expected = sum(per_method["cheque"])
            deposit.amount_cheque_difference = deposit.amount_cheque_counted - deposit.amount_cheque_expected
            deposit.mobile_count_expected = len(per_method["mobile"])
            deposit.amount_mobile_expected = sum(per_method["mobile"])
            deposit.amount_mobile_difference = deposit.amount_mobile_counted - deposit.amount_mobile_expected
            deposit.amount_total_expected = (
                deposit.amount_expected + deposit.amount_cheque_expected + deposit.amount_mobile_expected)
            deposit.amount_total_counted = (
                deposit.amount_deposited + deposit.amount_cheque_counted + deposit.amount_mobile_counted)
            deposit.amount_total_difference = deposit.amount_total_counted - deposit.amount_total_expected

    @api.depends("collection_ids.distributor_id", "collection_ids.territory_id", "user_id")
    def _compute_network(self):
        for deposit in self:
            distributors = deposit.collection_ids.distributor_id
            territories = deposit.collection_ids.territory_id
            deposit.distributor_id = distributors if len(distributors) == 1 else False
            deposit.territory_id = territories if len(territories) == 1 else deposit.user_id.dms_territory_ids[:1]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            user = vals.get("user_id", self.env.uid)
            date = vals.get("date") or fields.Date.context_today(self)
            company = vals.get("company_id", self.env.company.id)
            # sudo: whether this collector's day is closed already, whoever closed it (only that is said)
            done = self.sudo().search([("user_id", "=", user), ("date", "=", date), ("company_id", "=", company)],
                                      limit=1)
            if done:
                raise ValidationError(self.env._(
                    "%(user)s's day %(date)s is closed in %(close)s already: a collector closes each day once.",
                    user=done.user_id.name, date=done.date, close=done.name))
        deposits = super().create(vals_list)
        deposits._dms_fetch_collections()
        return deposits

    def write(self, vals):
        counted = {"amount_deposited", "cheque_count_counted", "amount_cheque_counted", "amount_mobile_counted",
                   "user_id", "date", "company_id", "journal_id"}
        closed = self.filtered(lambda d: d.state == "posted")
        if closed and counted & vals.keys():
            raise UserError(self.env._(
                "Day close %(name)s is closed: its collector, day and counted amounts can no longer change.",
                name=closed[0].name))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        for deposit in self:
            if deposit.state == "posted":
                raise UserError(self.env._("Day close %(name)s is closed: it cannot be deleted.", name=deposit.name))

    def _dms_fetch_collections(self):
        """Attach the collector's collections up to the date not closed yet: cash and mobile money
        confirmed, cheques received (deposited or not since)."""
        for deposit in self.filtered(lambda d: d.state == "draft"):
            # sudo: a collector may attach only their own collections (the domain below); the
            # supervisor creating the close for them may not see every payer's collection.
            todo = self.env["dms.collection"].sudo().search([
                ("user_id", "=", deposit.user_id.id), ("company_id", "=", deposit.company_id.id),
                ("deposit_id", "=", False), ("date", "<=", deposit.date),
                "|", "&", ("method", "in", ("cash", "mobile")), ("state", "=", "confirmed"),
                "&", ("method", "=", "cheque"), ("state", "not in", ("draft", "cancel")),
            ])
            todo.deposit_id = deposit

    def action_fetch_collections(self):
        self._dms_fetch_collections()
        return True

    def action_post(self):
        """Close the day: post the entries taking the cash from the collections journals to the
        bank, the difference to the shortage or surplus account. The close row is locked and its
        state read again first: a double click or two users at once close it once."""
        for deposit in self:
            deposit._dms_lock()
            if deposit.state != "draft":
                raise UserError(self.env._("Day close %(name)s is already closed.", name=deposit.name))
            # sudo: collectors and supervisors post their deposit without accounting rights; the
            # entry is built only from this deposit's own collections and the company's settings.
            deposit.sudo()._dms_post_entry()
            deposit.message_post(body=deposit._dms_summary())
        return True

    def _dms_lock(self):
        """Wait for this close's row (FOR NO KEY UPDATE) and re-read it: whoever comes second sees
        it closed (or is retried on a serialization failure, then sees it closed)."""
        self.ensure_one()
        self.env.cr.execute(SQL("SELECT id FROM dms_cash_deposit WHERE id = %s FOR NO KEY UPDATE", self.id))
        self.invalidate_recordset(["state", "move_id", "move_ids"])

    def _dms_summary(self):
        self.ensure_one()
        fmt = self.currency_id.format
        return self.env._(
            "Day closed. Cash: expected %(cash_e)s, counted %(cash_c)s, difference %(cash_d)s. Cheques: %(chq_n)s "
            "collected for %(chq_e)s, %(chq_nc)s handed over for %(chq_c)s, difference %(chq_d)s. Mobile money: "
            "expected %(mob_e)s, confirmed %(mob_c)s, difference %(mob_d)s.",
            cash_e=fmt(self.amount_expected), cash_c=fmt(self.amount_deposited), cash_d=fmt(self.amount_difference),
            chq_n=self.cheque_count_expected, chq_e=fmt(self.amount_cheque_expected),
            chq_nc=self.cheque_count_counted, chq_c=fmt(self.amount_cheque_counted),
            chq_d=fmt(self.amount_cheque_difference), mob_e=fmt(self.amount_mobile_expected),
            mob_c=fmt(self.amount_mobile_counted), mob_d=fmt(self.amount_mobile_difference))

    def _dms_post_entry(self):
        """One entry per books the cash is in. Cash collected for a distributor keeping its own books
        goes to that company's bank in full; this company (the collector's) takes the rest and the
        whole difference: a shortage is the collector's, not the distributor's."""
        self.ensure_one()
        company = self.company_id
        cash = self.collection_ids.filtered(lambda c: c.method == "cash")
        by_books = defaultdict(lambda: self.env["dms.collection"])
        for collection in cash:
            by_books[collection.books_company_id] |= collection
        moves = self.env["account.move"]
        for books, collections in by_books.items():
            if books != company:
                total = sum(collections.mapped("amount"))
                moves |= self._dms_deposit_move(books, books._dms_deposit_journal(), collections, total, 0.0)
        others = sum(cash.filtered(lambda c: c.books_company_id != company).mapped("amount"))
        own = by_books.get(company, self.env["dms.collection"])
        journal = self.journal_id or company._dms_deposit_journal()
        difference = self.amount_deposited - self.amount_expected
        own_move = self.env["account.move"]
        if own or not self.currency_id.is_zero(difference):
            own_move = self._dms_deposit_move(company, journal, own, self.amount_deposited - others, difference)
        with dms_system_write():
            self.write({"move_id": own_move.id, "move_ids": [Command.set((own_move | moves).ids)],
                        "state": "posted", "journal_id": journal.id})

    def _dms_deposit_move(self, company, journal, collections, banked, difference):
        """The posted entry of `company`: `collections`' cash out of the accounts it was paid into,
        `banked` into `journal`, `difference` to the company's shortage or surplus account."""
        currency = self.currency_id
        lines = []
        per_account = defaultdict(float)
        for collection in collections:
            per_account[collection.payment_id.outstanding_account_id] += collection.amount
        for account, amount in per_account.items():
            lines.append({"name": self.env._("Cash collected by %(user)s", user=self.user_id.name),
                          "account_id": account.id, "credit": amount, "debit": 0.0})
        if not currency.is_zero(banked):
            lines.append({"name": self.env._("Cash deposited by %(user)s", user=self.user_id.name),
                          "account_id": journal.default_account_id.id,
                          "debit": max(banked, 0.0), "credit": max(-banked, 0.0)})
        if not currency.is_zero(difference):
            if difference < 0:
                account = company.dms_cash_diff_expense_account_id or company.default_cash_difference_expense_account_id
                vals = {"debit": -difference, "credit": 0.0, "name": self.env._("Cash deposit shortage")}
            else:
                account = company.dms_cash_diff_income_account_id or company.default_cash_difference_income_account_id
                vals = {"debit": 0.0, "credit": difference, "name": self.env._("Cash deposit surplus")}
            if not account:
                raise UserError(self.env._(
                    "Day close %(name)s differs by %(difference)s but no cash difference account is set "
                    "for %(company)s.", name=self.name, difference=difference, company=company.name))
            lines.append({**vals, "account_id": account.id})
        move = self.env["account.move"].with_company(company).create({
            "move_type": "entry",
            "journal_id": journal.id,
            "date": self.date,
            "ref": self.name,
            "company_id": company.id,
            "line_ids": [Command.create(line) for line in lines],
        })
        move.action_post()
        return move
