from odoo import api, fields, models, tools
from odoo.tools import SQL

from .stock_location import BUCKETS

# Delivered secondary sales converted to the product's unit, per distributor and product.
DELIVERED_QTY = SQL("l.qty_delivered * pu.factor / lu.factor")
DELIVERED_JOINS = SQL("""
      JOIN uom_uom lu ON lu.id = l.product_uom_id
      JOIN product_product pp ON pp.id = l.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN uom_uom pu ON pu.id = pt.uom_id""")


class DmsDistributorStock(models.Model):
    _name = "dms.distributor.stock"
    _description = "Distributor Stock Analysis"
    _auto = False
    _order = "distributor_id, product_id, expiration_date"
    _rec_name = "product_id"

    distributor_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    location_id = fields.Many2one("stock.location", readonly=True)
    bucket = fields.Selection(BUCKETS, readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product Template", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    lot_id = fields.Many2one("stock.lot", readonly=True)
    owner_id = fields.Many2one("res.partner", readonly=True)
    expiration_date = fields.Datetime(string="Expiry", readonly=True)
    quantity = fields.Float(string="On Hand", digits="Product Unit of Measure", readonly=True)
    reserved_quantity = fields.Float(string="Reserved", digits="Product Unit of Measure", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    value_cost = fields.Monetary(string="Value at Cost", readonly=True, help="On hand x product cost.")
    value_sale = fields.Monetary(string="Value at Sale Price", readonly=True, help="On hand x sales price.")
    daily_velocity = fields.Float(
        string="Daily Sales", digits="Product Unit of Measure", readonly=True, aggregator="max",
        help="Delivered secondary sales of the product by this distributor per day, over the company's "
             "sales window.")
    days_of_cover = fields.Float(
        string="Days of Cover", digits=(16, 1), readonly=True, aggregator="min",
        help="Saleable stock of the product at this distributor divided by its daily sales "
             "(empty without sales).")
    is_near_expiry = fields.Boolean(
        string="Near Expiry", readonly=True,
        help="The lot expires within the company's near-expiry days.")
    is_expired = fields.Boolean(string="Expired", readonly=True, help="The lot's expiration date has passed.")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("""
CREATE OR REPLACE VIEW %(table)s AS (
WITH velocity AS (
    SELECT l.distributor_id, l.product_id,
           SUM(%(qty)s) / GREATEST(MAX(c.dms_replenish_window_days), 1) AS daily_velocity
      FROM dms_secondary_order_line l
      JOIN res_company c ON c.id = l.company_id
      %(joins)s
     WHERE l.state = 'delivered'
       AND l.date_order >= date_trunc('day', NOW() AT TIME ZONE 'UTC')
                           - make_interval(days => c.dms_replenish_window_days)
       AND l.date_order < date_trunc('day', NOW() AT TIME ZONE 'UTC')
     GROUP BY l.distributor_id, l.product_id
), stock AS (
    SELECT MIN(q.id) AS id, loc.dms_distributor_id AS distributor_id, q.location_id,
           loc.dms_bucket AS bucket, q.product_id, q.lot_id, q.owner_id, q.company_id,
           SUM(q.quantity) AS quantity, SUM(q.reserved_quantity) AS reserved_quantity
      FROM stock_quant q
      JOIN stock_location loc ON loc.id = q.location_id
     WHERE loc.dms_distributor_id IS NOT NULL
     GROUP BY loc.dms_distributor_id, q.location_id, loc.dms_bucket, q.product_id, q.lot_id, q.owner_id,
              q.company_id
), saleable AS (
    SELECT distributor_id, product_id, SUM(quantity) AS quantity
      FROM stock WHERE bucket = 'saleable' GROUP BY distributor_id, product_id
)
SELECT s.id, s.distributor_id, s.company_id, s.location_id, s.bucket, s.product_id,
       pp.product_tmpl_id, pt.categ_id, s.lot_id, s.owner_id, lot.expiration_date,
       s.quantity, s.reserved_quantity,
       s.quantity * COALESCE((pp.standard_price ->> s.company_id::text)::numeric, 0) AS value_cost,
       s.quantity * COALESCE(pt.list_price, 0) AS value_sale,
       COALESCE(v.daily_velocity, 0) AS daily_velocity,
       CASE WHEN v.daily_velocity > 0 THEN COALESCE(sa.quantity, 0) / v.daily_velocity END AS days_of_cover,
       COALESCE(lot.expiration_date < (NOW() AT TIME ZONE 'UTC'), FALSE) AS is_expired,
       COALESCE(lot.expiration_date >= (NOW() AT TIME ZONE 'UTC')
                AND lot.expiration_date < (NOW() AT TIME ZONE 'UTC')
                                          + make_interval(days => c.dms_near_expiry_days), FALSE) AS is_near_expiry
  FROM stock s
  JOIN product_product pp ON pp.id = s.product_id
  JOIN product_template pt ON pt.id = pp.product_tmpl_id
  JOIN res_company c ON c.id = s.company_id
  LEFT JOIN stock_lot lot ON lot.id = s.lot_id
  LEFT JOIN velocity v ON v.distributor_id = s.distributor_id AND v.product_id = s.product_id
  LEFT JOIN saleable sa ON sa.distributor_id = s.distributor_id AND sa.product_id = s.product_id
)""", table=SQL.identifier(self._table), qty=DELIVERED_QTY, joins=DELIVERED_JOINS))

    @api.model
    def _dms_daily_velocity(self, distributors, window_days=None):
        """{(distributor id, product id): delivered units per day} over the window (the company's
        by default: that many whole UTC days before today), in one query."""
        if not distributors:
            return {}
        window = window_days or self.env.company.dms_replenish_window_days or 56
        self.env.flush_all()
        self.env.cr.execute(SQL("""
            SELECT l.distributor_id, l.product_id, SUM(%(qty)s) / %(window)s
              FROM dms_secondary_order_line l
              %(joins)s
             WHERE l.state = 'delivered' AND l.distributor_id IN %(dists)s
               AND l.date_order >= date_trunc('day', NOW() AT TIME ZONE 'UTC') - make_interval(days => %(window)s)
               AND l.date_order < date_trunc('day', NOW() AT TIME ZONE 'UTC')
             GROUP BY l.distributor_id, l.product_id""",
            qty=DELIVERED_QTY, joins=DELIVERED_JOINS, window=window, dists=tuple(distributors.ids)))
        return {(dist, product): float(daily) for dist, product, daily in self.env.cr.fetchall()}
