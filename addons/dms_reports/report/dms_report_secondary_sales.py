from datetime import datetime, time, timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import period

OPEN_CLAIM_STATES = ("draft", "submitted", "approved")
TREND_MONTHS = 6
TOP = 5
OPTIONS_LIMIT = 500  # scope choices offered in the Overview's filter bar
SALES = "dms.report.secondary.sales"
SCOPES = {"territory_id": "dms.territory", "distributor_id": "res.partner", "channel_id": "dms.channel"}
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
    # models as the current user, so their record rules decide what is counted. Every figure
    # has a domain (`_overview_domains`) and `get_overview_action` opens the records behind it
    # with that same domain.
    # ------------------------------------------------------------------

    @api.model
    def _overview_sum(self, model, domain, measures):
        row = self.env[model]._read_group(domain, [], measures)[0]
        return [value or 0.0 for value in row]

    @api.model
    def _overview_params(self, params):
        """The period and scope asked for, checked: (period, start, end, prev_start, prev_end, scope)."""
        params = dict(params or {})
        period_key = params.get("period") or "mtd"
        today = fields.Date.context_today(self)
        try:
            start, end, prev_start, prev_end = period.period_ranges(
                period_key, today, fields.Date.to_date(params.get("date_from") or None),
                fields.Date.to_date(params.get("date_to") or None))
        except ValueError as exc:
            raise UserError(self.env._("Distribution Overview, Period: %(error)s", error=str(exc))) from exc
        scope = {}
        for key, model in SCOPES.items():
            value = params.get(key)
            if value:
                record = self.env[model].browse(int(value)).exists()
                if not record:
                    raise UserError(self.env._("Distribution Overview: the %(field)s %(id)s does not exist.",
                                               field=self._fields[key].string, id=value))
                scope[key] = record.id
        return period_key, start, end, prev_start, prev_end, scope

    @api.model
    def _overview_domains(self, params=None):
        """{figure: (model, domain)} for the period and scope in ``params``."""
        _key, start, end, prev_start, prev_end, scope = self._overview_params(params)

        def dates(date_from, date_to, field="date"):
            return [(field, ">=", datetime.combine(date_from, time.min)),
                    (field, "<", datetime.combine(date_to, time.min))]

        def scoped(model):
            fnames = self.env[model]._fields
            return [(key, "child_of" if key == "territory_id" else "=", value)
                    for key, value in scope.items() if key in fnames]

        sales, sell, target, scheme = (SALES, "dms.report.sell.in.out", "dms.report.target", "dms.report.scheme")
        trend_start = period.trend_months(end, TREND_MONTHS)[0]
        month_start = start.replace(day=1)
        return {
            "secondary": (sales, dates(start, end) + scoped(sales)),
            "secondary_prev": (sales, dates(prev_start, prev_end) + scoped(sales)),
            "sell_in_out": (sell, dates(start, end) + scoped(sell)),
            "target": (target, [("month", ">=", month_start), ("month", "<", end), ("target_value", ">", 0)]
                       + scoped(target)),
            "scheme_cost": (scheme, [("kind", "=", "benefit")] + dates(start, end) + scoped(scheme)),
            "claims": (scheme, [("kind", "=", "claim"), ("claim_state", "in", OPEN_CLAIM_STATES)] + scoped(scheme)),
            "trend": (sales, dates(trend_start, end) + scoped(sales)),
            "trend_sell_in": (sell, [("kind", "=", "sell_in")] + dates(trend_start, end) + scoped(sell)),
        }

    @api.model
    def get_overview_options(self):
        """What the manager can scope the Overview to: the territories, distributors and channels
        they can read."""
        def options(records):
            return [{"id": record.id, "name": record.display_name} for record in records]
        return {
            "periods": [{"id": key, "name": name} for key, name in self._overview_period_names().items()],
            "territory_id": options(self.env["dms.territory"].search([], limit=OPTIONS_LIMIT)),
            "distributor_id": options(self.env["res.partner"].search(
                [("dms_role", "in", ("distributor", "wholesaler"))], order="name", limit=OPTIONS_LIMIT)),
            "channel_id": options(self.env["dms.channel"].search([], limit=OPTIONS_LIMIT)),
        }

    @api.model
    def _overview_period_names(self):
        return {"mtd": self.env._("Month to date"), "last_month": self.env._("Last month"),
                "qtd": self.env._("Quarter to date"), "custom": self.env._("Custom")}

    @api.model
    def get_overview(self, params=None):
        """Headline KPIs of the period against the period before it (as many days), the best
        territories and distributors of the period and six months of secondary sales and sell-in."""
        key, start, end, prev_start, prev_end, _scope = self._overview_params(params)
        domains = self._overview_domains(params)
        Sales = self.env[SALES]

        secondary, secondary_qty = self._overview_sum(SALES, domains["secondary"][1],
                                                      ["price_subtotal:sum", "qty_units:sum"])
        (secondary_last,) = self._overview_sum(SALES, domains["secondary_prev"][1], ["price_subtotal:sum"])
        sell_in, sell_out, buildup = self._overview_sum(
            "dms.report.sell.in.out", domains["sell_in_out"][1],
            ["sell_in_value:sum", "sell_out_value:sum", "stock_buildup_qty:sum"])
        target_value, achieved_value = self._overview_sum(
            "dms.report.target", domains["target"][1], ["target_value:sum", "achieved_value:sum"])
        scheme_cost = open_claims = open_claimed = None
        if self.env["dms.report.scheme"].has_access("read"):  # claims are for supervisors up
            (scheme_cost,) = self._overview_sum("dms.report.scheme", domains["scheme_cost"][1], ["scheme_cost:sum"])
            open_claims, open_claimed = self._overview_sum(
                "dms.report.scheme", domains["claims"][1], ["claim_id:count_distinct", "claimed_amount:sum"])

        def top(groupby):
            return [{"id": record.id, "name": record.display_name, "value": value}
                    for record, value in Sales._read_group(
                        [*domains["secondary"][1], (groupby, "!=", False)], [groupby], ["price_subtotal:sum"],
                        order="price_subtotal:sum desc", limit=TOP)]

        by_month = {month.date(): value for month, value in Sales._read_group(
            domains["trend"][1], ["date:month"], ["price_subtotal:sum"])}
        sell_in_by_month = {month.date(): value for month, value in self.env["dms.report.sell.in.out"]._read_group(
            domains["trend_sell_in"][1], ["date:month"], ["sell_in_value:sum"])}
        trend = [{"month": month.strftime("%b %Y"), "date": fields.Date.to_string(month),
                  "secondary": by_month.get(month, 0.0), "sell_in": sell_in_by_month.get(month, 0.0)}
                 for month in period.trend_months(end, TREND_MONTHS)]
        currency = self.env.company.currency_id
        last_day, prev_last_day = end - timedelta(days=1), prev_end - timedelta(days=1)
        return {
            "currency": {"symbol": currency.symbol, "position": currency.position,
                         "digits": currency.decimal_places},
            "period": {"key": key, "name": self._overview_period_names()[key],
                       "date_from": fields.Date.to_string(start), "date_to": fields.Date.to_string(last_day),
                       "prev_from": fields.Date.to_string(prev_start), "prev_to": fields.Date.to_string(prev_last_day),
                       "days": (end - start).days, "prev_days": (prev_end - prev_start).days,
                       "label": _range_label(start, last_day), "prev_label": _range_label(prev_start, prev_last_day)},
            "month": start.strftime("%B %Y"),
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

    @api.model
    def get_overview_action(self, figure, params=None, extra_domain=None):
        """The report action listing the records behind ``figure`` of the Overview, with the
        domain the figure was computed on (plus ``extra_domain``: a row of a top list, a month)."""
        domains = self._overview_domains(params)
        if figure not in domains:
            raise UserError(self.env._("Distribution Overview: unknown figure %(figure)s.", figure=figure))
        model, domain = domains[figure]
        xmlid = {SALES: "dms_reports.dms_report_secondary_sales_action",
                 "dms.report.sell.in.out": "dms_reports.dms_report_sell_in_out_action",
                 "dms.report.target": "dms_reports.dms_report_target_action",
                 "dms.report.scheme": "dms_reports.dms_report_scheme_action"}[model]
        allowed = set(self.env[model]._fields)
        for leaf in extra_domain or []:
            if not (isinstance(leaf, (list, tuple)) and len(leaf) == 3 and leaf[0].split(".")[0].split(":")[0]
                    in allowed):
                raise UserError(self.env._("Distribution Overview: cannot filter on %(leaf)s.", leaf=leaf))
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain + [tuple(leaf) for leaf in extra_domain or []]
        action["context"] = {}  # the period is in the domain: no "This Month" filter on top
        if figure != "claims":  # open claims are counted whatever their date
            _key, start, end, prev_start, prev_end, _scope = self._overview_params(params)
            first, last = (prev_start, prev_end) if figure == "secondary_prev" else (start, end)
            action["display_name"] = "%s (%s)" % (action["name"], _range_label(first, last - timedelta(days=1)))
        return action


def _range_label(first, last):
    if first == last:
        return first.strftime("%d %b %Y")
    if (first.year, first.month) == (last.year, last.month):
        return "%s-%s" % (first.strftime("%d"), last.strftime("%d %b %Y"))
    return "%s - %s" % (first.strftime("%d %b %Y"), last.strftime("%d %b %Y"))
