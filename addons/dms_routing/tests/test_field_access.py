from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DmsRoutingCommon


@tagged("post_install", "-at_install")
class TestFieldAccess(DmsRoutingCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.beat_2 = cls._create_beat(cls.rep_2, cls.area_2, [cls.outlet_2])
        Visit = cls.env["dms.visit"]
        cls.visits = Visit._generate_journey_plan(date(2026, 1, 5), date(2026, 1, 5), cls.beat | cls.beat_2)
        cls.visit = cls.visits.filtered(lambda v: v.user_id == cls.rep)[:1]
        cls.visit_2 = cls.visits.filtered(lambda v: v.user_id == cls.rep_2)
        cls.staff = new_test_user(cls.env, "dms_dist_staff", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.staff.partner_id.parent_id = cls.distributor
        cls.other_staff = new_test_user(
            cls.env, "dms_dist_south", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.other_staff.partner_id.parent_id = cls.distributor_south

    def test_rep_sees_own_beats_and_visits_only(self):
        Beat, Visit = self.env["dms.beat"].with_user(self.rep), self.env["dms.visit"].with_user(self.rep)
        self.assertEqual(Beat.search([("id", "in", (self.beat | self.beat_2).ids)]), self.beat)
        self.assertEqual(Visit.search([("id", "in", self.visits.ids)]).user_id, self.rep)
        with self.assertRaises(AccessError):
            Beat.browse(self.beat_2.id).read(["name"])
        with self.assertRaises(AccessError):
            Visit.browse(self.visit_2.id).read(["state"])
        with self.assertRaises(AccessError):
            Visit.browse(self.visit_2.id).action_check_in(23.8, 90.41, 5)

    def test_rep_cannot_edit_beats_or_plan(self):
        with self.assertRaises(AccessError):
            self.beat.with_user(self.rep).write({"name": "Mine now"})
        with self.assertRaises(AccessError):
            self.env["dms.journey.plan.wizard"].with_user(self.rep).create({
                "date_from": "2026-01-05", "date_to": "2026-01-05"})
        with self.assertRaises(AccessError):
            self.visit.with_user(self.rep).unlink()

    def test_supervisor_sees_the_territories_reps(self):
        Visit = self.env["dms.visit"].with_user(self.supervisor)
        self.assertEqual(Visit.search([("id", "in", self.visits.ids)]), self.visits)
        beats = self.beat | self.beat_2
        self.assertEqual(self.env["dms.beat"].with_user(self.supervisor).search([("id", "in", beats.ids)]), beats)
        outsider = new_test_user(self.env, "dms_sup_south", groups="dms_sales.group_dms_supervisor")
        self.other_region.manager_id = outsider
        self.assertFalse(self.env["dms.visit"].with_user(outsider).search([("id", "in", self.visits.ids)]))
        # reassigning the region takes effect at once (rules resolve the territory in SQL)
        self.region.manager_id = outsider
        self.env.flush_all()  # what the end of the request does
        self.assertEqual(self.env["dms.visit"].with_user(outsider).search([("id", "in", self.visits.ids)]), self.visits)
        self.assertFalse(Visit.search([("id", "in", self.visits.ids)]))

    def test_distributor_staff_read_their_distributors_visits_only(self):
        Visit = self.env["dms.visit"].with_user(self.staff)
        self.assertEqual(Visit.search([("id", "in", self.visits.ids)]), self.visits)
        self.assertEqual(self.env["dms.beat"].with_user(self.staff).search_count(
            [("id", "in", (self.beat | self.beat_2).ids)]), 2)
        with self.assertRaises(AccessError):
            Visit.browse(self.visit.id).write({"notes": "changed"})
        with self.assertRaises(AccessError):
            self.beat.with_user(self.staff).write({"name": "changed"})
        self.assertFalse(self.env["dms.visit"].with_user(self.other_staff).search([("id", "in", self.visits.ids)]))
        with self.assertRaises(AccessError):
            self.env["dms.visit"].with_user(self.other_staff).browse(self.visit.id).read(["state"])

    def test_other_company_visits_are_hidden(self):
        company_2 = self.env["res.company"].create({"name": "Other DMS Co"})
        territory_2 = self.env["dms.territory"].create({"name": "Abroad", "company_id": company_2.id})
        outlet_2 = self.env["res.partner"].create({
            "name": "Foreign Kiosk", "is_company": True, "dms_role": "outlet", "company_id": company_2.id,
            "dms_territory_id": territory_2.id})
        foreign = self.env["dms.visit"].create({
            "user_id": self.manager.id, "partner_id": outlet_2.id, "company_id": company_2.id})
        Visit = self.env["dms.visit"].with_user(self.manager)
        self.assertIn(self.visit, Visit.search([]))
        self.assertNotIn(foreign, Visit.search([]))
        with self.assertRaises(AccessError):
            Visit.browse(foreign.id).read(["state"])

    def test_rep_leaves_and_reasons(self):
        leave = self.env["dms.rep.leave"].create({"user_id": self.rep_2.id, "date_from": "2026-01-05",
                                                  "date_to": "2026-01-06"})
        self.assertFalse(self.env["dms.rep.leave"].with_user(self.rep).search([("id", "=", leave.id)]))
        self.assertEqual(self.env["dms.rep.leave"].with_user(self.rep_2).search([("id", "=", leave.id)]), leave)
        with self.assertRaises(AccessError):
            self.env["dms.rep.leave"].with_user(self.rep_2).create({"user_id": self.rep_2.id})
        self.assertIn(self.reason, self.env["dms.no.order.reason"].with_user(self.rep).search([]))
        with self.assertRaises(AccessError):
            self.env["dms.no.order.reason"].with_user(self.rep).create({"name": "Mine"})
