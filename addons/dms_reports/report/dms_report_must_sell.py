from odoo import api, fields, models, tools
from odoo.tools import SQL


class DmsReportMustSell(models.Model):
    """Must-sell compliance, month by month over the last twelve months (within each list's dates):

    * an *outlet* row per (must-sell product of an active list, outlet in the list's scope, month):
      whether the outlet ordered the product that month (confirmed or delivered orders). The sum of
      *Ordered* is the number of outlets ordering it; *Compliance (%)* averages those rows.
    * an *order* row per (confirmed or delivered order, must-sell list covering its outlet): the
      number of the list's products on the order; *Must-Sell Lines per Order* averages those rows.

    A list's scope is matched as on orders: a territory covers its subtree; an empty scope field
    covers everyone."""

    _name = "dms.report.must.sell"
    _description = "Must-Sell Compliance"
    _auto = False
    _order = "month desc, id"
    _depends = {
        "dms.assortment": ["active", "list_type", "company_id", "date_from", "date_to", "territory_ids",
                           "channel_ids", "outlet_class_ids", "partner_ids"],
        "dms.assortment.line": ["assortment_id", "product_id"],
        "dms.secondary.order": ["partner_id", "state", "date_order"],
        "dms.secondary.order.line": ["order_id", "partner_id", "product_id", "state", "date_order", "is_reward"],
        "res.partner": ["dms_role", "dms_territory_id", "dms_channel_id", "dms_outlet_class_id",
                        "dms_outlet_state", "dms_distributor_id", "company_id", "active"],
    }

    kind = fields.Selection([("outlet", "Outlet"), ("order", "Order")], readonly=True)
    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    assortment_id = fields.Many2one("dms.assortment", string="Must-Sell List", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Outlet", readonly=True)
    territory_id = fields.Many2one("dms.territory", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    channel_id = fields.Many2one("dms.channel", readonly=True)
    outlet_class_id = fields.Many2one("dms.outlet.class", readonly=True)
    order_id = fields.Many2one("dms.secondary.order", readonly=True)
    outlet_count = fields.Integer(string="Outlet-Products", readonly=True,
                                  help="Outlet rows: must-sell products expected per outlet.")
    ordered_count = fields.Integer(string="Ordered", readonly=True,
                                   help="Outlet rows where the outlet ordered the must-sell product in the month.")
    compliance = fields.Float(string="Compliance (%)", readonly=True, aggregator="avg",
                              help="Share of outlet rows where the product was ordered.")
    must_sell_lines = fields.Float(string="Must-Sell Lines per Order", readonly=True, aggregator="avg",
                                   help="Order rows: products of the list on the order, averaged over orders.")
    order_count = fields.Integer(string="Orders", readonly=True)

    @api.model
    def _scope(self):
        """The SQL condition for outlet ``p`` (territory ``pt``) in the scope of list ``a``."""
        return SQL("""
            (p.company_id IS NULL OR p.company_id = a.company_id)
            AND (NOT EXISTS (SELECT 1 FROM dms_assortment_dms_territory_rel r WHERE r.dms_assortment_id = a.id)
                 OR EXISTS (SELECT 1 FROM dms_assortment_dms_territory_rel r
                              JOIN dms_territory t ON t.id = r.dms_territory_id
                             WHERE r.dms_assortment_id = a.id AND starts_with(pt.parent_path, t.parent_path)))
            AND (NOT EXISTS (SELECT 1 FROM dms_assortment_dms_channel_rel r WHERE r.dms_assortment_id = a.id)
                 OR EXISTS (SELECT 1 FROM dms_assortment_dms_channel_rel r
                             WHERE r.dms_assortment_id = a.id AND r.dms_channel_id = p.dms_channel_id))
            AND (NOT EXISTS (SELECT 1 FROM dms_assortment_dms_outlet_class_rel r WHERE r.dms_assortment_id = a.id)
                 OR EXISTS (SELECT 1 FROM dms_assortment_dms_outlet_class_rel r
                             WHERE r.dms_assortment_id = a.id AND r.dms_outlet_class_id = p.dms_outlet_class_id))
            AND (NOT EXISTS (SELECT 1 FROM dms_assortment_partner_rel r WHERE r.assortment_id = a.id)
                 OR EXISTS (SELECT 1 FROM dms_assortment_partner_rel r
                             WHERE r.assortment_id = a.id AND r.partner_id = p.id))
        """)

    @api.model
    def _query(self):
        return SQL("""
            WITH months AS (
                SELECT a.id AS assortment_id, m::date AS month
                  FROM dms_assortment a,
                       generate_series(
                           date_trunc('month', GREATEST(COALESCE(a.date_from, now()::date - 335), now()::date - 335)),
                           date_trunc('month', LEAST(COALESCE(a.date_to, now()::date), now()::date)),
                           interval '1 month') m
                 WHERE a.active AND a.list_type = 'must_sell'
            ), outlet_rows AS (
                SELECT 'outlet' AS kind, m.month, a.company_id, a.id AS assortment_id, al.product_id,
                       p.id AS partner_id, p.dms_territory_id AS territory_id, p.dms_distributor_id AS distributor_id,
                       p.dms_channel_id AS channel_id, p.dms_outlet_class_id AS outlet_class_id,
                       NULL::integer AS order_id, 1 AS outlet_count,
                       CASE WHEN EXISTS (
                           SELECT 1 FROM dms_secondary_order_line l
                            WHERE l.partner_id = p.id AND l.product_id = al.product_id
                              AND l.state IN ('confirmed', 'delivered') AND l.is_reward IS NOT TRUE
                              AND l.date_order >= m.month AND l.date_order < m.month + interval '1 month'
                       ) THEN 1 ELSE 0 END AS ordered_count,
                       NULL::integer AS must_sell_lines, 0 AS order_count
                  FROM months m
                  JOIN dms_assortment a ON a.id = m.assortment_id
                  JOIN dms_assortment_line al ON al.assortment_id = a.id
                  JOIN res_partner p ON p.dms_role = 'outlet' AND p.active AND p.dms_outlet_state = 'approved'
                  LEFT JOIN dms_territory pt ON pt.id = p.dms_territory_id
                 WHERE %(scope)s
            ), order_rows AS (
                SELECT 'order' AS kind, m.month, a.company_id, a.id AS assortment_id, NULL::integer AS product_id,
                       p.id AS partner_id, o.territory_id, o.distributor_id, o.channel_id, o.outlet_class_id,
                       o.id AS order_id, 0 AS outlet_count, 0 AS ordered_count,
                       (SELECT count(DISTINCT l.product_id) FROM dms_secondary_order_line l
                          JOIN dms_assortment_line al ON al.product_id = l.product_id AND al.assortment_id = a.id
                         WHERE l.order_id = o.id AND l.is_reward IS NOT TRUE)::integer AS must_sell_lines,
                       1 AS order_count
                  FROM months m
                  JOIN dms_assortment a ON a.id = m.assortment_id
                  JOIN dms_secondary_order o ON o.state IN ('confirmed', 'delivered') AND o.company_id = a.company_id
                       AND o.date_order >= m.month AND o.date_order < m.month + interval '1 month'
                  JOIN res_partner p ON p.id = o.partner_id
                  LEFT JOIN dms_territory pt ON pt.id = p.dms_territory_id
                 WHERE %(scope)s
            )
            SELECT row_number() OVER (ORDER BY kind, month, assortment_id, product_id, partner_id, order_id) AS id,
                   kind, month, company_id, assortment_id, product_id, partner_id, territory_id, distributor_id,
                   channel_id, outlet_class_id, order_id, outlet_count, ordered_count,
                   CASE WHEN kind = 'outlet' THEN ordered_count * 100.0 END AS compliance,
                   must_sell_lines, order_count
              FROM (SELECT * FROM outlet_rows UNION ALL SELECT * FROM order_rows) rows
        """, scope=self._scope())

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
