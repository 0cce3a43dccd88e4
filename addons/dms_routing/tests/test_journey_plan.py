from datetime import date, datetime

from psycopg2 import IntegrityError

import odoo
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.dms_sales.bulk import MAGIC
from odoo.addons.dms_sales.guard import dms_system_write

from .common import DmsRoutingCommon


@tagged("post_install", "-at_install")
class TestJourneyPlan(DmsRoutingCommon):

    def _visits(self, user=None):
        return self.env["dms.visit"].search([("user_id", "=", (user or self.rep).id)], order="planned_date, sequence")

    def test_plan_creates_each_visit_once(self):
        Visit = self.env["dms.visit"]
        created = Visit._generate_journey_plan(date(2026, 1, 5), date(2026, 1, 18), self.beat)
        # Mon 5, Thu 8, Mon 12, Thu 15 x two outlets, in beat order
        self.assertEqual(len(created), 8)
        self.assertEqual(set(created.mapped("planned_date")),
                         {date(2026, 1, 5), date(2026, 1, 8), date(2026, 1, 12), date(2026, 1, 15)})
        first_day = created.filtered(lambda v: v.planned_date == date(2026, 1, 5)).sorted("sequence")
        self.assertEqual(first_day.partner_id, self.outlet | self.outlet_3)
        self.assertTrue(all(created.mapped("is_planned")))
        self.assertEqual(set(created.mapped("state")), {"planned"})
        self.assertEqual(created.beat_id, self.beat)
        # again, and over an overlapping range: nothing twice
        self.assertFalse(Visit._generate_journey_plan(date(2026, 1, 5), date(2026, 1, 18), self.beat))
        more = Visit._generate_journey_plan(date(2026, 1, 12), date(2026, 1, 22), self.beat)
        self.assertEqual(set(more.mapped("planned_date")), {date(2026, 1, 19), date(2026, 1, 22)})
        self.assertEqual(len(self._visits()), 12)

    def test_concurrent_plans_do_not_clash(self):
        """Rows a concurrent run inserted meanwhile are skipped by the INSERT, not an error."""
        first = self.env["dms.visit"]._generate_journey_plan(date(2026, 1, 5), date(2026, 1, 5), self.beat)
        row = (self.company.id, self.rep.id, self.outlet.id, self.beat.id, date(2026, 1, 5), 1)
        new_row = (self.company.id, self.rep.id, self.outlet.id, self.beat.id, date(2026, 1, 6), 1)
        again = self.env["dms.visit"]._insert_planned_visits([row, new_row])
        self.assertEqual(again.planned_date, date(2026, 1, 6))
        self.assertEqual(len(first), 2)
        self.assertEqual(again.territory_id, self.leaf, "stored related fields are filled by the INSERT")
        self.assertEqual(again.distributor_id, self.distributor)
        self.assertIn(again, self.beat.visit_ids)

    def test_inserted_visit_has_every_stored_field_create_gives(self):
        """Every stored field of a visit (those other modules add included) gets from the bulk INSERT
        the value ``create()`` gives it: a field with a default or a compute the INSERT missed fails."""
        inserted = self.env["dms.visit"]._insert_planned_visits(
            [(self.company.id, self.rep.id, self.outlet.id, self.beat.id, date(2026, 2, 2), 3)])
        with dms_system_write():
            created = self.env["dms.visit"].create({
                "company_id": self.company.id, "user_id": self.rep.id, "partner_id": self.outlet.id,
                "beat_id": self.beat.id, "planned_date": date(2026, 2, 3), "sequence": 3, "is_planned": True})
        self.env.flush_all()
        self.env.invalidate_all()
        names = [name for name, field in created._fields.items()
                 if field.store and field.type != "one2many" and name not in ("id", "planned_date") + MAGIC]
        self.assertGreater(len(names), 20)
        self.assertEqual(inserted.read(names)[0] | {"id": 0}, created.read(names)[0] | {"id": 0})

    def test_inserted_visit_outside_record_rules_is_refused(self):
        """A rep may create visits, but only their own: a planned visit for another rep is refused
        and nothing stays inserted."""
        day = date(2026, 2, 3)
        Visit = self.env["dms.visit"]
        with self.assertRaises(AccessError):
            Visit.with_user(self.rep)._insert_planned_visits(
                [(self.company.id, self.rep.id, self.outlet.id, self.beat.id, day, 1),
                 (self.company.id, self.rep_2.id, self.outlet_3.id, self.beat.id, day, 2)])
        self.assertFalse(Visit.search([("planned_date", "=", day)]))
        own = Visit.with_user(self.rep)._insert_planned_visits(
            [(self.company.id, self.rep.id, self.outlet.id, self.beat.id, day, 1)])
        self.assertEqual(own.sudo().user_id, self.rep)

    def test_database_refuses_a_second_planned_visit(self):
        visit = self.env["dms.visit"]._generate_journey_plan(date(2026, 1, 5), date(2026, 1, 5), self.beat)[:1]
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["dms.visit"].create({
                "user_id": visit.user_id.id, "partner_id": visit.partner_id.id, "planned_date": visit.planned_date,
                "is_planned": True})
            self.env.flush_all()
        # an unplanned visit to the same outlet the same day is allowed
        extra = self.env["dms.visit"].create({
            "user_id": visit.user_id.id, "partner_id": visit.partner_id.id, "planned_date": visit.planned_date})
        self.assertFalse(extra.is_planned)

    def test_public_holidays_and_rep_leaves_are_skipped(self):
        calendar = self.company.resource_calendar_id
        calendar.tz = "Asia/Dhaka"
        # Thursday 8 January, a whole local day (Dhaka is UTC+6)
        self.env["resource.calendar.leaves"].create({
            "name": "Holiday", "calendar_id": calendar.id, "resource_id": False,
            "date_from": datetime(2026, 1, 7, 18, 0), "date_to": datetime(2026, 1, 8, 17, 59, 59)})
        self.env["dms.rep.leave"].create({"user_id": self.rep.id, "date_from": "2026-01-12", "date_to": "2026-01-12"})
        created = self.env["dms.visit"]._generate_journey_plan(date(2026, 1, 5), date(2026, 1, 18), self.beat)
        self.assertEqual(set(created.mapped("planned_date")), {date(2026, 1, 5), date(2026, 1, 15)})

    def test_outlet_closing_day_is_skipped(self):
        self.outlet_3.dms_closed_weekday = "3"  # Thursday
        created = self.env["dms.visit"]._generate_journey_plan(date(2026, 1, 5), date(2026, 1, 11), self.beat)
        self.assertEqual(created.filtered(lambda v: v.planned_date == date(2026, 1, 8)).partner_id, self.outlet)
        self.assertEqual(len(created), 3)

    def test_queries_do_not_grow_with_visits(self):
        """One week or ten weeks, two outlets or twelve: the same number of queries."""
        outlets = self.env["res.partner"].create([{
            "name": "Bulk %02d" % i, "is_company": True, "dms_role": "outlet", "dms_territory_id": self.area.id,
            "dms_distributor_id": self.distributor.id} for i in range(12)])
        rep_3 = new_test_user(self.env, "dms_rep_3", groups="dms_sales.group_dms_rep")
        self.area.user_ids |= rep_3
        big_beat = self._create_beat(rep_3, self.area, outlets)
        counts = []
        for beat, end in ((self.beat, date(2026, 1, 11)), (big_beat, date(2026, 3, 15))):
            self.env.flush_all()
            self.env.invalidate_all()
            before = odoo.sql_db.sql_counter
            created = self.env["dms.visit"]._generate_journey_plan(date(2026, 1, 5), end, beat)
            counts.append(odoo.sql_db.sql_counter - before)
            self.assertTrue(created)
        self.assertEqual(len(big_beat.visit_ids), 12 * 20)
        self.assertEqual(counts[0], counts[1], "queries for 4 visits vs 240 visits")

    def test_supervisor_runs_the_wizard(self):
        wizard_form = Form(self.env["dms.journey.plan.wizard"].with_user(self.supervisor))
        wizard_form.date_from = date(2026, 1, 5)
        wizard_form.date_to = date(2026, 1, 11)
        wizard_form.user_ids.add(self.rep)
        wizard = wizard_form.save()
        wizard.action_generate()
        self.assertEqual(wizard.created_count, 4)
        self.assertEqual(wizard.state, "done")
        action = wizard.action_view_visits()
        self.assertEqual(self.env["dms.visit"].search_count(action["domain"]), 4)
        again = self.env["dms.journey.plan.wizard"].with_user(self.supervisor).create({
            "date_from": "2026-01-05", "date_to": "2026-01-11"})
        again.action_generate()
        self.assertEqual(again.created_count, 0)

    def test_cron_marks_past_planned_visits_missed(self):
        visits = self.env["dms.visit"]._generate_journey_plan(date(2026, 1, 5), date(2026, 1, 8), self.beat)
        visits[0].action_check_in(23.794028, 90.403196, 5)
        self.env["dms.visit"]._cron_mark_missed()
        self.assertEqual(visits[0].state, "in_progress")
        self.assertEqual(set((visits - visits[0]).mapped("state")), {"missed"})
