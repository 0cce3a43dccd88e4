from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DmsRoutingCommon

INSIDE = (23.794100, 90.403250)


@tagged("post_install", "-at_install")
class TestBeatDiscipline(DmsRoutingCommon):
    """Sequence lock, skip reasons and the day's close of missed visits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = date.today()
        # the beat's order: outlet (Rahim), then outlet_3 (Hasan)
        cls.beat.sequence_lock = True
        cls.skip_reason = cls.env["dms.visit.skip.reason"].create({"name": "Test: shop shut"})
        cls.not_visited = cls.env.ref("dms_routing.dms_visit_skip_reason_not_visited")
        Visit = cls.env["dms.visit"]
        # visit sequences reversed on purpose: the beat's lines decide the order, not the visits
        cls.first, cls.second = Visit.create([
            {"user_id": cls.rep.id, "partner_id": cls.outlet.id, "beat_id": cls.beat.id,
             "planned_date": cls.today, "sequence": 9, "is_planned": True},
            {"user_id": cls.rep.id, "partner_id": cls.outlet_3.id, "beat_id": cls.beat.id,
             "planned_date": cls.today, "sequence": 1, "is_planned": True},
        ])

    def test_in_order_passes(self):
        self.first.with_user(self.rep).action_check_in(*INSIDE)
        self.second.with_user(self.rep).action_check_in(*INSIDE)
        self.assertEqual((self.first.state, self.second.state), ("in_progress", "in_progress"))

    def test_out_of_order_refused_naming_the_outlet(self):
        with self.assertRaisesRegex(UserError, "keeps its visiting order") as caught:
            self.second.with_user(self.rep).action_check_in(*INSIDE)
        message = str(caught.exception)
        self.assertIn(self.outlet.display_name, message)
        self.assertIn(self.beat.name, message)
        self.assertIn("Visit or skip", message)
        self.assertEqual(self.second.state, "planned")
        # the first outlet itself is never locked
        self.first.with_user(self.rep).action_check_in(*INSIDE)
        self.assertEqual(self.first.state, "in_progress")

    def test_skip_then_next_passes(self):
        self.first.with_user(self.rep).action_skip(self.skip_reason.id)
        self.assertEqual((self.first.state, self.first.skip_reason_id), ("skipped", self.skip_reason))
        self.assertTrue(self.first.skip_time)
        self.second.with_user(self.rep).action_check_in(*INSIDE)
        self.assertEqual(self.second.state, "in_progress")
        # a skipped visit is closed: no check-in, no second skip
        with self.assertRaises(UserError):
            self.first.with_user(self.rep).action_check_in(*INSIDE)
        with self.assertRaises(UserError):
            self.first.with_user(self.rep).action_skip(self.skip_reason.id)

    def test_lock_off_any_order(self):
        self.beat.sequence_lock = False
        self.second.with_user(self.rep).action_check_in(*INSIDE)
        self.assertEqual(self.second.state, "in_progress")

    def test_other_days_and_unplanned_visits_do_not_lock(self):
        self.first.planned_date = self.today - timedelta(days=1)  # yesterday's, still planned
        self.second.with_user(self.rep).action_check_in(*INSIDE)
        unplanned = self.env["dms.visit"].create({
            "user_id": self.rep.id, "partner_id": self.outlet_3.id, "planned_date": self.today})
        unplanned.with_user(self.rep).action_check_in(*INSIDE)
        self.assertEqual((self.second.state, unplanned.state), ("in_progress", "in_progress"))

    def test_skip_from_my_day_dialog(self):
        action = self.first.with_user(self.rep).action_open_skip()
        form = Form(self.env[action["res_model"]].with_user(self.rep).with_context(**action["context"]))
        form.reason_id = self.skip_reason
        form.save().action_skip()
        self.assertEqual((self.first.state, self.first.skip_reason_id), ("skipped", self.skip_reason))

    def test_rep_skips_only_own_visits(self):
        with self.assertRaises(AccessError):
            self.first.with_user(self.rep_2).action_skip(self.skip_reason.id)
        with self.assertRaises(UserError):
            self.first.with_user(self.rep).action_skip(False)
        # the state and the reason are the action's: not writable by the rep over RPC
        with self.assertRaises(UserError):
            self.first.with_user(self.rep).write({"state": "skipped"})
        with self.assertRaises(UserError):
            self.first.with_user(self.rep).write({"skip_reason_id": self.skip_reason.id})
        self.assertEqual(self.first.state, "planned")
        # the supervisor of the rep's territory may skip for them
        self.first.with_user(self.supervisor).action_skip(self.skip_reason.id)
        self.assertEqual(self.first.state, "skipped")

    def test_scheduled_close_marks_missed_once(self):
        yesterday = self.today - timedelta(days=1)
        (self.first | self.second).planned_date = yesterday
        self.env.flush_all()
        self.second.action_skip(self.skip_reason.id)
        done = self.env["dms.visit"].create({
            "user_id": self.rep.id, "partner_id": self.outlet_2.id, "planned_date": yesterday})
        done.action_check_in(*INSIDE)
        future = self.env["dms.visit"].create({
            "user_id": self.rep.id, "partner_id": self.outlet.id, "beat_id": self.beat.id,
            "planned_date": self.today, "is_planned": True})
        self.env["dms.visit"]._cron_mark_missed()
        self.assertEqual((self.first.state, self.first.skip_reason_id), ("missed", self.not_visited))
        closed_at = self.first.skip_time
        self.assertTrue(closed_at)
        self.assertEqual((self.second.state, self.second.skip_reason_id), ("skipped", self.skip_reason))
        self.assertEqual((done.state, future.state), ("in_progress", "planned"))
        self.env["dms.visit"]._cron_mark_missed()
        self.assertEqual((self.first.state, self.first.skip_reason_id, self.first.skip_time),
                         ("missed", self.not_visited, closed_at), "a second run changes nothing")

    def test_end_day_closes_the_days_visits(self):
        RepDay = self.env["dms.rep.day"].with_user(self.rep)
        now = self.env.cr.now().replace(tzinfo=None)
        self.first.with_user(self.rep).action_check_in(*INSIDE)
        RepDay._start_day(self.today, now)
        RepDay._end_day(self.today, now, missed_reason=self.skip_reason)
        self.assertEqual(self.first.state, "in_progress", "visited: untouched")
        self.assertEqual((self.second.state, self.second.skip_reason_id), ("missed", self.skip_reason))
        other = self.env["dms.visit"].search([("user_id", "=", self.rep_2.id), ("state", "=", "missed")])
        self.assertFalse(other, "another rep's visits stay as they are")

    def test_end_day_default_reason(self):
        RepDay = self.env["dms.rep.day"].with_user(self.rep)
        now = self.env.cr.now().replace(tzinfo=None)
        RepDay._start_day(self.today, now)
        RepDay._end_day(self.today, now)
        self.assertEqual(set((self.first | self.second).mapped("state")), {"missed"})
        self.assertEqual((self.first | self.second).skip_reason_id, self.not_visited)
