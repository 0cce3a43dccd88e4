from datetime import date, datetime, timedelta

from odoo.tests import tagged

from .common import DmsRoutingCommon

DAY = date(2026, 2, 2)


@tagged("post_install", "-at_install")
class TestVisitKpi(DmsRoutingCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Visit = cls.env["dms.visit"]
        outlet_4 = cls.env["res.partner"].create({
            "name": "Nila Store", "is_company": True, "dms_role": "outlet", "dms_territory_id": cls.area.id,
            "dms_distributor_id": cls.distributor.id})
        start = datetime(2026, 2, 2, 4, 0)

        def done(outlet, minutes, planned=True, **vals):
            return Visit.create({
                "user_id": cls.rep.id, "partner_id": outlet.id, "planned_date": DAY, "is_planned": planned,
                "state": "done", "check_in_time": start, "check_out_time": start + timedelta(minutes=minutes),
                **vals})

        order_1 = cls._create_order(outlet=cls.outlet, lines=[(cls.soap, 10), (cls.shampoo, 2)])
        order_2 = cls._create_order(outlet=cls.outlet_3, lines=[(cls.soap, 1), (cls.shampoo, 1), (cls.soap, 3)])
        # four planned visits: three done (two orders), one missed; one unplanned visit done
        done(cls.outlet, 10, order_id=order_1.id)
        done(cls.outlet_3, 20, order_id=order_2.id)
        done(outlet_4, 30, no_order_reason_id=cls.reason.id)
        Visit.create({"user_id": cls.rep.id, "partner_id": cls.outlet_2.id, "planned_date": DAY,
                      "is_planned": True, "state": "missed"})
        done(outlet_4, 40, planned=False, no_order_reason_id=cls.reason.id, out_of_fence=True)
        # another day and another rep stay apart
        Visit.create({"user_id": cls.rep.id, "partner_id": cls.outlet.id, "planned_date": DAY + timedelta(days=1),
                      "is_planned": True})
        Visit.create({"user_id": cls.rep_2.id, "partner_id": cls.outlet_2.id, "planned_date": DAY,
                      "is_planned": True, "state": "cancelled"})

    def test_figures_of_a_rep_day(self):
        self.env.flush_all()
        kpi = self.env["dms.visit.kpi"].search([("user_id", "=", self.rep.id), ("date", "=", DAY)])
        self.assertEqual(len(kpi), 1)
        self.assertRecordValues(kpi, [{
            "planned_count": 4, "visited_count": 4, "planned_done_count": 3, "unplanned_count": 1,
            "missed_count": 1, "order_count": 2, "line_count": 5, "out_of_fence_count": 1,
            "minutes_total": 100, "adherence": 75.0, "strike_rate": 50.0, "lines_per_call": 2.5,
            "avg_minutes": 25.0,
        }])
        next_day = self.env["dms.visit.kpi"].search([("user_id", "=", self.rep.id), ("date", "=", DAY + timedelta(1))])
        self.assertRecordValues(next_day, [{"planned_count": 1, "visited_count": 0, "adherence": 0.0,
                                            "strike_rate": 0.0}])
        cancelled = self.env["dms.visit.kpi"].search([("user_id", "=", self.rep_2.id), ("date", "=", DAY)])
        self.assertRecordValues(cancelled, [{"planned_count": 0, "adherence": 0.0}])

    def test_pivot_totals(self):
        self.env.flush_all()
        groups = self.env["dms.visit.kpi"]._read_group(
            [("user_id", "=", self.rep.id)], ["user_id"], ["planned_count:sum", "visited_count:sum", "order_count:sum"])
        self.assertEqual(groups, [(self.rep, 5, 4, 2)])

    def test_rep_sees_only_own_figures(self):
        self.env.flush_all()
        users = self.env["dms.visit.kpi"].with_user(self.rep_2).search([]).user_id
        self.assertEqual(users, self.rep_2)
        self.assertIn(self.rep, self.env["dms.visit.kpi"].with_user(self.supervisor).search([]).user_id)
