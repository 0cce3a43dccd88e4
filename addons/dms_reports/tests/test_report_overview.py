from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import BaseCase, HttpCase, new_test_user, tagged

from ..engine.period import period_ranges, trend_months
from .common import DmsReportsAnalysisCommon


@tagged("post_install", "-at_install")
class TestReportOverview(DmsReportsAnalysisCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dms.target"].create({"target_type": "territory", "territory_id": cls.other_region.id,
                                      "month": cls.today.replace(day=1), "target_value": 288})

    def _sum(self, model, domain, measure, user):
        [(value,)] = self.env[model].with_user(user)._read_group(domain, [], [measure])
        return value

    def test_figures_are_the_reports(self):
        Overview = self.env["dms.report.secondary.sales"]
        for user in (self.manager, self.supervisor, self.rep):
            data = Overview.with_user(user).get_overview()
            month = self._this_month()
            self.assertAlmostEqual(data["secondary"]["value"], self._sum(
                "dms.report.secondary.sales", month, "price_subtotal:sum", user), msg=user.login)
            self.assertAlmostEqual(data["sell_in_out"]["sell_in"], self._sum(
                "dms.report.sell.in.out", month, "sell_in_value:sum", user), msg=user.login)
            self.assertEqual(len(data["trend"]), 6)
            self.assertAlmostEqual(data["trend"][-1]["secondary"], data["secondary"]["value"])
        data = Overview.with_user(self.manager).get_overview()
        self.assertAlmostEqual(data["scheme_cost"], self._sum(
            "dms.report.scheme", [("kind", "=", "benefit"), *self._this_month()], "scheme_cost:sum", self.manager))
        self.assertIsNotNone(data["target"]["percent"])
        self.assertEqual(data["claims"]["count"], self.env["dms.claim"].search_count(
            [("state", "in", ("draft", "submitted", "approved")), ("line_ids", "!=", False)]))

    def test_rep_sees_only_their_territories(self):
        data = self.env["dms.report.secondary.sales"].with_user(self.rep).get_overview()
        self.assertAlmostEqual(data["secondary"]["value"], 315 + 1512 + 1500)
        prev = [("date", ">=", data["period"]["prev_from"]),
                ("date", "<", fields.Date.add(fields.Date.to_date(data["period"]["prev_to"]), days=1))]
        self.assertAlmostEqual(data["secondary"]["last"], self._sum(
            "dms.report.secondary.sales", prev, "price_subtotal:sum", self.rep) or 0.0)
        last_month = self.env["dms.report.secondary.sales"].with_user(self.rep).get_overview({"period": "last_month"})
        self.assertAlmostEqual(last_month["secondary"]["value"], 630, "o6, three days before this month")
        self.assertEqual([row["id"] for row in data["top_territories"]], self.leaf.ids)
        self.assertEqual([row["id"] for row in data["top_distributors"]], self.distributor.ids)
        manager_data = self.env["dms.report.secondary.sales"].with_user(self.manager).get_overview()
        values = [row["value"] for row in manager_data["top_territories"]]
        self.assertEqual(values, sorted(values, reverse=True))
        [(best,)] = self.env["dms.report.secondary.sales"]._read_group(
            self._this_month(), ["territory_id"], [], order="price_subtotal:sum desc", limit=1)
        self.assertEqual(manager_data["top_territories"][0]["id"], best.id)
        self.assertIsNone(data["claims"], "claims are not for reps")

    def test_query_count_does_not_grow_with_data(self):
        Overview = self.env["dms.report.secondary.sales"].with_user(self.manager)
        Overview.get_overview()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=20):
            Overview.get_overview()


    def test_period_and_scope_figures_are_read_groups(self):
        """A custom period scoped to a territory: every figure is the _read_group of its report over
        the same dates and scope, and the action of each figure lists exactly those records."""
        Overview = self.env["dms.report.secondary.sales"].with_user(self.manager)
        params = {"period": "custom", "date_from": fields.Date.to_string(self.last_month_day.date()),
                  "date_to": fields.Date.to_string(self.today), "territory_id": self.leaf.id}
        data = Overview.get_overview(params)
        start = datetime.combine(self.last_month_day.date(), datetime.min.time())
        end = datetime.combine(self.today + timedelta(days=1), datetime.min.time())
        dates = [("date", ">=", start), ("date", "<", end)]
        scope = [("territory_id", "child_of", self.leaf.id)]
        expected = self._sum("dms.report.secondary.sales", dates + scope, "price_subtotal:sum", self.manager)
        self.assertAlmostEqual(data["secondary"]["value"], expected)
        self.assertAlmostEqual(expected, 315 + 1512 + 1500 + 630, msg="o1 and o6 of the leaf, not o2 nor o5")
        self.assertEqual(data["period"]["days"], data["period"]["prev_days"])
        self.assertAlmostEqual(data["sell_in_out"]["sell_in"], self._sum(
            "dms.report.sell.in.out", dates + scope, "sell_in_value:sum", self.manager) or 0.0)
        self.assertAlmostEqual(data["scheme_cost"], self._sum(
            "dms.report.scheme", [("kind", "=", "benefit")] + dates + scope, "scheme_cost:sum", self.manager) or 0.0)
        self.assertEqual([row["id"] for row in data["top_territories"]], self.leaf.ids)
        for figure, key, measure in (("secondary", ("secondary", "value"), "price_subtotal"),
                                     ("secondary_prev", ("secondary", "last"), "price_subtotal"),
                                     ("sell_in_out", ("sell_in_out", "sell_in"), "sell_in_value")):
            action = Overview.get_overview_action(figure, params)
            records = self.env[action["res_model"]].with_user(self.manager).search(action["domain"])
            self.assertAlmostEqual(sum(records.mapped(measure)), data[key[0]][key[1]], msg=figure)
            self.assertFalse(action["context"], "no 'This Month' filter on top of the period")
        channel = Overview.get_overview({**params, "territory_id": False, "channel_id": self.channel.id})
        self.assertAlmostEqual(channel["secondary"]["value"], self._sum(
            "dms.report.secondary.sales", dates + [("channel_id", "=", self.channel.id)], "price_subtotal:sum",
            self.manager))
        row = Overview.get_overview_action("secondary", params, [["distributor_id", "=", self.distributor.id]])
        self.assertIn(("distributor_id", "=", self.distributor.id), row["domain"])
        with self.assertRaises(UserError):
            Overview.get_overview({"period": "custom", "date_from": "2026-02-10", "date_to": "2026-02-01"})
        with self.assertRaises(UserError):
            Overview.get_overview_action("secondary", params, [["password", "=", "x"]])

    def test_month_to_date_compares_the_same_days(self):
        Overview = self.env["dms.report.secondary.sales"].with_user(self.manager)
        with freeze_time("2026-12-02 10:00:00"):
            data = Overview.get_overview()
        period = data["period"]
        self.assertEqual((period["date_from"], period["date_to"]), ("2026-12-01", "2026-12-02"))
        self.assertEqual((period["prev_from"], period["prev_to"]), ("2026-11-01", "2026-11-02"))
        self.assertEqual(period["days"], 2)
        self.assertEqual(period["prev_days"], 2)


@tagged("post_install", "-at_install")
class TestOverviewPeriods(BaseCase):

    def test_month_to_date(self):
        self.assertEqual(period_ranges("mtd", date(2026, 12, 2)),
                         (date(2026, 12, 1), date(2026, 12, 3), date(2026, 11, 1), date(2026, 11, 3)))
        # 31 March against February: as many days as February has, never into March
        start, end, prev_start, prev_end = period_ranges("mtd", date(2026, 3, 31))
        self.assertEqual((prev_start, prev_end), (date(2026, 2, 1), date(2026, 3, 1)))
        for day in range(1, 29):
            start, end, prev_start, prev_end = period_ranges("mtd", date(2026, 3, day))
            self.assertEqual((end - start).days, (prev_end - prev_start).days, day)

    def test_other_periods(self):
        self.assertEqual(period_ranges("last_month", date(2026, 1, 15)),
                         (date(2025, 12, 1), date(2026, 1, 1), date(2025, 11, 1), date(2025, 12, 1)))
        self.assertEqual(period_ranges("qtd", date(2026, 5, 10)),
                         (date(2026, 4, 1), date(2026, 5, 11), date(2026, 1, 1), date(2026, 2, 10)))
        self.assertEqual(period_ranges("custom", date(2026, 5, 10), date(2026, 5, 1), date(2026, 5, 7)),
                         (date(2026, 5, 1), date(2026, 5, 8), date(2026, 4, 24), date(2026, 5, 1)))
        with self.assertRaises(ValueError):
            period_ranges("custom", date(2026, 5, 10), date(2026, 5, 7), date(2026, 5, 1))
        self.assertEqual(trend_months(date(2026, 12, 3), 3), [date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)])


@tagged("post_install", "-at_install")
class TestReportOverviewUi(HttpCase):

    def test_overview_renders_and_opens_a_report(self):
        manager = new_test_user(self.env, "dms_overview_mgr", password="dms_overview_mgr",
                                groups="dms_sales.group_dms_manager")
        self.assertTrue(manager)
        code = """
            const waitFor = (selector) => new Promise((resolve, reject) => {
                const start = Date.now();
                const tick = () => {
                    const el = document.querySelector(selector);
                    if (el) { resolve(el); }
                    else if (Date.now() - start > 20000) { reject(new Error("not found: " + selector)); }
                    else { setTimeout(tick, 100); }
                };
                tick();
            });
            const waitText = (selector, text) => waitFor(selector).then((el) => new Promise((resolve, reject) => {
                const start = Date.now();
                const tick = () => {
                    if (el.textContent.includes(text)) { resolve(el); }
                    else if (Date.now() - start > 20000) { reject(new Error(selector + " never shows " + text)); }
                    else { setTimeout(tick, 100); }
                };
                tick();
            }));
            waitFor(".o_dms_overview_trend canvas").then((canvas) => {
                if (!canvas.width) { throw new Error("the trend chart is not drawn"); }
                const select = document.querySelector(".o_dms_overview select[name=period]");
                select.value = "custom";
                select.dispatchEvent(new Event("change"));
                return waitFor(".o_dms_overview input[name=date_from]");
            }).then((from) => {
                from.value = "2026-01-01";
                from.dispatchEvent(new Event("change"));
                const to = document.querySelector(".o_dms_overview input[name=date_to]");
                to.value = "2026-01-31";
                to.dispatchEvent(new Event("change"));
                return waitText(".o_dms_overview [name=period_label]", "01-31 Jan 2026");
            }).then(() => waitText(".o_dms_overview [name=kpi_secondary_prev]", "Dec 2025")).then(() => {
                document.querySelector(".o_dms_overview [name=kpi_secondary]").click();
                return waitFor(".o_pivot");
            }).then(() => waitText(".o_breadcrumb", "01-31 Jan 2026"))
              .then(() => console.log("test successful"), (error) => console.error(error.message));
        """
        self.browser_js("/odoo/action-dms_reports.dms_report_overview_action", code, login="dms_overview_mgr")


@tagged("post_install", "-at_install")
class TestManagerHomeUi(HttpCase):

    def test_manager_starts_on_the_overview(self):
        manager = new_test_user(self.env, "dms_home_mgr", groups="dms_sales.group_dms_manager")
        self.assertEqual(manager._dms_home_action(), self.env.ref("dms_reports.dms_report_overview_action"))
        self.start_tour("/odoo", "dms_manager_home_tour", login="dms_home_mgr")
