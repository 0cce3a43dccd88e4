from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DmsRoutingCommon

# Rahim Store is at 23.794028, 90.403196; 0.0045 degrees of latitude is about 500 m.
INSIDE = (23.794100, 90.403250)
FAR = (23.798528, 90.403196)


@tagged("post_install", "-at_install")
class TestDmsVisit(DmsRoutingCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = date.today()
        cls.visit = cls.env["dms.visit"].create({
            "user_id": cls.rep.id, "partner_id": cls.outlet.id, "beat_id": cls.beat.id,
            "planned_date": cls.today, "sequence": 1, "is_planned": True})

    def test_check_in_inside_the_fence(self):
        visit = self.visit.with_user(self.rep)
        visit.action_check_in(*INSIDE, 12.5)
        self.assertEqual(visit.state, "in_progress")
        self.assertFalse(visit.out_of_fence)
        self.assertLess(visit.distance_m, 15)
        self.assertEqual(visit.fence_radius, 100)
        self.assertEqual(visit.check_in_accuracy, 12.5)
        self.assertTrue(visit.check_in_time)

    def test_check_in_out_of_the_fence_is_flagged_not_refused(self):
        visit = self.visit.with_user(self.rep)
        visit.action_check_in(*FAR, 20)
        self.assertEqual(visit.state, "in_progress")
        self.assertTrue(visit.out_of_fence)
        self.assertAlmostEqual(visit.distance_m, 500, delta=5)
        self.assertEqual(self.env["dms.visit"].search([("out_of_fence", "=", True), ("user_id", "=", self.rep.id)]),
                         self.visit)

    def test_radius_is_the_company_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.dms_visit_fence_radius, 100)
        settings.dms_visit_fence_radius = 1000
        settings.execute()
        self.visit.with_user(self.rep).action_check_in(*FAR, 20)
        self.assertFalse(self.visit.out_of_fence)
        self.assertEqual(self.visit.fence_radius, 1000)

    def test_saving_settings_keeps_every_pricelist(self):
        """Settings recompute every feature group on save; outlet prices are pricelists, so the
        pricelist feature stays on and changing the geofence archives no pricelist."""
        pricelists = self.env["product.pricelist"].search([])
        self.assertIn(self.pricelist, pricelists)
        form = Form(self.env["res.config.settings"].with_user(self.env.ref("base.user_admin")))
        self.assertTrue(form.group_product_pricelist, "the feature the suite relies on is on")
        form.dms_visit_fence_radius = 250
        form.save().execute()
        self.assertEqual(self.company.dms_visit_fence_radius, 250)
        self.assertEqual(self.env["product.pricelist"].search([]), pricelists, "no pricelist archived")
        self.assertTrue(self.rep.has_group("product.group_product_pricelist"), "every internal user has it")

    def test_outlet_without_coordinates_is_not_flagged(self):
        visit = self.env["dms.visit"].create({"user_id": self.rep.id, "partner_id": self.outlet_3.id})
        self.outlet_3.write({"partner_latitude": 0, "partner_longitude": 0})
        visit.with_user(self.rep).action_check_in(*FAR, 20)
        self.assertFalse(visit.out_of_fence)
        self.assertEqual(visit.distance_m, 0)

    def test_bad_positions_and_states_are_refused(self):
        visit = self.visit.with_user(self.rep)
        with self.assertRaisesRegex(UserError, "not a valid latitude"):
            visit.action_check_in(123, 90, 5)
        with self.assertRaisesRegex(UserError, "no usable position"):
            visit.action_check_in("nowhere", None)
        with self.assertRaisesRegex(UserError, "check in before"):
            visit.action_check_out(*INSIDE, 5)
        visit.action_check_in(*INSIDE, 5)
        with self.assertRaisesRegex(UserError, "only planned or missed"):
            visit.action_check_in(*INSIDE, 5)

    def test_check_out_needs_an_outcome(self):
        visit = self.visit.with_user(self.rep)
        visit.action_check_in(*INSIDE, 5)
        with self.assertRaisesRegex(UserError, "No-Order Reason"):
            visit.action_check_out(*INSIDE, 5)
        visit.no_order_reason_id = self.reason
        visit.action_check_out(*INSIDE, 8)
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.outcome, "no_order")
        self.assertEqual(visit.check_out_accuracy, 8)
        visit.sudo().write({"check_in_time": fields.Datetime.now() - timedelta(minutes=12)})
        self.assertAlmostEqual(visit.duration_minutes, 12, delta=0.1)

    def test_visit_recorded_at_once_as_check_in_and_out(self):
        """A visit synced at the end of the day (_record_visit): the checks and geofence flags of
        the check-in and check-out, the device's times, one write."""
        visit = self.visit.with_user(self.rep)
        check_in = {"time": fields.Datetime.to_datetime("2026-03-02 04:00:00"), "latitude": FAR[0],
                    "longitude": FAR[1], "accuracy": 20}
        check_out = {"time": fields.Datetime.to_datetime("2026-03-02 04:12:00"), "latitude": INSIDE[0],
                     "longitude": INSIDE[1], "accuracy": 8}
        with self.assertRaisesRegex(UserError, "No-Order Reason"):
            visit._record_visit(check_in, check_out)
        self.assertEqual(visit.state, "planned", "refused before anything was written")
        with self.assertRaisesRegex(UserError, "valid latitude"):
            visit._record_visit({**check_in, "latitude": 91}, None, {"no_order_reason_id": self.reason.id})
        visit._record_visit(check_in, check_out, {"no_order_reason_id": self.reason.id, "notes": "Owner away"})
        self.assertRecordValues(visit, [{
            "state": "done", "outcome": "no_order", "out_of_fence": True, "fence_radius": 100,
            "check_in_accuracy": 20, "check_out_accuracy": 8, "check_out_latitude": INSIDE[0],
            "check_in_time": check_in["time"], "check_out_time": check_out["time"], "notes": "Owner away"}])
        self.assertAlmostEqual(visit.distance_m, 500, delta=5)
        self.assertAlmostEqual(visit.duration_minutes, 12, delta=0.1)
        with self.assertRaisesRegex(UserError, "only planned or missed visits"):
            visit._record_visit(check_in, check_out, {"no_order_reason_id": self.reason.id})
        # without a check-out the visit stays open
        other = self.env["dms.visit"].with_user(self.rep).create({"partner_id": self.outlet.id})
        other._record_visit(check_in)
        self.assertEqual((other.state, other.check_in_time, other.check_out_time),
                         ("in_progress", check_in["time"], False))

    def test_order_taken_from_the_visit_is_prefilled(self):
        visit = self.visit.with_user(self.rep)
        with self.assertRaisesRegex(UserError, "check in before taking"):
            visit.action_take_order()
        visit.action_check_in(*INSIDE, 5)
        action = visit.action_take_order()
        order = visit.order_id
        self.assertEqual(action["res_id"], order.id)
        self.assertEqual((order.partner_id, order.distributor_id, order.user_id),
                         (self.outlet, self.distributor, self.rep))
        self.assertEqual(visit.outcome, "order")
        self.assertEqual(visit.action_take_order()["res_id"], order.id, "opening it again creates nothing")
        visit.action_check_out(*INSIDE, 5)
        self.assertEqual(visit.state, "done")

    def test_order_of_another_outlet_is_refused(self):
        order = self._create_order(outlet=self.outlet_3)
        with self.assertRaisesRegex(ValidationError, "Hasan General Store.*not this outlet"):
            self.visit.order_id = order

    def test_rep_adds_an_unplanned_visit(self):
        visit = self.env["dms.visit"].with_user(self.rep).create({"partner_id": self.outlet_3.id})
        self.assertFalse(visit.is_planned)
        self.assertEqual(visit.user_id, self.rep)
        self.assertEqual(visit.planned_date, fields.Date.context_today(visit))
        visit.action_check_in(23.7960, 90.4050, 9)
        self.assertEqual(visit.state, "in_progress")

    def test_day_map_joins_the_day_in_order(self):
        second = self.env["dms.visit"].create({
            "user_id": self.rep.id, "partner_id": self.outlet_3.id, "planned_date": self.today, "sequence": 2,
            "is_planned": True})
        self.visit.action_check_in(*FAR, 10)
        data = second.map_data
        self.assertEqual([(m["label"], m["seq"]) for m in data["markers"]],
                         [("Rahim Store", 1), ("Hasan General Store", 2)])
        self.assertEqual(len(data["lines"]), 1)
        first = self.visit.map_data
        self.assertEqual(first["markers"][-1]["seq"], None, "the check-in position is a marker without a number")
        self.assertEqual(first["markers"][-1]["color"], "#dc2626")

    def test_cancel(self):
        self.visit.action_cancel()
        self.assertEqual(self.visit.state, "cancelled")
        with self.assertRaises(UserError):
            self.visit.action_cancel()
