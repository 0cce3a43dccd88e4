import json

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DmsApiCommon

START = "5b7e2a8c-1f3d-4c6b-9a0e-2d4f6a8c0e11"
END = "5b7e2a8c-1f3d-4c6b-9a0e-2d4f6a8c0e22"


@tagged("post_install", "-at_install")
class TestApiRepDay(DmsApiCommon):
    """Start day / End day through the sync API (``rep_days``): idempotent on each uuid, refused
    when malformed or out of order, and each rep's days kept to those allowed to see them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep_south = new_test_user(cls.env, "dms_rep_south", groups="dms_sales.group_dms_rep")
        cls.env["dms.territory"].create({"name": "South 1", "code": "T-S1", "parent_id": cls.other_region.id,
                                         "user_ids": [(4, cls.rep_south.id)]})

    def push(self, records, key=None):
        status, body = self.api("rep_days", key or self.key_rep, method="POST", body={"records": records})
        self.assertEqual(status, 200, body)
        return body["results"]

    def start(self, **extra):
        return {"uuid": START, "date": "2026-03-02", "event": "start", "time": "2026-03-02T02:55:00Z",
                "latitude": 23.8103, "longitude": 90.4125, "accuracy": 12, **extra}

    def end(self, **extra):
        return {"uuid": END, "date": "2026-03-02", "event": "end", "time": "2026-03-02T11:40:00Z",
                "latitude": 23.79, "longitude": 90.37, **extra}

    def test_start_and_end_pushed_twice_make_one_day(self):
        [first] = self.push([self.start()])
        self.assertEqual((first["status"], first["duplicate"], first["record"]["state"]), ("ok", False, "started"))
        # both sent again (the answer was lost), with the end in the same batch
        again, ended = self.push([self.start(), self.end()])
        self.assertEqual((again["status"], again["duplicate"], again["id"]), ("ok", True, first["id"]))
        self.assertEqual((ended["status"], ended["duplicate"], ended["id"]), ("ok", False, first["id"]))
        [end_again] = self.push([self.end()])
        self.assertEqual((end_again["status"], end_again["duplicate"], end_again["id"]), ("ok", True, first["id"]))
        day = self.env["dms.rep.day"].search([("user_id", "=", self.rep.id)])
        self.assertEqual(len(day), 1)
        self.assertEqual((str(day.date), str(day.start_time), str(day.end_time), day.state),
                         ("2026-03-02", "2026-03-02 02:55:00", "2026-03-02 11:40:00", "ended"))
        self.assertEqual((day.start_latitude, day.start_longitude, day.start_accuracy, day.has_start_gps),
                         (23.8103, 90.4125, 12.0, True))
        self.assertAlmostEqual(day.worked_hours, 8.75)
        self.assertEqual((day.client_uuid, day.end_client_uuid), (START, END))
        # pulled back by the rep
        status, page = self.api("rep_days", self.key_rep)
        self.assertEqual(status, 200, page)
        self.assertEqual([(r["id"], r["state"], r["has_end_gps"]) for r in page["records"]], [(day.id, "ended", True)])

    def test_out_of_order_and_second_start_refused(self):
        [early_end] = self.push([self.end()])
        self.assertEqual(early_end["status"], "error")
        self.assertIn("not started", early_end["message"])
        self.push([self.start(latitude=None, longitude=None, accuracy=None)])
        [second] = self.push([self.start(uuid="5b7e2a8c-1f3d-4c6b-9a0e-2d4f6a8c0e33")])
        self.assertEqual(second["status"], "error")
        self.assertIn("already started", second["message"])
        [before] = self.push([self.end(time="2026-03-02T01:00:00Z")])
        self.assertEqual(before["status"], "error")
        self.assertIn("before Started", before["message"])
        day = self.env["dms.rep.day"].search([("user_id", "=", self.rep.id)])
        self.assertEqual((len(day), day.state, day.has_start_gps, day.end_client_uuid), (1, "started", False, False))

    def test_bad_input(self):
        status, body = self.api("rep_days", self.key_rep, raw="{not json")
        self.assertEqual((status, body["error"]["code"]), (400, "invalid_json"))
        results = self.push([
            self.start(latitude=123.4),
            self.start(event="lunch"),
            self.start(time="this morning"),
            self.start(date="2026-02-30"),
            self.start(latitude=23.8, longitude=None),
            self.start(time="2026-03-05T08:00:00Z"),
            {k: v for k, v in self.start().items() if k != "uuid"},
        ])
        self.assertEqual([r["status"] for r in results], ["error"] * 7)
        self.assertEqual([r["field"] for r in results],
                         ["latitude", "event", "time", "date", "longitude", "time", "uuid"])
        self.assertFalse(self.env["dms.rep.day"].search([("user_id", "=", self.rep.id)]))

    def test_scope_of_other_users(self):
        self.push([self.start(), self.end()])
        day = self.env["dms.rep.day"].search([("user_id", "=", self.rep.id)])
        # another rep: the uuids are taken (never answered with the rep's day), the day unseen
        results = self.push([self.start(), self.end()], key=self.key_rep_2)
        self.assertEqual([(r["status"], r["code"]) for r in results], [("error", "uuid_conflict")] * 2)
        self.assertEqual(self.api("rep_days", self.key_rep_2)[1]["records"], [])
        Day = self.env["dms.rep.day"]
        self.assertFalse(Day.with_user(self.rep_2).search([]))
        with self.assertRaises(AccessError):
            day.with_user(self.rep_2).read(["start_time"])
        # supervisor of North sees it, not the day of a rep in the South; the manager sees both
        south = Day.with_user(self.rep_south)._start_day("2026-03-02", "2026-03-02 03:00:00")
        self.assertEqual(Day.with_user(self.supervisor).search([]), day)
        self.assertEqual(Day.with_user(self.manager).search([("id", "in", (day | south).ids)]), day | south)
        with self.assertRaises(AccessError):
            day.with_user(self.supervisor).write({"end_time": "2026-03-02 12:00:00"})
        # the rep cannot rewrite their own times over RPC (guarded fields)
        with self.assertRaises(AccessError):
            day.with_user(self.rep).write({"start_time": "2026-03-02 01:00:00"})
        with self.assertRaises(AccessError):
            Day.with_user(self.rep).create({"date": "2026-03-03", "start_time": "2026-03-03 03:00:00"})
        self.assertEqual(json.dumps(str(day.start_time)), '"2026-03-02 02:55:00"')
