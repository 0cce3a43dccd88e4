from odoo import fields, models
from odoo.exceptions import UserError


class DmsMobileProvider(models.Model):
    _name = "dms.mobile.provider"
    _description = "Mobile Money Provider"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, help="bKash, Nagad, Rocket...")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    journal_id = fields.Many2one(
        "account.journal", check_company=True, domain="[('type', '=', 'bank')]",
        help="Bank journal of the company's wallet with this provider: mobile money collections are posted "
             "there (to its outstanding account) and cleared by the provider's statement.")

    _sql_constraints = [
        ("name_company_unique", "UNIQUE(name, company_id)", "A provider of this name already exists."),
    ]

    def _dms_journal(self, company=None):
        """The wallet journal of this provider in `company` (default: the provider's own). In another
        company's books (a distributor that bills its outlets here) it is the journal of that
        company's provider of the same name, created once with a bank journal of its own, the way
        the Collections journal is."""
        self.ensure_one()
        company = company or self.company_id
        provider = self
        if company != self.company_id:
            # sudo: finding or creating the provider's technical wallet journal in the books the money
            # belongs to; callers confirm a collection, which needs no accounting configuration rights
            provider = self.sudo().search([("name", "=", self.name), ("company_id", "=", company.id)], limit=1)
            if not provider:
                provider = self.sudo().create({"name": self.name, "sequence": self.sequence, "company_id": company.id})
            if not provider.journal_id:
                provider.journal_id = provider._dms_create_wallet_journal()
        if not provider.journal_id:
            raise UserError(self.env._(
                "Mobile money provider %(provider)s of %(company)s has no journal: set one (Distribution > "
                "Configuration > Mobile Money Providers).", provider=self.name, company=company.name))
        return provider.journal_id

    def _dms_create_wallet_journal(self):
        """A bank journal for this provider's wallet in its company (called under sudo, see above)."""
        self.ensure_one()
        company = self.company_id
        if not company.chart_template:
            raise UserError(self.env._(
                "Company %(company)s has no chart of accounts: set one up before recording mobile money.",
                company=company.name))
        Journal = self.env["account.journal"].with_company(company)
        taken = set(Journal.search([("company_id", "=", company.id)]).mapped("code"))
        code = next(c for c in ("MM%d" % i for i in range(1, 1000)) if c not in taken)
        return Journal.create({
            "name": self.env._("%(provider)s Wallet", provider=self.name), "code": code, "type": "bank",
            "company_id": company.id,
        })
