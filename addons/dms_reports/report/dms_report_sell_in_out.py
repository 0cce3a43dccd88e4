from odoo import api, fields, models, tools
from odoo.tools import SQL
from odoo.tools.sql import table_kind


class DmsReportSellInOut(models.Model):
    """Primary sales to distributors (sell-in) beside their secondary sales to outlets (sell-out),
    one row per source line: group by distributor, product and month to compare them. Quantities
    are in the product's unit; the stock build-up is sell-in minus sell-out."""

    _name = "dms.report.sell.in.out"
    _description = "Sell-in vs Sell-out Analysis"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "dms.report.secondary.sales": [
            "date", "company_id", "currency_id", "distributor_id", "territory_id", "product_id", "categ_id",
            "qty_units", "price_subtotal",
        ],
        "sale.order.line": [
            "order_id", "company_id", "currency_id", "product_id", "product_uom", "product_uom_qty", "price_subtotal",
            "display_type", "is_downpayment", "state",
        ],
        "sale.order": ["date_order", "state", "partner_id", "dms_territory_id"],
        "res.partner": ["commercial_partner_id", "dms_role"],
    }

    date = fields.Datetime(readonly=True)
    kind = fields.Selection(
        [("sell_in", "Sell-in (Primary)"), ("sell_out", "Sell-out (Secondary)")], readonly=True,
        help="Sell-in: our confirmed sales orders to the distributor. Sell-out: the distributor's "
             "confirmed and delivered secondary orders to outlets.")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    territory_id = fields.Many2one(
        "dms.territory", readonly=True,
        help="Sell-in: the territory of the sales order; sell-out: the outlet's territory.")
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    sell_in_qty = fields.Float(string="Sell-in Quantity", digits="Product Unit of Measure", readonly=True)
    sell_in_value = fields.Monetary(string="Sell-in Value", readonly=True, help="Untaxed.")
    sell_out_qty = fields.Float(string="Sell-out Quantity", digits="Product Unit of Measure", readonly=True)
    sell_out_value = fields.Monetary(string="Sell-out Value", readonly=True, help="Untaxed.")
    stock_buildup_qty = fields.Float(
        string="Stock Build-up", digits="Product Unit of Measure", readonly=True,
        help="Sell-in minus sell-out quantity: what piles up at the distributor (negative: destocking).")

    @api.model
    def _query(self):
        # ids: 2 x source id, + 1 for sell-out, so that both halves keep distinct, stable ids
        return SQL("""
            SELECT sol.id * 2 AS id,
                   so.date_order AS date,
                   'sell_in' AS kind,
                   sol.company_id AS company_id,
                   sol.currency_id AS currency_id,
                   rp.commercial_partner_id AS distributor_id,
                   so.dms_territory_id AS territory_id,
                   sol.product_id AS product_id,
                   pt.categ_id AS categ_id,
                   sol.product_uom_qty / COALESCE(lu.factor, 1.0) * COALESCE(pu.factor, 1.0) AS sell_in_qty,
                   sol.price_subtotal AS sell_in_value,
                   0.0 AS sell_out_qty,
                   0.0 AS sell_out_value,
                   sol.product_uom_qty / COALESCE(lu.factor, 1.0) * COALESCE(pu.factor, 1.0) AS stock_buildup_qty
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN res_partner rp ON rp.id = so.partner_id
              JOIN res_partner dist ON dist.id = rp.commercial_partner_id
              JOIN product_product p ON p.id = sol.product_id
              JOIN product_template pt ON pt.id = p.product_tmpl_id
              LEFT JOIN uom_uom lu ON lu.id = sol.product_uom
              LEFT JOIN uom_uom pu ON pu.id = pt.uom_id
             WHERE so.state = 'sale'
               AND sol.display_type IS NULL
               AND NOT COALESCE(sol.is_downpayment, FALSE)
               AND dist.dms_role IN ('distributor', 'wholesaler')
            UNION ALL
            SELECT r.id * 2 + 1,
                   r.date,
                   'sell_out',
                   r.company_id,
                   r.currency_id,
                   r.distributor_id,
                   r.territory_id,
                   r.product_id,
                   r.categ_id,
                   0.0,
                   0.0,
                   r.qty_units,
                   r.price_subtotal,
                   -r.qty_units
              FROM dms_report_secondary_sales r
        """)

    def init(self):
        # built on the secondary sales view: make sure it exists, whatever the order models load in
        if not table_kind(self.env.cr, "dms_report_secondary_sales"):
            self.env["dms.report.secondary.sales"].init()
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
