from odoo import fields, models


class DmsScheme(models.Model):
    _name = "dms.scheme"
    _description = "Trade Scheme"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(copy=False, help="Short reference printed on orders and claims.")
    sequence = fields.Integer(
        string="Priority", default=10, help="Schemes with a lower number are applied first.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    date_from = fields.Date(string="Valid From", tracking=True)
    date_to = fields.Date(string="Valid Until", tracking=True)
    account_id = fields.Many2one(
        "account.account", string="Claim Account", check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other', 'expense'))]",
        help="Account of this scheme's line on distributor claim credit notes. "
             "Empty: the sales journal's default account.")
