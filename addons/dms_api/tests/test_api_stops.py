import base64
import io
import uuid

from PIL import Image

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.dms_routing.tests.common import DmsOrderTripCommon

from .common import DmsApiCommon


def new_uuid():
    return str(uuid.uuid4())


def image(fmt="PNG", size=(40, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 40, 200)).save(buffer, fmt)
    return base64.b64encode(buffer.getvalue()).decode()


class DmsApiTripCommon(DmsOrderTripCommon, DmsApiCommon):
    """The partial-delivery trip of dms_routing (two stops of a driver: 96 and 10 soaps) over the
    sync API, a second driver's trip, and the drivers' API keys."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stop.dms_stop_sequence = 2
        cls.stop_2.dms_stop_sequence = 1
        cls.driver_2 = new_test_user(cls.env, "dms_api_driver_2", groups="dms_sales.group_dms_rep")
        cls.order_3 = cls._create_order(outlet=cls.outlet_2, lines=[(cls.soap, 5)])
        cls.order_3.action_confirm()
        cls.stop_3 = cls.order_3.picking_ids
        cls.van_2 = cls.van.copy({"license_plate": "VAN-P2"})
        cls.trip_2 = cls.env["stock.picking.batch"].create({
            "vehicle_id": cls.van_2.id, "picking_type_id": cls.company.dms_delivery_type_id.id,
            "user_id": cls.driver_2.id, "picking_ids": [Command.set(cls.stop_3.ids)]})
        Keys = cls.env["res.users.apikeys"]
        cls.key_driver = Keys.with_user(cls.driver).sudo()._generate("dms_api", "phone", None)
        cls.key_driver_2 = Keys.with_user(cls.driver_2).sudo()._generate("dms_api", "phone", None)

    def push(self, records, key=None):
        status, body = self.api("stops", key or self.key_driver, body={"records": records})
        self.assertEqual(status, 200, body)
        return body["results"]

    def proof(self, stop=None, qty=None, reason=True, **extra):
        stop = stop or self.stop
        line = stop.move_line_ids
        vals = {"uuid": new_uuid(), "picking_id": stop.id, "signature": image(),
                "lines": [{"move_line_id": line.id, "delivered_qty": line.quantity if qty is None else qty}]}
        if qty is not None and qty < line.quantity and reason:
            vals["lines"][0]["reason_id"] = self.reason.id
        vals.update(extra)
        return vals


@tagged("post_install", "-at_install")
class TestApiStops(DmsApiTripCommon):

    def test_a_driver_pulls_only_the_stops_of_their_trips(self):
        records = self.pull_all("stops", self.key_driver)[0]
        by_id = {r["id"]: r for r in records}
        self.assertEqual(set(by_id), set((self.stop | self.stop_2).ids))
        row = by_id[self.stop.id]
        self.assertEqual((row["batch_id"], row["dms_stop_sequence"], row["state"]), (self.trip.id, 2, "assigned"))
        self.assertEqual(row["outlet"]["name"], self.outlet.display_name)
        self.assertEqual(row["trip"]["name"], self.trip.name)
        self.assertEqual([(ln["id"], ln["product_id"], ln["quantity"]) for ln in row["lines"]],
                         [(self.stop.move_line_ids.id, self.soap.id, 96.0)])
        self.assertEqual([r["id"] for r in self.pull_all("stops", self.key_driver_2)[0]], self.stop_3.ids)
        # a rep of the outlets' territory sees the deliveries in the back office, but drives none
        self.assertTrue(self.stop.with_user(self.rep).has_access("read"))
        self.assertEqual(self.pull_all("stops", self.key_rep)[0], [])
        reasons = self.pull_all("delivery_reasons", self.key_driver)[0]
        self.assertIn(self.reason.id, [r["id"] for r in reasons])

    def test_partial_delivery_twice_is_recorded_once_as_the_back_office_would(self):
        __, __, cursor, __ = self.pull_all("stops", self.key_driver)
        moves_before = self.env["stock.move"].search_count([])
        record = self.proof(qty=72, photo=image("JPEG", (64, 48)), note="Shop owner short of cash",
                            delivered_at="2026-03-02T10:05:00+06:00")
        [first] = self.push([record])
        self.assertEqual((first["status"], first["id"], first["duplicate"]), ("ok", self.stop.id, False), first)
        self.assertEqual((first["record"]["state"], first["record"]["dms_delivery_state"]), ("done", "partial"))
        [again] = self.push([record])
        self.assertEqual((again["status"], again["id"], again["duplicate"]), ("ok", self.stop.id, True), again)

        # the same outcome as TestPartialDelivery's back-office proof: order, stock, trip
        self.assertEqual((self.stop.state, self.stop.dms_delivery_state), ("done", "partial"))
        self.assertEqual(self.stop.client_uuid, record["uuid"])
        self.assertEqual((self.stop.dms_delivered_by_id, self.stop.dms_failure_reason_id), (self.driver, self.reason))
        self.assertEqual(str(self.stop.dms_delivered_at), "2026-03-02 04:05:00")
        self.assertTrue(self.stop.dms_pod_signature and self.stop.dms_pod_photo)
        self.assertEqual(self.stop.dms_pod_note, "Shop owner short of cash")
        self.assertEqual((self.order.state, self.order.line_ids.qty_delivered), ("delivered", 72))
        self.assertEqual(self._qty(self.soap), 200 - 72)
        self.assertEqual(self._reserved(), 10 + 5, "the 24 not delivered are free again (the other stops keep theirs)")
        self.assertFalse(self.env["stock.picking"].search([("backorder_id", "=", self.stop.id)]))
        self.assertEqual(self.env["stock.move"].search_count([]), moves_before, "no backorder, nothing twice")
        self.assertEqual((self.stop.batch_id, self.trip.state), (self.trip, "in_progress"))

        # the next pull brings the stop back as recorded
        records = self.pull_all("stops", self.key_driver, since=cursor)[0]
        row = next(r for r in records if r["id"] == self.stop.id)
        self.assertEqual((row["state"], row["dms_delivery_state"], row["client_uuid"]),
                         ("done", "partial", record["uuid"]))
        self.assertEqual([ln["quantity"] for ln in row["lines"]], [72.0])

        # the same stop under another uuid (a second phone): refused, not delivered twice
        [other] = self.push([self.proof(qty=96)])
        self.assertEqual((other["status"], other["code"]), ("error", "conflict"))
        self.assertEqual(self.order.line_ids.qty_delivered, 72)

        # the last stop closes the trip
        [last] = self.push([self.proof(self.stop_2)])
        self.assertEqual(last["status"], "ok", last)
        self.assertEqual((self.stop_2.dms_delivery_state, self.trip.state), ("delivered", "done"))

    def test_nothing_delivered_is_a_failed_stop(self):
        [result] = self.push([self.proof(qty=0)])
        self.assertEqual(result["status"], "ok", result)
        self.assertEqual((self.stop.state, self.stop.dms_delivery_state, self.stop.batch_id),
                         ("cancel", "failed", self.trip))
        self.assertEqual(self._reserved(), 10 + 5)

    def test_a_stop_of_another_drivers_trip_is_unknown(self):
        for key, stop in ((self.key_driver, self.stop_3), (self.key_driver_2, self.stop), (self.key_rep, self.stop)):
            [result] = self.push([self.proof(stop)], key=key)
            self.assertEqual((result["status"], result["code"], result["field"]), ("error", "unknown_id", "picking_id"))
        self.assertEqual((self.stop.state, self.stop_3.state), ("assigned", "assigned"))
        self.assertFalse(self.stop.client_uuid)

    def test_a_user_of_the_driver_group_only_works_the_stops_of_their_trip(self):
        """A driver as the Driver group makes them (no sales rights): the field app's pulls and the
        proof of delivery work for their own trip."""
        driver = new_test_user(self.env, "dms_api_driver_only", groups="base.group_user,dms_routing.group_dms_driver")
        self.trip_2.user_id = driver
        key = self.env["res.users.apikeys"].with_user(driver).sudo()._generate("dms_api", "phone", None)
        self.assertEqual([r["id"] for r in self.pull_all("stops", key)[0]], self.stop_3.ids)
        self.assertIn(self.reason.id, [r["id"] for r in self.pull_all("delivery_reasons", key)[0]])
        # contacts are readable by every internal user; the app's outlets are those of their stops
        self.assertEqual([r["id"] for r in self.pull_all("outlets", key)[0]],
                         self.stop_3.partner_id.commercial_partner_id.ids)
        [result] = self.push([self.proof(self.stop_3)], key=key)
        self.assertEqual(result["status"], "ok", result)
        self.assertEqual((self.stop_3.state, self.stop_3.dms_delivery_state), ("done", "delivered"))
        [result] = self.push([self.proof(self.stop)], key=key)
        self.assertEqual((result["status"], result["code"]), ("error", "unknown_id"))

    def test_bad_input_is_refused_with_what_is_wrong(self):
        status, body = self.api("stops", self.key_driver, raw="{not json")
        self.assertEqual((status, body["error"]["code"]), (400, "invalid_json"))
        status, body = self.api("stops", self.key_driver, body={"records": [self.proof()], "extra": 1})
        self.assertEqual((status, body["error"]["code"], body["error"]["field"]), (400, "unknown_field", "extra"))
        move_line = self.stop.move_line_ids
        cases = [
            ({"lines": []}, "too_few_items", "lines"),
            ({"lines": [{"move_line_id": move_line.id, "delivered_qty": "72"}]}, "invalid_type",
             "lines[0].delivered_qty"),
            ({"lines": [{"move_line_id": move_line.id, "delivered_qty": 97}]}, "out_of_range",
             "lines[0].delivered_qty"),
            ({"lines": [{"move_line_id": move_line.id, "delivered_qty": 72}]}, "missing_field", "lines[0].reason_id"),
            ({"lines": [{"move_line_id": self.stop_2.move_line_ids.id, "delivered_qty": 10}]}, "unknown_id",
             "lines[0].move_line_id"),
            ({"photo": "not base64!"}, "invalid_value", "photo"),
            ({"uuid": "1234"}, "invalid_uuid", "uuid"),
        ]
        results = self.push([{**self.proof(), **change} for change, __, __ in cases])
        self.assertEqual([(r["status"], r["code"], r["field"]) for r in results],
                         [("error", code, field) for __, code, field in cases])
        self.assertEqual((self.stop.state, self.order.line_ids.qty_delivered), ("assigned", 0))
        self.assertFalse(self.stop.client_uuid)
