from odoo import fields, models
from odoo.tools import SQL

AGEING = [("not_due", "Not Due"), ("1_30", "1-30 Days"), ("31_60", "31-60 Days"), ("61_90", "61-90 Days"),
          ("90_plus", "Over 90 Days")]


class DmsOutletDue(models.Model):
    """What each outlet owes, per bill, in whichever books bill it: the open part of the posted
    receivable lines of outlets, aged by due date. No company rule: managers see every distributor's
    outlets without switching companies; reps the outlets of their territories, distributor staff
    their distributor's (security/ir_rules.xml)."""

    _name = "dms.outlet.due"
    _description = "Outlet Dues"
    _auto = False
    _order = "date_maturity, id"
    _rec_name = "move_id"

    move_id = fields.Many2one("account.move", string="Bill", readonly=True)
    name = fields.Char(string="Number", readonly=True)
    company_id = fields.Many2one("res.company", string="Books", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Outlet", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    territory_id = fields.Many2one("dms.territory", readonly=True)
    date = fields.Date(string="Bill Date", readonly=True)
    date_maturity = fields.Date(string="Due Date", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(string="Billed", readonly=True, aggregator="sum")
    amount_residual = fields.Monetary(string="Due", readonly=True, aggregator="sum")
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    ageing = fields.Selection(AGEING, readonly=True)
    amount_not_due = fields.Monetary(string="Not Due", readonly=True, aggregator="sum")
    amount_1_30 = fields.Monetary(string="1-30", readonly=True, aggregator="sum")
    amount_31_60 = fields.Monetary(string="31-60", readonly=True, aggregator="sum")
    amount_61_90 = fields.Monetary(string="61-90", readonly=True, aggregator="sum")
    amount_90_plus = fields.Monetary(string="90+", readonly=True, aggregator="sum")

    def init(self):
        self.env.cr.execute(SQL("DROP VIEW IF EXISTS %s", SQL.identifier(self._table)))
        self.env.cr.execute(SQL("""
            CREATE VIEW %(table)s AS (
                SELECT aml.id, aml.move_id, am.name, aml.company_id, aml.partner_id,
                       p.dms_distributor_id AS distributor_id, p.dms_territory_id AS territory_id,
                       aml.date, COALESCE(aml.date_maturity, aml.date) AS date_maturity,
                       aml.company_currency_id AS currency_id, aml.balance AS amount,
                       aml.amount_residual, d.days AS days_overdue,
                       CASE WHEN d.days <= 0 THEN 'not_due' WHEN d.days <= 30 THEN '1_30'
                            WHEN d.days <= 60 THEN '31_60' WHEN d.days <= 90 THEN '61_90'
                            ELSE '90_plus' END AS ageing,
                       CASE WHEN d.days <= 0 THEN aml.amount_residual ELSE 0 END AS amount_not_due,
                       CASE WHEN d.days BETWEEN 1 AND 30 THEN aml.amount_residual ELSE 0 END AS amount_1_30,
                       CASE WHEN d.days BETWEEN 31 AND 60 THEN aml.amount_residual ELSE 0 END AS amount_31_60,
                       CASE WHEN d.days BETWEEN 61 AND 90 THEN aml.amount_residual ELSE 0 END AS amount_61_90,
                       CASE WHEN d.days > 90 THEN aml.amount_residual ELSE 0 END AS amount_90_plus
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  JOIN account_account acc ON acc.id = aml.account_id
                  JOIN res_partner p ON p.id = aml.partner_id
                 CROSS JOIN LATERAL (
                       SELECT CURRENT_DATE - COALESCE(aml.date_maturity, aml.date) AS days) d
                 WHERE am.state = 'posted' AND acc.account_type = 'asset_receivable'
                   AND p.dms_role = 'outlet' AND NOT aml.reconciled AND aml.amount_residual != 0
            )""", table=SQL.identifier(self._table)))
