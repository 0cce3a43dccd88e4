from odoo.tests import HttpCase, new_test_user, tagged

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
        self.assertAlmostEqual(data["secondary"]["last"], 630)
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
            waitFor(".o_dms_overview [name=kpi_secondary]").then((kpi) => {
                kpi.click();
                return waitFor(".o_pivot");
            }).then(() => console.log("test successful"), (error) => console.error(error.message));
        """
        self.browser_js("/odoo/action-dms_reports.dms_report_overview_action", code, login="dms_overview_mgr")


@tagged("post_install", "-at_install")
class TestManagerHomeUi(HttpCase):

    def test_manager_starts_on_the_overview(self):
        manager = new_test_user(self.env, "dms_home_mgr", groups="dms_sales.group_dms_manager")
        self.assertEqual(manager._dms_home_action(), self.env.ref("dms_reports.dms_report_overview_action"))
        self.start_tour("/odoo", "dms_manager_home_tour", login="dms_home_mgr")
