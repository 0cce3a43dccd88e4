from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_is_zero

from ..engine.incentive import payout as incentive_payout
from ..guard import dms_system_write


class DmsIncentivePayout(models.Model):
    _name = "dms.incentive.payout"
    _description = "Sales Incentive Payout"
    _inherit = ["mail.thread"]
    _order = "month desc, user_id, id"
    _check_company_auto = True
    _sql_constraints = [
        ("user_month_uniq", "UNIQUE(company_id, user_id, month)", "One incentive payout per rep and month."),
    ]

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one("res.users", string="Sales Rep", required=True, readonly=True, index=True,
                              help="The rep paid.")
    month = fields.Date(required=True, readonly=True, index=True, help="First day of the month paid for.")
    plan_id = fields.Many2one("dms.incentive.plan", required=True, readonly=True,
                              ondelete="restrict", check_company=True, help="The plan whose slabs gave the amount.")
    target_id = fields.Many2one("dms.target", readonly=True, ondelete="set null",
                                check_company=True, help="The rep's value target of the month.")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    target_value = fields.Monetary(readonly=True, help="The rep's value target when computed.")
    achieved_value = fields.Monetary(readonly=True,
                                     help="Untaxed confirmed and delivered secondary sales of the month.")
    achievement_percent = fields.Float(string="Achievement (%)", readonly=True, aggregator="avg",
                                       help="Achieved value over target value.")
    rate_percent = fields.Float(string="Rate (%)", readonly=True, aggregator=None,
                                help="Rate of the slab reached (0: below every slab).")
    fixed_bonus = fields.Monetary(readonly=True, help="Fixed bonus of the slab reached.")
    amount = fields.Monetary(readonly=True, tracking=True, help="Incentive paid: rate x achieved value + bonus.")
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("posted", "Posted")], default="draft",
        required=True, readonly=True, tracking=True, index=True,
        help="Draft: recomputed by each computation. Approved by a manager: kept. Posted by accounting: "
             "its journal entry is made.")
    approved_by_id = fields.Many2one("res.users", readonly=True, help="The manager who approved the payout.")
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True, copy=False, index="btree_not_null",
                              check_company=True, help="The entry of the incentive expense and the amount owed.")

    @api.depends("user_id", "month")
    def _compute_name(self):
        for payout in self:
            payout.name = " - ".join(p for p in (payout.user_id.name or "",
                                                 payout.month and payout.month.strftime("%Y-%m")) if p)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        for payout in self:
            if payout.state != "draft":
                raise UserError(self.env._("Payout %(payout)s is %(state)s: only draft payouts can be deleted.",
                                           payout=payout.name, state=payout.state))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_approve(self):
        self._check_group("dms_sales.group_dms_manager")
        self._lock()
        with dms_system_write():
            self.filtered(lambda p: p.state == "draft").write(
                {"state": "approved", "approved_by_id": self.env.uid})
        return True

    def action_reset_draft(self):
        self._check_group("dms_sales.group_dms_manager")
        self._lock()
        with dms_system_write():
            self.filtered(lambda p: p.state == "approved").write({"state": "draft", "approved_by_id": False})
        return True

    def action_post(self):
        """Post the approved payouts: one journal entry each (incentive expense to the rep's amount
        owed). Locked and re-checked, so two accountants posting at once post once."""
        self._check_group("account.group_account_invoice")
        self._lock()
        not_approved = self.filtered(lambda p: p.state == "draft")
        if not_approved:
            raise UserError(self.env._("Payout %(payout)s is not approved yet.", payout=not_approved[0].name))
        to_post = self.filtered(lambda p: p.state == "approved" and not p.move_id)
        for payout in to_post:
            move = self.env["account.move"]
            if not float_is_zero(payout.amount, precision_rounding=payout.currency_id.rounding):
                move = self.env["account.move"].create(payout._prepare_move_vals())
                move.action_post()
            with dms_system_write():
                payout.write({"state": "posted", "move_id": move.id})
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_group(self, xmlid):
        if not self.env.user.has_group(xmlid):
            raise AccessError(self.env._("Only %(group)s can do this on payouts %(payouts)s.",
                                         group=self.env.ref(xmlid).name, payouts=", ".join(self.mapped("name"))))

    def _lock(self):
        """Lock the payouts in id order, then read them again: a concurrent approval or posting waits
        here, then fails to serialize and is retried on a snapshot that sees the first one's result."""
        if self:
            self.env.cr.execute(SQL("SELECT id FROM dms_incentive_payout WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                                    tuple(self.ids)))
            self.invalidate_recordset()

    def _prepare_move_vals(self):
        self.ensure_one()
        company = self.company_id
        expense, payable = company.dms_incentive_expense_account_id, company.dms_incentive_payable_account_id
        journal = company.dms_incentive_journal_id or self.env["account.journal"].search([
            *self.env["account.journal"]._check_company_domain(company), ("type", "=", "general")], limit=1)
        missing = [self.env["res.company"]._fields[f]._description_string(self.env) for f, value in (
            ("dms_incentive_expense_account_id", expense), ("dms_incentive_payable_account_id", payable),
            ("dms_incentive_journal_id", journal)) if not value]
        if missing:
            raise UserError(self.env._(
                "Payout %(payout)s: set %(fields)s of company %(company)s in Settings (Invoicing, Sales Incentives).",
                payout=self.name, fields=", ".join(missing), company=company.name))
        label = self.env._("Sales incentive %(payout)s", payout=self.name)
        date = fields.Date.context_today(self)
        return {
            "move_type": "entry", "journal_id": journal.id, "company_id": company.id, "date": date, "ref": label,
            "line_ids": [
                fields.Command.create({"account_id": expense.id, "name": label, "debit": self.amount,
                                       "partner_id": self.user_id.partner_id.id}),
                fields.Command.create({"account_id": payable.id, "name": label, "credit": self.amount,
                                       "partner_id": self.user_id.partner_id.id}),
            ],
        }

    @api.model
    def _payout_values(self, plan, target, achieved_value, slabs):
        currency = plan.currency_id
        percent, amount, slab = incentive_payout(achieved_value, target.target_value, slabs, currency.decimal_places)
        return {
            "user_id": target.user_id.id, "month": target.month, "plan_id": plan.id, "target_id": target.id,
            "company_id": target.company_id.id, "target_value": target.target_value,
            "achieved_value": achieved_value, "achievement_percent": percent,
            "rate_percent": slab.rate_percent if slab else 0.0, "fixed_bonus": slab.fixed_bonus if slab else 0.0,
            "amount": currency.round(amount),
        }

    def _dms_set(self, vals):
        with dms_system_write():
            self.write(vals)

    @api.model
    def _dms_create(self, vals_list):
        with dms_system_write():
            return self.create(vals_list)
