import uuid

from odoo import fields
from odoo.tests import tagged

from .common import DmsApiCommon


def new_uuid():
    return str(uuid.uuid4())


@tagged("post_install", "-at_install")
class TestApiBeatDiscipline(DmsApiCommon):
    """Skips and the sequence lock over the sync API: an offline batch arrives in the order made."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outlet.write({"partner_latitude": 23.794028, "partner_longitude": 90.403196})
        cls.outlet_3 = cls._create_outlet_3()
        cls.beat = cls.env["dms.beat"].create({
            "name": "Locked beat", "user_id": cls.rep.id, "territory_id": cls.area.id, "sequence_lock": True,
            "distributor_id": cls.distributor.id, "on_monday": True, "date_start": "2025-01-01",
            "line_ids": [(0, 0, {"partner_id": cls.outlet.id, "sequence": 1}),
                         (0, 0, {"partner_id": cls.outlet_3.id, "sequence": 2})]})
        cls.skip_reason = cls.env["dms.visit.skip.reason"].create({"name": "API test: shop shut"})
        cls.no_order = cls.env["dms.no.order.reason"].create({"name": "API test: enough stock"})
        cls.today = fields.Date.context_today(cls.beat)
        cls.first, cls.second = cls.env["dms.visit"].create([
            {"user_id": cls.rep.id, "partner_id": outlet.id, "beat_id": cls.beat.id, "planned_date": cls.today,
             "is_planned": True, "sequence": seq} for outlet, seq in ((cls.outlet, 1), (cls.outlet_3, 2))])
        cls.theirs = cls.env["dms.visit"].create({
            "user_id": cls.rep_2.id, "partner_id": cls.outlet_2.id, "planned_date": cls.today, "is_planned": True})

    def push(self, resource, records, key=None):
        status, body = self.api(resource, key or self.key_rep, body={"records": records})
        self.assertEqual(status, 200, body)
        return body["results"]

    def made(self, visit):
        return {"uuid": new_uuid(), "visit_id": visit.id, "check_in_time": "2026-03-02T10:00:00+06:00",
                "check_in_latitude": 23.7941, "check_in_longitude": 90.4032,
                "check_out_time": "2026-03-02T10:20:00+06:00", "no_order_reason_id": self.no_order.id}

    def skipped(self, visit, **extra):
        return {"uuid": new_uuid(), "visit_id": visit.id, "skip_reason_id": self.skip_reason.id,
                "skip_time": "2026-03-02T09:40:00+06:00", **extra}

    def test_offline_batch_skip_then_check_in_passes(self):
        skip, made = self.push("visits", [self.skipped(self.first, notes="Shutter down"), self.made(self.second)])
        self.assertEqual((skip["status"], skip["record"]["state"], skip["record"]["skip_reason_id"]),
                         ("ok", "skipped", self.skip_reason.id), skip)
        self.assertEqual((made["status"], made["record"]["state"]), ("ok", "done"), made)
        self.assertEqual((self.first.state, self.first.skip_reason_id, str(self.first.skip_time), self.first.notes),
                         ("skipped", self.skip_reason, "2026-03-02 03:40:00", "Shutter down"))
        # the same skip pushed again answers the same visit
        [again] = self.push("visits", [{**self.skipped(self.first), "uuid": self.first.client_uuid}])
        self.assertEqual((again["status"], again["duplicate"], again["id"]), ("ok", True, self.first.id))
        # pulled back with its reason
        status, page = self.api("visits?date=%s" % self.today, self.key_rep)
        self.assertEqual(status, 200, page)
        rows = {row["id"]: row for row in page["records"]}
        self.assertEqual((rows[self.first.id]["state"], rows[self.first.id]["skip_reason_id"]),
                         ("skipped", self.skip_reason.id))

    def test_out_of_order_check_in_refused_per_record(self):
        locked, first = self.push("visits", [self.made(self.second), self.made(self.first)])
        self.assertEqual((locked["status"], locked["code"], locked["field"]), ("error", "sequence_locked", "visit_id"))
        self.assertIn(self.outlet.name, locked["message"])
        self.assertEqual(first["status"], "ok", "the rest of the batch goes through")
        self.assertEqual((self.second.state, self.second.client_uuid, self.first.state), ("planned", False, "done"))
        # sent again after the first: accepted
        [retry] = self.push("visits", [self.made(self.second)])
        self.assertEqual(retry["status"], "ok", retry)

    def test_bad_skips(self):
        cases = {
            "with a check-in": (self.skipped(self.first, check_in_time="2026-03-02T10:00:00Z"), "invalid_value",
                                "check_in_time"),
            "with an outcome": (self.skipped(self.first, no_order_reason_id=self.no_order.id), "invalid_value",
                                "no_order_reason_id"),
            "unplanned": ({**self.skipped(self.first), "visit_id": None, "outlet_id": self.outlet.id},
                          "invalid_value", "outlet_id"),
            "another rep's": (self.skipped(self.theirs), "unknown_id", "visit_id"),
            "unknown reason": (self.skipped(self.first, skip_reason_id=2_000_000_000), "unknown_id",
                               "skip_reason_id"),
            "no check-in": ({k: v for k, v in self.made(self.first).items() if k != "check_in_time"},
                            "missing_field", "check_in_time"),
        }
        results = self.push("visits", [case[0] for case in cases.values()])
        for name, result in zip(cases, results, strict=True):
            self.assertEqual((result["status"], result["code"], result["field"]), ("error", *cases[name][1:]), name)
        self.assertEqual((self.first.state, self.theirs.state), ("planned", "planned"))

    def test_skip_reasons_pulled_and_end_day_closes_missed(self):
        reasons = self.pull_all("skip_reasons", self.key_rep)[0]
        self.assertIn(self.skip_reason.id, [r["id"] for r in reasons])
        self.assertIn(self.env.ref("dms_routing.dms_visit_skip_reason_not_visited").id, [r["id"] for r in reasons])
        day = str(self.today)
        results = self.push("rep_days", [
            {"uuid": new_uuid(), "date": day, "event": "start", "time": "%sT03:00:00Z" % day},
            {"uuid": new_uuid(), "date": day, "event": "end", "time": "%sT12:00:00Z" % day,
             "missed_reason_id": self.skip_reason.id},
        ])
        self.assertEqual([r["status"] for r in results], ["ok", "ok"], results)
        self.assertEqual(set((self.first | self.second).mapped("state")), {"missed"})
        self.assertEqual((self.first | self.second).skip_reason_id, self.skip_reason)
        self.assertEqual(self.theirs.state, "planned", "another rep's day stays open")
