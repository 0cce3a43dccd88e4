from odoo import api, fields, models, tools
from odoo.tools import SQL


class DmsReportSuggestion(models.Model):
    """How much of the suggested order reps keep: one row per line a suggestion proposed on a
    confirmed or delivered secondary order. Lines still on the order carry the quantity suggested
    and the quantity ordered; lines the rep deleted are rows with nothing kept (their suggested
    quantity is gone with them). *Kept (%)* is the quantity kept (at most the suggestion) over the
    suggestion, 0 for a deleted line, averaged over rows."""

    _name = "dms.report.suggestion"
    _description = "Suggested Order Acceptance"
    _auto = False
    _order = "date desc, id"
    _depends = {
        "dms.secondary.order": ["suggested_line_count", "state", "date_order", "territory_id", "distributor_id",
                                "partner_id", "user_id", "company_id"],
        "dms.secondary.order.line": ["order_id", "product_id", "product_uom_qty", "suggested_qty", "is_reward"],
    }

    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    order_id = fields.Many2one("dms.secondary.order", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Outlet", readonly=True)
    territory_id = fields.Many2one("dms.territory", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    user_id = fields.Many2one("res.users", string="Sales Rep", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True, help="Empty for a suggested line deleted.")
    line_count = fields.Integer(string="Suggested Lines", readonly=True)
    kept_line_count = fields.Integer(string="Lines Kept", readonly=True)
    suggested_qty = fields.Float(readonly=True)
    ordered_qty = fields.Float(readonly=True)
    kept_qty = fields.Float(readonly=True, help="Ordered, at most the suggested quantity.")
    kept_rate = fields.Float(string="Kept (%)", readonly=True, aggregator="avg")

    @api.model
    def _query(self):
        return SQL("""
            WITH lines AS (
                SELECT o.id AS order_id, l.id AS line_id, l.product_id, l.suggested_qty, l.product_uom_qty
                  FROM dms_secondary_order o
                  JOIN dms_secondary_order_line l ON l.order_id = o.id AND l.suggested_qty > 0
                       AND l.is_reward IS NOT TRUE
                 WHERE o.suggested_line_count > 0 AND o.state IN ('confirmed', 'delivered')
            ), dropped AS (
                SELECT o.id AS order_id, NULL::integer AS line_id, NULL::integer AS product_id,
                       0.0 AS suggested_qty, 0.0 AS product_uom_qty
                  FROM dms_secondary_order o
                  CROSS JOIN LATERAL generate_series(
                      1, o.suggested_line_count - (SELECT count(*) FROM lines WHERE lines.order_id = o.id)) g
                 WHERE o.suggested_line_count > 0 AND o.state IN ('confirmed', 'delivered')
            )
            SELECT row_number() OVER (ORDER BY r.order_id, r.line_id) AS id,
                   o.date_order AS date, o.company_id, r.order_id, o.partner_id, o.territory_id,
                   o.distributor_id, o.user_id, r.product_id,
                   1 AS line_count,
                   CASE WHEN r.product_uom_qty > 0 THEN 1 ELSE 0 END AS kept_line_count,
                   r.suggested_qty, r.product_uom_qty AS ordered_qty,
                   LEAST(r.product_uom_qty, r.suggested_qty) AS kept_qty,
                   CASE WHEN r.suggested_qty > 0 THEN LEAST(r.product_uom_qty / r.suggested_qty, 1.0) * 100.0
                        ELSE 0.0 END AS kept_rate
              FROM (SELECT * FROM lines UNION ALL SELECT * FROM dropped) r
              JOIN dms_secondary_order o ON o.id = r.order_id
        """)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
