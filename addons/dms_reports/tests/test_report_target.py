from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmsReportsAnalysisCommon


@tagged("post_install", "-at_install")
class TestReportTarget(DmsReportsAnalysisCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        month = cls.today.replace(day=1)
        last_month = cls.last_month_day.date().replace(day=1)
        Target = cls.env["dms.target"]
        cls.targets = Target.create([
            {"target_type": "rep", "user_id": cls.rep.id, "month": month, "target_value": 5000, "target_qty": 100},
            {"target_type": "rep", "user_id": cls.rep.id, "month": last_month, "target_value": 1000},
            {"target_type": "rep", "user_id": cls.rep_2.id, "month": month, "target_value": 1000,
             "categ_id": cls.categ_care.id},
            {"target_type": "territory", "territory_id": cls.region.id, "month": month, "target_value": 4000,
             "categ_id": cls.categ_soap.id},
            {"target_type": "territory", "territory_id": cls.area.id, "month": month, "target_qty": 50},
            {"target_type": "territory", "territory_id": cls.other_region.id, "month": month, "target_value": 100},
            {"target_type": "distributor", "distributor_id": cls.distributor.id, "month": month,
             "target_value": 10000, "categ_id": cls.categ_soap.id},
            {"target_type": "distributor", "distributor_id": cls.distributor_south.id, "month": month,
             "target_value": 10000},
            # outlet and SKU targets
            {"target_type": "outlet", "outlet_id": cls.outlet.id, "month": month, "target_value": 3000},
            {"target_type": "outlet", "outlet_id": cls.outlet_south.id, "month": month, "target_value": 100,
             "product_id": cls.soap.id},
            {"target_type": "rep", "user_id": cls.rep.id, "month": month, "target_qty": 20,
             "product_id": cls.soap.id},
            {"target_type": "distributor", "distributor_id": cls.distributor.id, "month": month,
             "target_value": 500, "product_id": cls.soap.id},
        ])

    def test_achievement_as_dms_target_computes_it(self):
        rows = {row.target_id: row
                for row in self.env["dms.report.target"].search([("target_id", "in", self.targets.ids)])}
        self.assertEqual(set(rows), set(self.targets))
        for target in self.targets:
            row = rows[target]
            self.assertAlmostEqual(row.achieved_value, target.achieved_value, msg=target.name)
            self.assertAlmostEqual(row.achieved_qty, target.achieved_qty, msg=target.name)
            self.assertAlmostEqual(row.achieved_value_percent, target.achieved_value_percent, msg=target.name)
            self.assertAlmostEqual(row.achieved_qty_percent, target.achieved_qty_percent, msg=target.name)
            self.assertAlmostEqual(row.gap_value, max(target.target_value - target.achieved_value, 0))
        rep_target, rep_last, __, region_soap, area_qty, south, dist_soap, dist_south, outlet, *__ = self.targets
        # o1: 315 + 1512 + 1500 + towel 0; o6 last month 630; region soaps: o1 soaps + o2 (756)
        self.assertAlmostEqual(rows[rep_target].achieved_value, 3327)
        self.assertAlmostEqual(rows[rep_target].achieved_qty, 10 + 48 + 10 + 1)
        self.assertAlmostEqual(rows[rep_last].achieved_value, 630)
        self.assertAlmostEqual(rows[region_soap].achieved_value, 315 + 1512 + 756)
        self.assertAlmostEqual(rows[area_qty].achieved_qty, 69)
        self.assertAlmostEqual(rows[south].achieved_value, 144)
        self.assertAlmostEqual(rows[dist_soap].achieved_value, 4500)
        self.assertAlmostEqual(rows[dist_south].achieved_value, 0)
        self.assertTrue(rows[outlet].achieved_value, "the outlet's orders count")
        self.assertEqual(rows[outlet].outlet_id, self.outlet)

    def test_access_as_targets(self):
        Report = self.env["dms.report.target"]
        for user in (self.rep, self.rep_2, self.supervisor, self.staff, self.manager):
            visible_targets = self.env["dms.target"].with_user(user).search([("id", "in", self.targets.ids)])
            rows = Report.with_user(user).search([("target_id", "in", self.targets.ids)])
            self.assertEqual(rows.target_id, visible_targets, user.login)
        south_row = Report.search([("target_id", "=", self.targets[5].id)])
        with self.assertRaises(AccessError):
            south_row.with_user(self.rep).read(["achieved_value"])
