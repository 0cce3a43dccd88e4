from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmsReportsAnalysisCommon


@tagged("post_install", "-at_install")
class TestReportScheme(DmsReportsAnalysisCommon):

    def test_scheme_cost_and_claims(self):
        Report = self.env["dms.report.scheme"]
        benefits = {scheme: (d, f, c) for scheme, d, f, c in Report._read_group(
            [("kind", "=", "benefit"), ("distributor_id", "=", self.distributor.id), *self._this_month()],
            ["scheme_id"], ["scheme_discount:sum", "free_goods_value:sum", "scheme_cost:sum"])}
        self.assertEqual(benefits, {self.scheme_soap: (35 + 168 + 84, 0, 287), self.scheme_towel: (0, 60, 60)})
        # on all data, the scheme cost is the scheme benefit of the counted order lines
        [(cost,)] = Report._read_group([("kind", "=", "benefit")], [], ["scheme_cost:sum"])
        [(amount,)] = self.env["dms.secondary.order.line"]._read_group(
            [("state", "in", ("confirmed", "delivered"))], [], ["scheme_amount:sum"])
        self.assertAlmostEqual(cost, amount, places=2)

        claim = self.env["dms.claim"].create({
            "distributor_id": self.distributor.id, "date_from": self.today.replace(day=1), "date_to": self.today})
        claim.action_compute()
        self.assertEqual(claim.amount_total, 84, "only o2 is delivered")
        claim.action_submit()
        rows = Report.search([("claim_id", "=", claim.id)])
        self.assertEqual(len(rows), len(claim.line_ids))
        self.assertEqual(rows.mapped("claim_state"), ["submitted"])
        self.assertEqual(sum(rows.mapped("claimed_amount")), 84)
        self.assertEqual(rows.territory_id, self.area_2)
        self.assertEqual(rows.scheme_id, self.scheme_soap)
        by_state = dict(Report._read_group([("kind", "=", "claim"), ("distributor_id", "=", self.distributor.id)],
                                           ["claim_state"], ["claimed_amount:sum"]))
        self.assertEqual(by_state, {"submitted": 84})

    def test_access(self):
        Report = self.env["dms.report.scheme"]
        south = Report.search([("distributor_id", "=", self.distributor_south.id)])
        self.assertTrue(south)
        self.assertEqual(Report.with_user(self.staff).search([]).distributor_id, self.distributor)
        self.assertNotIn(self.distributor_south, Report.with_user(self.supervisor).search([]).distributor_id)
        with self.assertRaises(AccessError):
            south.with_user(self.supervisor).read(["scheme_cost"])
        with self.assertRaises(AccessError, msg="claims are not for reps"):
            Report.with_user(self.rep).search([])
