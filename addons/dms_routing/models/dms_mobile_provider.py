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

    def _dms_journal(self):
        self.ensure_one()
        if not self.journal_id:
            raise UserError(self.env._(
                "Mobile money provider %(provider)s has no journal: set one (Distribution > Configuration > "
                "Mobile Money Providers).", provider=self.name))
        return self.journal_id
