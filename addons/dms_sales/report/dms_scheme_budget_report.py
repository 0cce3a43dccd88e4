from odoo import fields, models
from odoo.tools import SQL


class DmsSchemeBudgetReport(models.Model):
    """Budget utilisation of the schemes that have a budget: budget, consumed by confirmed and
    delivered secondary orders, remaining and percent used, as ``dms.scheme`` computes them
    (``engine/budget.py``; the report's test checks both agree)."""

    _name = "dms.scheme.budget.report"
    _description = "Scheme Budget Utilisation"
    _auto = False
    _order = "utilisation desc, id"
    _rec_name = "scheme_id"

    scheme_id = fields.Many2one("dms.scheme", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    rule_type = fields.Selection(
        [("qty_slab", "Quantity Slab"), ("value_slab", "Value Slab"), ("free_goods", "Free Goods"),
         ("combo", "Combo")], string="Rule", readonly=True)
    budget_type = fields.Selection([("value", "Value"), ("qty", "Free Quantity")], readonly=True)
    date_from = fields.Date(string="Valid From", readonly=True)
    date_to = fields.Date(string="Valid Until", readonly=True)
    active = fields.Boolean(readonly=True)
    budget = fields.Float(readonly=True, aggregator="sum", digits="Product Price")
    consumed = fields.Float(readonly=True, aggregator="sum", digits="Product Price")
    remaining = fields.Float(readonly=True, aggregator="sum", digits="Product Price")
    utilisation = fields.Float(string="Utilisation (%)", readonly=True, aggregator="max", digits=(16, 1))
    is_over = fields.Boolean(string="Over Budget", readonly=True)

    def init(self):
        self.env.cr.execute(SQL("DROP VIEW IF EXISTS %s", SQL.identifier(self._table)))
        self.env.cr.execute(SQL("""
            CREATE VIEW %(table)s AS (
                SELECT b.*, b.budget - b.consumed AS remaining,
                       CASE WHEN b.budget > 0 THEN b.consumed / b.budget * 100.0 ELSE 0 END AS utilisation,
                       b.consumed > b.budget AS is_over
                  FROM (
                    SELECT s.id, s.id AS scheme_id, s.company_id, c.currency_id, s.rule_type, s.budget_type,
                           s.date_from, s.date_to, s.active,
                           CASE s.budget_type WHEN 'value' THEN COALESCE(s.budget_amount, 0)
                                ELSE COALESCE(s.budget_qty, 0) END AS budget,
                           COALESCE((
                               SELECT CASE s.budget_type
                                      WHEN 'value' THEN SUM(GREATEST(l.scheme_amount, 0))
                                      ELSE SUM(GREATEST(l.product_uom_qty, 0)) FILTER (WHERE l.is_reward) END
                                 FROM dms_secondary_order_line l
                                WHERE l.scheme_id = s.id AND l.state IN ('confirmed', 'delivered')
                           ), 0) AS consumed
                      FROM dms_scheme s
                      JOIN res_company c ON c.id = s.company_id
                     WHERE s.budget_type IN ('value', 'qty')
                  ) b
            )""", table=SQL.identifier(self._table)))
