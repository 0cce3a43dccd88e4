from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .dms_report_scheme import OPEN_CLAIM_STATES

TREND_MONTHS = 6
TOP = 5


class DmsReportOverview(models.AbstractModel):
    """Figures of the Distribution Overview dashboard. Everything is read with `_read_group` on
    the report models as the current user, so their record rules decide what is counted."""

    _name = "dms.report.overview"
    _description = "Distribution Overview"

    @api.model
    def _month_bounds(self, today, months_back=0):
        start = datetime.combine(today.replace(day=1), time.min) - relativedelta(months=months_back)
        return start, start + relativedelta(months=1)

    @api.model
    def _sum(self, model, domain, measures):
        row = self.env[model]._read_group(domain, [], measures)[0]
        return [value or 0.0 for value in row]

    @api.model
    def get_overview(self):
        """Headline KPIs of this month against last month, the best territories and distributors
        of the month and the last six months of secondary sales and sell-in."""
        today = fields.Date.context_today(self)
        this_start, this_end = self._month_bounds(today)
        last_start, last_end = self._month_bounds(today, 1)
        this_month = [("date", ">=", this_start), ("date", "<", this_end)]
        last_month = [("date", ">=", last_start), ("date", "<", last_end)]
        Sales = self.env["dms.report.secondary.sales"]

        secondary, secondary_qty = self._sum(Sales._name, this_month, ["price_subtotal:sum", "qty_units:sum"])
        (secondary_last,) = self._sum(Sales._name, last_month, ["price_subtotal:sum"])
        sell_in, sell_out, buildup = self._sum(
            "dms.report.sell.in.out", this_month, ["sell_in_value:sum", "sell_out_value:sum", "stock_buildup_qty:sum"])
        target_value, achieved_value = self._sum(
            "dms.report.target", [("month", "=", this_start.date()), ("target_value", ">", 0)],
            ["target_value:sum", "achieved_value:sum"])
        scheme_cost = open_claims = open_claimed = None
        if self.env["dms.report.scheme"].has_access("read"):  # claims are for supervisors up
            (scheme_cost,) = self._sum(
                "dms.report.scheme", [("kind", "=", "benefit"), *this_month], ["scheme_cost:sum"])
            open_claims, open_claimed = self._sum(
                "dms.report.scheme", [("kind", "=", "claim"), ("claim_state", "in", OPEN_CLAIM_STATES)],
                ["claim_id:count_distinct", "claimed_amount:sum"])

        def top(groupby):
            return [{"id": record.id, "name": record.display_name, "value": value}
                    for record, value in Sales._read_group(
                        [*this_month, (groupby, "!=", False)], [groupby], ["price_subtotal:sum"],
                        order="price_subtotal:sum desc", limit=TOP)]

        trend_start, _end = self._month_bounds(today, TREND_MONTHS - 1)
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
