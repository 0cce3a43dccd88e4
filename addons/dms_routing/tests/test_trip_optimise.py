import datetime
import http.server
import json
import threading

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..engine import trip
from .common import DmsTripCommon

MONDAY = datetime.date(2026, 11, 23)


@tagged("post_install", "-at_install")
class TestTripOptimise(DmsTripCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 6 deliveries of 30 kg (300 soaps) or 25 kg (100 shampoos): the 40 kg bike takes one
        cls.pickings = cls._outlet_deliveries()

    def test_optimise_assigns_orders_and_times(self):
        trips = self._trips(self.van, self.bike)
        trips._dms_optimise(self.pickings, MONDAY)
        self.assertEqual(trips.picking_ids, self.pickings, "every delivery is planned")
        for batch in trips:
            stops = batch.picking_ids.sorted("dms_stop_sequence")
            self.assertEqual(stops.mapped("dms_stop_sequence"), list(range(1, len(stops) + 1)))
            self.assertLessEqual(batch.estimated_shipping_weight, batch.vehicle_weight_capacity)
            etas = stops.mapped("dms_eta")
            self.assertEqual(etas, sorted(etas))
            if stops:
                self.assertGreater(batch.dms_distance_km, 0)
                self.assertAlmostEqual(batch.dms_distance_km, sum(stops.mapped("dms_distance_prev_km")), delta=
                                       batch.dms_distance_km)  # the way back is on top
                self.assertGreater(batch.dms_duration_hours, 0)
        # outlet opens at 8:00 Dhaka time (02:00 UTC), trips leave at 8:00
        first = self.pickings.sorted("dms_eta")[:1]
        self.assertGreaterEqual(first.dms_eta, datetime.datetime(2026, 11, 23, 2, 0))
        # the bike carries at most 40 kg: one delivery
        bike_trip = trips.filtered(lambda b: b.vehicle_id == self.bike)
        self.assertLessEqual(len(bike_trip.picking_ids), 1)
        self.assertLessEqual(bike_trip.used_weight_percentage, 100)
        # map data: depot first, stops in order, one closed line
        van_trip = trips.filtered(lambda b: b.vehicle_id == self.van)
        data = van_trip.dms_map_data
        self.assertEqual(data["markers"][0], {"lat": 23.7808, "lng": 90.417, "label": self.distributor.display_name,
                                              "color": "red", "seq": None})
        self.assertEqual([m["seq"] for m in data["markers"][1:]], list(range(1, len(van_trip.picking_ids) + 1)))
        self.assertEqual(len(data["lines"]), 1)
        self.assertEqual(data["lines"][0][0], data["lines"][0][-1])
        self.assertTrue(all(isinstance(p[0], float) and isinstance(p[1], float) for p in data["lines"][0]))

    def test_optimise_queries_do_not_grow_per_stop(self):
        """Planning 3 stops costs at most one query a stop more than planning 1, and every stop
        moved onto a trip gets core's note on its responsible, logged in one batch."""
        self.pickings.user_id = self.env.user
        def optimise(pickings):
            trips = self._trips(self.van, self.bike)
            self.env.flush_all()
            self.env.invalidate_all()
            count0 = self.cr.sql_log_count
            trips._dms_optimise(pickings, MONDAY)
            self.env.flush_all()
            self.assertEqual(trips.picking_ids, pickings)
            return self.cr.sql_log_count - count0

        # each set of stops planned for the first time, on trips of their own
        optimise(self.pickings[:1])  # warm the caches
        one = optimise(self.pickings[1:2])
        two = optimise(self.pickings[2:4])
        three = optimise(self.pickings[4:])
        self.assertLessEqual(three - one, 2, "at most one query per added stop: %s, %s, %s" % (one, two, three))
        for picking in self.pickings:
            # moved off its responsible once (the trips have none): one note naming a trip
            notes = picking.message_ids.filtered(lambda m: "esponsible" in (m.body or ""))
            self.assertEqual(len(notes), 1)
            self.assertIn("BATCH/", notes.body)

    def test_trip_form_adds_deliveries(self):
        """Odoo's batch form recomputes the trip map while deliveries are added to it, as new records
        not saved yet (stock_picking_batch's own test_same_package_several_pickings does this)."""
        first, second = self.pickings[:2]
        form = Form(self.env["stock.picking.batch"])
        form.picking_ids.add(first)
        form.picking_ids.add(second)
        batch = form.save()
        self.assertEqual(batch.picking_ids, first | second)
        labels = [marker["label"] for marker in batch.dms_map_data["markers"]]
        self.assertEqual(labels[0], self.distributor.display_name, "the depot first")
        self.assertEqual(labels[1:], ["%s (%s)" % (p.partner_id.display_name, p.name) for p in first | second])

    def test_locks_are_kept(self):
        trips = self._trips(self.van, self.bike)
        trips._dms_optimise(self.pickings, MONDAY)
        van_trip = trips.filtered(lambda b: b.vehicle_id == self.van)
        # lock the van's current first stop at position 3, and one light delivery to the van
        stop = van_trip.picking_ids.sorted("dms_stop_sequence")[0]
        stop.write({"dms_lock_position": True, "dms_stop_sequence": 3})
        light = self._delivery(self.outlets[2], [(self.soap, 10)])
        light.batch_id = van_trip
        light.dms_lock_vehicle = True
        trips._dms_optimise(date=MONDAY)
        self.assertEqual(stop.batch_id, van_trip)
        self.assertEqual(stop.dms_stop_sequence, 3)
        self.assertEqual(light.batch_id, van_trip, "locked vehicle kept although the bike could take it")
        # a locked delivery must be on one of the trips being planned
        other = self._trips(self.bike.copy({"license_plate": "BIKE-2"}))
        with self.assertRaisesRegex(UserError, "locked"):
            other._dms_optimise(stop, MONDAY)

    def test_too_heavy_is_named(self):
        heavy = self._delivery(self.outlet, [(self.shampoo, 2000)])  # 500 kg
        with self.assertRaises(UserError) as caught:
            self._trips(self.van, self.bike)._dms_optimise(self.pickings | heavy, MONDAY)
        message = str(caught.exception)
        self.assertIn(heavy.name, message)
        self.assertIn("more than any vehicle can carry", message)
        self.assertNotIn(self.pickings[0].name + " ", message)
        self.assertFalse(self.pickings.batch_id, "nothing written")

    def test_time_window_and_closing_day(self):
        self.outlets[3].write({"dms_opening_time": 5.0, "dms_closing_time": 6.0})
        with self.assertRaises(UserError) as caught:
            self._trips(self.van, self.bike)._dms_optimise(self.pickings, MONDAY)
        self.assertIn(self.pickings[3].name, str(caught.exception))
        self.assertIn("time window 05:00-06:00", str(caught.exception))
        self.outlets[3].write({"dms_opening_time": 0, "dms_closing_time": 0, "dms_closed_weekday": "0"})
        with self.assertRaisesRegex(UserError, "closed on Monday"):
            self._trips(self.van, self.bike)._dms_optimise(self.pickings, MONDAY)

    def test_missing_coordinates(self):
        self.outlets[1].write({"partner_latitude": 0, "partner_longitude": 0})
        with self.assertRaises(UserError) as caught:
            self._trips(self.van)._dms_optimise(self.pickings, MONDAY)
        self.assertIn("Missing coordinates", str(caught.exception))
        self.assertIn(self.pickings[1].name, str(caught.exception))

    def test_primary_delivery_from_warehouse(self):
        """Company warehouse deliveries plan from the warehouse address; not mixed with a distributor's."""
        self.warehouse.partner_id.write({"partner_latitude": 23.81, "partner_longitude": 90.41})
        self.env["stock.quant"]._update_available_quantity(self.shampoo, self.warehouse.lot_stock_id, 100)
        primary = self._delivery(self.distributor, [(self.shampoo, 20)], source=self.warehouse.lot_stock_id)
        with self.assertRaisesRegex(UserError, "different depots"):
            self._trips(self.van)._dms_optimise(self.pickings | primary, MONDAY)
        trip_ = self._trips(self.van)
        trip_._dms_optimise(primary, MONDAY)
        self.assertEqual(primary.batch_id, trip_)
        self.assertEqual(trip_.dms_map_data["markers"][0]["label"], self.warehouse.partner_id.display_name)

    def test_wizard_creates_one_trip_per_vehicle(self):
        wizard = self.env["dms.trip.optimise"].create({
            "date": MONDAY, "picking_ids": [(6, 0, self.pickings.ids)],
            "vehicle_ids": [(6, 0, (self.van | self.bike).ids)]})
        action = wizard.action_optimise()
        self.assertEqual((action["res_model"], action["res_id"]), (wizard._name, wizard.id), "ends on the summary")
        trips = self.env["stock.picking.batch"].search(wizard.action_open_trips()["domain"])
        self.assertEqual(trips.picking_ids, self.pickings)
        self.assertEqual(trips, wizard.trip_ids)

    def test_wizard_prefills_the_days_ready_deliveries(self):
        not_ready = self._delivery(self.outlets[0], [(self.soap, 1)])
        not_ready.do_unreserve()
        tomorrow = self._delivery(self.outlets[1], [(self.soap, 1)])
        tomorrow.scheduled_date = datetime.datetime.now() + datetime.timedelta(days=2)
        busy, car = self.env["fleet.vehicle"].create([
            {"model_id": self.van.model_id.id, "license_plate": "BUSY-1", "category_id": self.cat_van.id},
            {"model_id": self.van.model_id.id, "license_plate": "CAR-1"}])
        out = self._trips(busy)
        out.scheduled_date = datetime.datetime.now()
        out.picking_ids = self._delivery(self.outlets[2], [(self.soap, 1)])
        out.action_confirm()
        self.assertEqual(out.state, "in_progress")
        wizard = self.env["dms.trip.optimise"].create({})  # opened from the menu: nothing selected
        self.assertEqual(wizard.date, fields.Date.context_today(wizard))
        prefilled = wizard.picking_ids.ids
        self.assertLessEqual(set(self.pickings.ids), set(prefilled), "today's ready deliveries")
        self.assertFalse({not_ready.id, tomorrow.id} & set(prefilled), "not ready, or for another day")
        self.assertNotIn(out.picking_ids.id, prefilled, "already on a trip under way")
        picking = self.env["stock.picking"].browse(prefilled)
        self.assertEqual(set(picking.mapped("picking_type_code")), {"outgoing"})
        self.assertEqual(picking.company_id, self.env.company)
        vehicles = set(wizard.vehicle_ids.ids)
        self.assertLessEqual({self.van.id, self.bike.id}, vehicles)
        self.assertNotIn(busy.id, vehicles, "its trip is under way today")
        self.assertNotIn(car.id, vehicles, "no category with a capacity: not a delivery vehicle")
        # the columns of the selection: depot, weight and volume as the optimiser weighs them
        shampoo = self.pickings[0]
        self.assertEqual(shampoo.dms_depot_id, self.distributor)
        self.assertAlmostEqual(shampoo.dms_weight, 100 * 0.25)
        self.assertAlmostEqual(shampoo.dms_volume, 100 * self.shampoo.volume)
        # opened on selected deliveries, only those
        selected = self.env["dms.trip.optimise"].with_context(
            active_model="stock.picking", active_ids=self.pickings[:2].ids).create({})
        self.assertEqual(selected.picking_ids, self.pickings[:2])

    def test_wizard_summary(self):
        nowhere = self.env["res.partner"].create({
            "name": "Unlocated outlet", "is_company": True, "dms_role": "outlet", "dms_outlet_code": "TRIP-NOWHERE",
            "dms_territory_id": self.leaf.id, "dms_distributor_id": self.distributor.id})
        no_coords = self._delivery(nowhere, [(self.soap, 1)])
        other_depot = self._delivery(self.outlets[0], [(self.soap, 1)], source=self.warehouse.lot_stock_id)
        wizard = self.env["dms.trip.optimise"].create({
            "date": MONDAY, "picking_ids": [(6, 0, (self.pickings | no_coords | other_depot).ids)],
            "vehicle_ids": [(6, 0, (self.van | self.bike).ids)]})
        wizard.action_optimise()
        trips = wizard.trip_ids
        self.assertEqual(wizard.state, "done")
        self.assertEqual(trips.picking_ids, self.pickings, "the plannable deliveries, all planned")
        self.assertEqual(wizard.trip_count, len(trips.filtered("picking_ids")))
        self.assertEqual(wizard.stop_count, 6)
        self.assertAlmostEqual(wizard.distance_km, sum(trips.mapped("dms_distance_km")), places=1)
        self.assertGreater(wizard.distance_km, 0)
        self.assertAlmostEqual(wizard.duration_hours, sum(trips.mapped("dms_duration_hours")), places=2)
        # 3 x 25 kg + 3 x 30 kg = 165 kg on the vehicles used, as stock_fleet weighs each trip
        self.assertAlmostEqual(sum(trips.mapped("estimated_shipping_weight")), 165)
        self.assertAlmostEqual(wizard.weight_load_factor, 165 / sum(trips.mapped("vehicle_weight_capacity")) * 100,
                               places=1)
        self.assertEqual(wizard.unplanned_picking_ids, no_coords | other_depot)
        self.assertIn("%s (Unlocated outlet): no coordinates" % no_coords.name, wizard.unplanned_note)
        self.assertIn("%s (%s): leaves from %s" % (other_depot.name, self.outlets[0].display_name,
                                                   self.warehouse.partner_id.display_name), wizard.unplanned_note)


class _OsrmHandler(http.server.BaseHTTPRequestHandler):
    table = None
    paths = []

    def do_GET(self):
        type(self).paths.append(self.path)
        body = json.dumps(self.table).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestOsrm(DmsTripCommon):
    """The OSRM client against a tiny local server answering a fixed table (a stand-in for the
    external routing service)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = http.server.HTTPServer(("127.0.0.1", 0), _OsrmHandler)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        cls.url = "http://127.0.0.1:%d" % cls.server.server_port

    def test_table_is_used_for_routes(self):
        # depot, A, B: one-way streets make A far from the depot but the depot close to A;
        # depot-B-A-depot (1 + 2.5 + 1.5 km) beats depot-A-B-depot (9 + 2.5 + 1 km)
        _OsrmHandler.table = {"code": "Ok",
                              "durations": [[0, 900, 120], [180, 0, 300], [120, 300, 0]],
                              "distances": [[0, 9000, 1000], [1500, 0, 2500], [1000, 2500, 0]]}
        points = [(23.78, 90.41), (23.79, 90.40), (23.80, 90.42)]
        distances, durations = trip.osrm_matrices(self.url, points, timeout=5)
        self.assertEqual(distances[0][1], 9000)
        self.assertEqual(durations[2][0], 120)
        self.assertIn("/table/v1/driving/90.410000,23.780000;90.400000,23.790000;", _OsrmHandler.paths[-1])
        self.assertIn("annotations=duration,distance", _OsrmHandler.paths[-1])
        a = self._delivery(self.outlets[2], [(self.soap, 10)])
        b = self._delivery(self.outlets[3], [(self.soap, 10)])
        self.env.company.dms_trip_osrm_url = self.url
        batch = self._trips(self.van)
        batch._dms_optimise(a | b, MONDAY)
        self.assertEqual((b.dms_stop_sequence, a.dms_stop_sequence), (1, 2))
        self.assertEqual(b.dms_distance_prev_km, 1.0)
        self.assertEqual(a.dms_distance_prev_km, 2.5)
        self.assertAlmostEqual(batch.dms_distance_km, 5.0)

    def test_errors_are_clear(self):
        _OsrmHandler.table = {"code": "InvalidQuery", "message": "Query string malformed"}
        with self.assertRaisesRegex(trip.MatrixError, "InvalidQuery"):
            trip.osrm_matrices(self.url, [(0, 0), (1, 1)], timeout=5)
        _OsrmHandler.table = {"code": "Ok", "durations": [[0, None], [1, 0]], "distances": [[0, 1], [1, 0]]}
        with self.assertRaisesRegex(trip.MatrixError, "no road"):
            trip.osrm_matrices(self.url, [(0, 0), (1, 1)], timeout=5)
        # nothing listens there any more
        probe = http.server.HTTPServer(("127.0.0.1", 0), _OsrmHandler)
        dead = "http://127.0.0.1:%d" % probe.server_port
        probe.server_close()
        self.env.company.dms_trip_osrm_url = dead
        picking = self._delivery(self.outlet, [(self.soap, 1)])
        with self.assertRaisesRegex(UserError, "unreachable"):
            self._trips(self.van)._dms_optimise(picking, MONDAY)



@tagged("post_install", "-at_install")
class TestTripPdf(DmsTripCommon):

    def test_load_sheet_and_manifest(self):
        picking = self._delivery(self.outlet, [(self.soap, 30)])
        batch = self._trips(self.van)
        batch._dms_optimise(picking, MONDAY)
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html("dms_routing.report_dms_load_sheet", batch.ids)[0].decode()
        self.assertIn("SOAP-LOT-1", html)
        self.assertIn(self.soap.display_name, html)
        html = Report._render_qweb_html("dms_routing.report_dms_manifest", batch.ids)[0].decode()
        self.assertIn(self.outlet.display_name, html)
        self.assertIn(picking.name, html)
        action = batch.action_dms_manifest()
        # the report itself, or first the company's document layout when none is chosen yet
        self.assertIn(action["type"], ("ir.actions.report", "ir.actions.act_window"))
