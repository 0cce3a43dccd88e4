from odoo import api, fields, models, tools
from odoo.tools import SQL

FILL_STATES = [("confirmed", "Confirmed"), ("delivered", "Delivered")]
# rate field -> (numerator, denominator): a group's rate is the ratio of its sums, never an
# average of the rows' rates
RATES = {
    "fill_rate_qty": ("qty_delivered", "qty_ordered"),
    "fill_rate_line": ("line_filled_count", "line_count"),
    "fill_rate_value": ("value_delivered", "value_ordered"),
}


class DmsReportFillRate(models.Model):
    """One row per paid line of a confirmed or delivered secondary order (free goods and van sales,
    sold off the van, left out): what the outlet ordered and what its deliveries brought (the
    line's delivered quantity, set from done stock moves), in units, lines and value. Grouped, the
    fill rates are ratios of the sums (read_group)."""

    _name = "dms.report.fill.rate"
    _description = "Fill Rate Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc, id desc"
    _depends = {
        "dms.secondary.order.line": [
            "date_order", "order_id", "state", "company_id", "currency_id", "distributor_id", "partner_id",
            "product_id", "is_reward", "product_uom_id", "product_uom_qty", "qty_delivered", "price_subtotal",
        ],
        "dms.secondary.order": ["territory_id", "user_id", "dms_van_session_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id", "uom_id"],
        "uom.uom": ["factor"],
    }

    date = fields.Datetime(string="Order Date", readonly=True)
    order_id = fields.Many2one("dms.secondary.order", string="Secondary Order", readonly=True)
    state = fields.Selection(
        FILL_STATES, string="Status", readonly=True,
        help="Delivered: the order's deliveries are closed. Confirmed: deliveries still open.")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    territory_id = fields.Many2one("dms.territory", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Outlet", readonly=True)
    user_id = fields.Many2one("res.users", string="Sales Rep", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    qty_ordered = fields.Float(
        string="Ordered (Units)", digits="Product Unit of Measure", readonly=True,
        help="Quantity ordered, in the product's own unit of measure.")
    qty_delivered = fields.Float(
        string="Delivered (Units)", digits="Product Unit of Measure", readonly=True,
        help="Quantity the done deliveries brought, in the product's own unit of measure.")
    qty_short = fields.Float(
        string="Short (Units)", digits="Product Unit of Measure", readonly=True,
        help="Ordered but not delivered (never negative).")
    value_ordered = fields.Monetary(readonly=True, help="Untaxed amount of the line as ordered.")
    value_delivered = fields.Monetary(
        readonly=True, help="Untaxed amount of the line in the share delivered (at most the amount ordered).")
    line_count = fields.Integer(string="Lines", readonly=True, help="1 per order line: sums to the number of lines.")
    line_filled_count = fields.Integer(
        string="Lines Filled", readonly=True, help="1 per order line delivered in full.")
    fill_rate_qty = fields.Float(
        string="Quantity Fill %", digits=(16, 1), readonly=True, aggregator="avg",
        help="Delivered over ordered units, in percent (grouped: of the group's sums; compare one product).")
    fill_rate_line = fields.Float(
        string="Line Fill %", digits=(16, 1), readonly=True, aggregator="avg",
        help="Order lines delivered in full over order lines, in percent.")
    fill_rate_value = fields.Float(
        string="Value Fill %", digits=(16, 1), readonly=True, aggregator="avg",
        help="Value delivered over value ordered, in percent.")

    @api.model
    def _query(self):
        return SQL("""
            WITH line AS (
                SELECT l.id, l.date_order AS date, l.order_id, l.state, l.company_id, l.currency_id,
                       o.territory_id, l.distributor_id, l.partner_id, o.user_id, l.product_id, pt.categ_id,
                       l.product_uom_qty / COALESCE(lu.factor, 1.0) * COALESCE(pu.factor, 1.0) AS qty_ordered,
                       COALESCE(l.qty_delivered, 0.0) / COALESCE(lu.factor, 1.0) * COALESCE(pu.factor, 1.0)
                           AS qty_delivered,
                       COALESCE(l.price_subtotal, 0.0) AS value_ordered,
                       COALESCE(l.price_subtotal, 0.0)
                           * LEAST(COALESCE(l.qty_delivered, 0.0) / NULLIF(l.product_uom_qty, 0), 1.0)
                           AS value_delivered,
                       (COALESCE(l.qty_delivered, 0.0) >= l.product_uom_qty - 0.000001)::integer AS line_filled_count
                  FROM dms_secondary_order_line l
                  JOIN dms_secondary_order o ON o.id = l.order_id
                  LEFT JOIN product_product p ON p.id = l.product_id
                  LEFT JOIN product_template pt ON pt.id = p.product_tmpl_id
                  LEFT JOIN uom_uom lu ON lu.id = l.product_uom_id
                  LEFT JOIN uom_uom pu ON pu.id = pt.uom_id
                 WHERE l.state IN ('confirmed', 'delivered') AND l.product_uom_qty > 0
                       -- free goods are the scheme's, not ordered; van sales are sold off the van
                       AND NOT COALESCE(l.is_reward, FALSE) AND o.dms_van_session_id IS NULL
            )
            SELECT line.*,
                   GREATEST(qty_ordered - qty_delivered, 0.0) AS qty_short,
                   1 AS line_count,
                   COALESCE(100.0 * qty_delivered / NULLIF(qty_ordered, 0), 0.0) AS fill_rate_qty,
                   100.0 * line_filled_count AS fill_rate_line,
                   COALESCE(100.0 * value_delivered / NULLIF(value_ordered, 0), 100.0 * line_filled_count)
                       AS fill_rate_value
              FROM line
        """)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """The pivot's and graph's groups: each fill rate is the ratio of the group's sums (the
        sums are read in the same query)."""
        asked = {spec.split(":")[0].strip() for spec in fields}
        rates = [name for name in RATES if name in asked]
        extra = [part for name in rates for part in RATES[name] if part not in asked]
        extra = list(dict.fromkeys(extra))
        groups = super().read_group(domain, fields + ["%s:sum" % part for part in extra], groupby,
                                    offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        for group in groups:
            for name in rates:
                numerator, denominator = RATES[name]
                total = group.get(denominator) or 0.0
                group[name] = 100.0 * (group.get(numerator) or 0.0) / total if total else 0.0
            for part in extra:
                group.pop(part, None)
        return groups
