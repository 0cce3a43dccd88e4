from odoo import api, fields, models
from odoo.exceptions import UserError


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_visit_fence_radius = fields.Integer(
        string="Visit Geofence Radius (m)", default=100,
        help="A check-in farther than this from the outlet's coordinates is flagged as out of fence "
             "(never refused).")
    dms_collection_journal_id = fields.Many2one(
        "account.journal", string="Collections Journal", check_company=True,
        domain="[('type', 'in', ('cash', 'bank'))]",
        help="Journal of the payments recorded from field cash collections (a cheque records no payment "
             "until it is deposited).",
    )
    dms_deposit_journal_id = fields.Many2one(
        "account.journal", string="Cash Deposit Journal", check_company=True,
        domain="[('type', '=', 'bank')]",
        help="Bank journal receiving the collectors' end-of-day cash deposits.",
    )
    dms_cash_diff_income_account_id = fields.Many2one(
        "account.account", string="Deposit Surplus Account", check_company=True,
        help="Account credited when a collector deposits more cash than expected. Defaults to the "
             "company's cash difference income account.",
    )
    dms_cash_diff_expense_account_id = fields.Many2one(
        "account.account", string="Deposit Shortage Account", check_company=True,
        help="Account debited when a collector deposits less cash than expected. Defaults to the "
             "company's cash difference expense account.",
    )

    def _dms_collection_journal(self):
        """The configured Collections journal, else a 'Collections' cash journal (created once)."""
        self.ensure_one()
        if self.dms_collection_journal_id:
            return self.dms_collection_journal_id
        # sudo: creating the company's technical Collections journal on first use; callers are
        # users allowed to confirm a collection, who need no accounting configuration rights.
        Journal = self.env["account.journal"].sudo()
        journal = Journal.search([("company_id", "=", self.id), ("code", "=", "COLL")], limit=1)
        if not journal:
            if not self.chart_template:
                raise UserError(self.env._(
                    "Company %(company)s has no chart of accounts: set one up before recording collections.",
                    company=self.name))
            journal = Journal.with_company(self).create({
                "name": self.env._("Collections"), "code": "COLL", "type": "cash", "company_id": self.id,
                "sequence": 90,
            })
        # payments go straight to the journal's cash account, so deposits move that cash on
        for line in journal.inbound_payment_method_line_ids.filtered(lambda m: not m.payment_account_id):
            line.payment_account_id = journal.default_account_id
        self.sudo().dms_collection_journal_id = journal  # sudo: same technical setting, as above
        return journal

    def _dms_deposit_journal(self):
        self.ensure_one()
        journal = self.dms_deposit_journal_id or self.env["account.journal"].search(
            [("company_id", "=", self.id), ("type", "=", "bank")], limit=1)
        if not journal:
            raise UserError(self.env._(
                "Company %(company)s has no bank journal: set a Cash Deposit Journal in the settings.",
                company=self.name))
        return journal

    @api.model
    def _dms_init_collection_journals(self):
        """Companies with a chart of accounts get their Collections journal at install."""
        for company in self.search([("chart_template", "!=", False)]):
            company._dms_collection_journal()

