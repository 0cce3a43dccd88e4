from odoo import api, fields, models, tools
from odoo.tools import SQL


class DmsReportTarget(models.Model):
    """Each sales target beside what was achieved, computed in SQL the way dms.target counts it:
    rep, territory and outlet targets sum confirmed and delivered secondary order lines of the month
    (the rep's orders; orders of outlets in the territory or below it; the outlet's orders),
    distributor targets sum the confirmed sales order lines to the distributor; a category limits
    both to its subtree, a product to that product."""

    _name = "dms.report.target"
    _description = "Target vs Achievement Analysis"
    _auto = False
    _order = "month desc, id desc"
    _rec_name = "target_id"
    _depends = {
        "dms.target": [
            "target_type", "month", "company_id", "user_id", "territory_id", "distributor_id", "categ_id",
            "target_value", "target_qty", "outlet_id", "product_id", "parent_id",
        ],
        "dms.secondary.order.line": [
            "date_order", "order_id", "state", "company_id", "currency_id", "distributor_id", "partner_id",
            "product_id", "scheme_id", "is_reward", "product_uom_id", "product_uom_qty", "product_packaging_id",
            "price_unit", "scheme_amount", "price_subtotal", "price_total",
        ],
        "dms.secondary.order": ["territory_id", "channel_id", "outlet_class_id", "user_id"],
        "sale.order.line": [
            "order_id", "company_id", "currency_id", "product_id", "product_uom", "product_uom_qty", "price_subtotal",
            "display_type", "is_downpayment", "state",
        ],
        "sale.order": ["date_order", "state", "partner_id", "dms_territory_id"],
        "res.partner": ["commercial_partner_id", "dms_role"],
        "dms.territory": ["parent_path"],
        "product.category": ["parent_path"],
        "product.template": ["categ_id"],
    }

    target_id = fields.Many2one("dms.target", readonly=True)
    target_type = fields.Selection(
        [("rep", "Sales Rep"), ("territory", "Territory"), ("distributor", "Distributor"), ("outlet", "Outlet")],
        string="Target For", readonly=True)
    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Sales Rep", readonly=True)
    territory_id = fields.Many2one("dms.territory", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    outlet_id = fields.Many2one("res.partner", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    parent_id = fields.Many2one("dms.target", string="Cascaded From", readonly=True)
    target_value = fields.Monetary(readonly=True)
    achieved_value = fields.Monetary(readonly=True)
    target_qty = fields.Float(string="Target Quantity", digits="Product Unit of Measure", readonly=True)
    achieved_qty = fields.Float(string="Achieved Quantity", digits="Product Unit of Measure", readonly=True)
    gap_value = fields.Monetary(
        string="Value Gap", readonly=True, help="Target value not reached yet (0 once reached).")
    achieved_value_percent = fields.Float(
        string="Value Achievement (%)", aggregator="avg", readonly=True,
        help="Achieved value over target value. Averaged when grouped: sum the values for a weighted figure.")
    achieved_qty_percent = fields.Float(
        string="Volume Achievement (%)", aggregator="avg", readonly=True)

    @api.model
    def _query(self):
        return SQL("""
            SELECT t.id AS id,
                   t.id AS target_id,
                   t.target_type AS target_type,
                   t.month AS month,
                   t.company_id AS company_id,
                   c.currency_id AS currency_id,
                   t.user_id AS user_id,
                   t.territory_id AS territory_id,
                   t.distributor_id AS distributor_id,
                   t.categ_id AS categ_id,
                   t.outlet_id AS outlet_id,
                   t.product_id AS product_id,
                   t.parent_id AS parent_id,
                   COALESCE(t.target_value, 0.0) AS target_value,
                   COALESCE(t.target_qty, 0.0) AS target_qty,
                   a.value AS achieved_value,
                   a.qty AS achieved_qty,
                   GREATEST(COALESCE(t.target_value, 0.0) - a.value, 0.0) AS gap_value,
                   CASE WHEN COALESCE(t.target_value, 0.0) > 0 THEN a.value / t.target_value * 100
                        ELSE 0.0 END AS achieved_value_percent,
                   CASE WHEN COALESCE(t.target_qty, 0.0) > 0 THEN a.qty / t.target_qty * 100
                        ELSE 0.0 END AS achieved_qty_percent
              FROM dms_target t
              JOIN res_company c ON c.id = t.company_id
              LEFT JOIN dms_territory tt ON tt.id = t.territory_id
              LEFT JOIN product_category tc ON tc.id = t.categ_id
              CROSS JOIN LATERAL (
                SELECT COALESCE(SUM(x.value), 0.0) AS value, COALESCE(SUM(x.qty), 0.0) AS qty FROM (
                  SELECT COALESCE(SUM(l.price_subtotal), 0.0) AS value,
                         COALESCE(SUM(l.product_uom_qty), 0.0) AS qty
                    FROM dms_secondary_order_line l
                    JOIN dms_secondary_order o ON o.id = l.order_id
                    LEFT JOIN dms_territory ot ON ot.id = o.territory_id
                    JOIN product_product p ON p.id = l.product_id
                    JOIN product_template pt ON pt.id = p.product_tmpl_id
                    LEFT JOIN product_category pc ON pc.id = pt.categ_id
                   WHERE t.target_type IN ('rep', 'territory', 'outlet')
                     AND l.state IN ('confirmed', 'delivered')
                     AND l.company_id = t.company_id
                     AND l.date_order >= t.month
                     AND l.date_order < t.month + INTERVAL '1 month'
                     AND (t.target_type != 'rep' OR o.user_id = t.user_id)
                     AND (t.target_type != 'territory' OR starts_with(ot.parent_path, tt.parent_path))
                     AND (t.target_type != 'outlet' OR l.partner_id = t.outlet_id)
                     AND (t.categ_id IS NULL OR starts_with(pc.parent_path, tc.parent_path))
                     AND (t.product_id IS NULL OR l.product_id = t.product_id)
                  UNION ALL
                  SELECT COALESCE(SUM(sol.price_subtotal), 0.0),
                         COALESCE(SUM(sol.product_uom_qty), 0.0)
                    FROM sale_order_line sol
                    JOIN sale_order so ON so.id = sol.order_id
                    JOIN res_partner rp ON rp.id = so.partner_id
                    JOIN product_product p ON p.id = sol.product_id
                    JOIN product_template pt ON pt.id = p.product_tmpl_id
                    LEFT JOIN product_category pc ON pc.id = pt.categ_id
                   WHERE t.target_type = 'distributor'
                     AND sol.state = 'sale'
                     AND sol.display_type IS NULL
                     AND NOT COALESCE(sol.is_downpayment, FALSE)
                     AND sol.company_id = t.company_id
                     AND rp.commercial_partner_id = t.distributor_id
                     AND so.date_order >= t.month
                     AND so.date_order < t.month + INTERVAL '1 month'
                     AND (t.categ_id IS NULL OR starts_with(pc.parent_path, tc.parent_path))
                     AND (t.product_id IS NULL OR sol.product_id = t.product_id)
                ) x
              ) a
        """)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
