from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL

OPEN_CLAIM_STATES = ("draft", "submitted", "approved")
TREND_MONTHS = 6
TOP = 5
SECONDARY_STATES = [("confirmed", "Confirmed"), ("delivered", "Delivered")]


class DmsReportSecondarySales(models.Model):
    """One row per line of a confirmed or delivered secondary order, with the dimensions of its
    order (territory and its parent and region, distributor, outlet, channel, class, rep) and
    quantities in the product's unit and in cases."""

    _name = "dms.report.secondary.sales"
    _description = "Secondary Sales Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc, id desc"
    _depends = {
        "dms.secondary.order.line": [
            "date_order", "order_id", "state", "company_id", "currency_id", "distributor_id", "partner_id",
            "product_id", "scheme_id", "is_reward", "product_uom_id", "product_uom_qty", "product_packaging_id",
            "price_unit", "scheme_amount", "price_subtotal", "price_total",
        ],
        "dms.secondary.order": ["territory_id", "channel_id", "outlet_class_id", "user_id"],
        "dms.territory": ["parent_id", "parent_path"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id", "uom_id"],
        "product.packaging": ["product_id", "qty", "sales", "sequence"],
        "uom.uom": ["factor"],
    }

    date = fields.Datetime(string="Order Date", readonly=True)
    order_id = fields.Many2one("dms.secondary.order", string="Secondary Order", readonly=True)
    state = fields.Selection(SECONDARY_STATES, string="Status", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    territory_id = fields.Many2one("dms.territory", readonly=True)
    parent_territory_id = fields.Many2one(
        "dms.territory", readonly=True,
        help="The territory above the outlet's territory: group by it to sum sibling territories.")
    region_id = fields.Many2one(
        "dms.territory", readonly=True, help="The top territory of the outlet's territory tree.")
    distributor_id = fields.Many2one("res.partner", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Outlet", readonly=True)
    channel_id = fields.Many2one("dms.channel", readonly=True)
    outlet_class_id = fields.Many2one("dms.outlet.class", readonly=True)
    user_id = fields.Many2one("res.users", string="Sales Rep", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product Template", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    scheme_id = fields.Many2one("dms.scheme", readonly=True)
    is_reward = fields.Boolean(string="Free Good", readonly=True)
    qty_units = fields.Float(
        string="Quantity (Units)", digits="Product Unit of Measure", readonly=True,
        help="Quantity in the product's own unit of measure.")
    qty_cases = fields.Float(
        string="Quantity (Cases)", digits="Product Unit of Measure", readonly=True,
        help="Units divided by the units per case: the line's packaging, else the product's first sales "
             "packaging (as the scheme engine counts cases). 0 for products sold without a case.")
    price_gross = fields.Monetary(
        string="Gross Amount", readonly=True, help="Unit price times quantity, before any discount.")
    scheme_discount = fields.Monetary(
        readonly=True, help="Discount given by trade schemes on paid lines.")
    free_goods_value = fields.Monetary(
        readonly=True, help="Free goods given by schemes, at their price.")
    price_subtotal = fields.Monetary(string="Net Amount", readonly=True, help="Untaxed amount of the line.")
    price_total = fields.Monetary(string="Total (Tax Incl.)", readonly=True)

    @api.model
    def _query(self):
        return SQL("""
            WITH case_packaging AS (
                SELECT DISTINCT ON (product_id) product_id, qty
                  FROM product_packaging
                 WHERE sales AND qty > 0
                 ORDER BY product_id, sequence, id
            )
            SELECT l.id AS id,
                   l.date_order AS date,
                   l.order_id AS order_id,
                   l.state AS state,
                   l.company_id AS company_id,
                   l.currency_id AS currency_id,
                   o.territory_id AS territory_id,
                   t.parent_id AS parent_territory_id,
                   split_part(t.parent_path, '/', 1)::integer AS region_id,
                   l.distributor_id AS distributor_id,
                   l.partner_id AS partner_id,
                   o.channel_id AS channel_id,
                   o.outlet_class_id AS outlet_class_id,
                   o.user_id AS user_id,
                   l.product_id AS product_id,
                   p.product_tmpl_id AS product_tmpl_id,
                   pt.categ_id AS categ_id,
                   l.scheme_id AS scheme_id,
                   COALESCE(l.is_reward, FALSE) AS is_reward,
                   l.product_uom_qty / COALESCE(lu.factor, 1.0) * COALESCE(pu.factor, 1.0) AS qty_units,
                   COALESCE(l.product_uom_qty / COALESCE(lu.factor, 1.0) * COALESCE(pu.factor, 1.0)
                            / NULLIF(COALESCE(lp.qty, cp.qty), 0), 0.0) AS qty_cases,
                   l.price_unit * l.product_uom_qty AS price_gross,
                   CASE WHEN l.is_reward THEN 0.0 ELSE COALESCE(l.scheme_amount, 0.0) END AS scheme_discount,
                   CASE WHEN l.is_reward THEN COALESCE(l.scheme_amount, 0.0) ELSE 0.0 END AS free_goods_value,
                   l.price_subtotal AS price_subtotal,
                   l.price_total AS price_total
              FROM dms_secondary_order_line l
              JOIN dms_secondary_order o ON o.id = l.order_id
              LEFT JOIN dms_territory t ON t.id = o.territory_id
              LEFT JOIN product_product p ON p.id = l.product_id
              LEFT JOIN product_template pt ON pt.id = p.product_tmpl_id
              LEFT JOIN uom_uom lu ON lu.id = l.product_uom_id
              LEFT JOIN uom_uom pu ON pu.id = pt.uom_id
              LEFT JOIN product_packaging lp ON lp.id = l.product_packaging_id
              LEFT JOIN case_packaging cp ON cp.product_id = l.product_id
             WHERE l.state IN ('confirmed', 'delivered')
        """)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    # ------------------------------------------------------------------
    # Distribution Overview dashboard: everything is read with `_read_group` on the report
    # models as the current user, so their record rules decide what is counted.
    # ------------------------------------------------------------------

    @api.model
    def _overview_month_bounds(self, today, months_back=0):
        start = datetime.combine(today.replace(day=1), time.min) - relativedelta(months=months_back)
        return start, start + relativedelta(months=1)

    @api.model
    def _overview_sum(self, model, domain, measures):
        row = self.env[model]._read_group(domain, [], measures)[0]
        return [value or 0.0 for value in row]

    @api.model
    def get_overview(self):
        """Headline KPIs of this month against last month, the best territories and distributors
        of the month and the last six months of secondary sales and sell-in."""
        today = fields.Date.context_today(self)
        this_start, this_end = self._overview_month_bounds(today)
        last_start, last_end = self._overview_month_bounds(today, 1)
        this_month = [("date", ">=", this_start), ("date", "<", this_end)]
        last_month = [("date", ">=", last_start), ("date", "<", last_end)]
        Sales = self.env["dms.report.secondary.sales"]

        secondary, secondary_qty = self._overview_sum(Sales._name, this_month, ["price_subtotal:sum", "qty_units:sum"])
        (secondary_last,) = self._overview_sum(Sales._name, last_month, ["price_subtotal:sum"])
        sell_in, sell_out, buildup = self._overview_sum(
            "dms.report.sell.in.out", this_month, ["sell_in_value:sum", "sell_out_value:sum", "stock_buildup_qty:sum"])
        target_value, achieved_value = self._overview_sum(
            "dms.report.target", [("month", "=", this_start.date()), ("target_value", ">", 0)],
            ["target_value:sum", "achieved_value:sum"])
        scheme_cost = open_claims = open_claimed = None
        if self.env["dms.report.scheme"].has_access("read"):  # claims are for supervisors up
            (scheme_cost,) = self._overview_sum(
                "dms.report.scheme", [("kind", "=", "benefit"), *this_month], ["scheme_cost:sum"])
            open_claims, open_claimed = self._overview_sum(
                "dms.report.scheme", [("kind", "=", "claim"), ("claim_state", "in", OPEN_CLAIM_STATES)],
                ["claim_id:count_distinct", "claimed_amount:sum"])

        def top(groupby):
            return [{"id": record.id, "name": record.display_name, "value": value}
                    for record, value in Sales._read_group(
                        [*this_month, (groupby, "!=", False)], [groupby], ["price_subtotal:sum"],
                        order="price_subtotal:sum desc", limit=TOP)]

        trend_start, _end = self._overview_month_bounds(today, TREND_MONTHS - 1)
        trend_domain = [("date", ">=", trend_start), ("date", "<", this_end)]
        by_month = {month.date(): value for month, value in Sales._read_group(
            trend_domain, ["date:month"], ["price_subtotal:sum"])}
        sell_in_by_month = {month.date(): value for month, value in self.env["dms.report.sell.in.out"]._read_group(
            [*trend_domain, ("kind", "=", "sell_in")], ["date:month"], ["sell_in_value:sum"])}
        trend = []
        for back in range(TREND_MONTHS - 1, -1, -1):
            month = (trend_start + relativedelta(months=TREND_MONTHS - 1 - back)).date()
            trend.append({"month": month.strftime("%b %Y"), "date": fields.Date.to_string(month),
                          "secondary": by_month.get(month, 0.0), "sell_in": sell_in_by_month.get(month, 0.0)})
        currency = self.env.company.currency_id
        return {
            "currency": {"symbol": currency.symbol, "position": currency.position,
                         "digits": currency.decimal_places},
            "month": this_start.strftime("%B %Y"),
            "secondary": {"value": secondary, "qty": secondary_qty, "last": secondary_last,
                          "change": (secondary - secondary_last) / secondary_last * 100 if secondary_last else None},
            "sell_in_out": {"sell_in": sell_in, "sell_out": sell_out, "buildup_qty": buildup},
            "target": {"target": target_value, "achieved": achieved_value,
                       "percent": achieved_value / target_value * 100 if target_value else None},
            "scheme_cost": scheme_cost,
            "claims": {"count": int(open_claims), "amount": open_claimed} if open_claims is not None else None,
            "top_territories": top("territory_id"),
            "top_distributors": top("distributor_id"),
            "trend": trend,
        }
