import base64
import json
import os

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import ChromeBrowser

from .common import DmsTripCommon
from .test_trip_optimise import MONDAY

# the pin is dragged this far north-east (degrees)
DRAG = 0.001


@tagged("post_install", "-at_install")
class TestMapsUi(DmsTripCommon, HttpCase):
    """The maps in Chromium, on a desktop and on a phone: a trip with six stops, a beat, a visit's
    day, an outlet whose pin is dragged, the check-in map. Tiles do not load here: the tour checks
    the geometry (size of the map, every marker inside its visible bounds). With DMS_MAP_SHOTS=dir
    set, a screenshot of each map is saved there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = new_test_user(cls.env, "dms_map_lead", groups="dms_sales.group_dms_manager,stock.group_stock_user",
                                 tz="Asia/Dhaka")
        # tiles from this server: the test browser stays off the internet
        cls.env["ir.config_parameter"].set_param("leaflet.tile_url", "/web/static/img/placeholder.png?{z}/{x}/{y}")
        pickings = cls.env["stock.picking"]
        for i, outlet in enumerate(cls.outlets):
            pickings |= cls._delivery(outlet, [(cls.soap, 10)] if i % 2 else [(cls.shampoo, 10)])
        cls.trip = cls._trips(cls.van)
        cls.trip._dms_optimise(pickings, MONDAY)
        beat_outlets = cls.outlets - cls.outlet_2  # the rep's area
        cls.beat = cls.env["dms.beat"].create({
            "name": "Map beat", "user_id": cls.rep.id, "territory_id": cls.area.id,
            "distributor_id": cls.distributor.id, "on_monday": True, "date_start": "2025-01-01",
            "line_ids": [(0, 0, {"partner_id": o.id, "sequence": i}) for i, o in enumerate(beat_outlets)]})
        Visit = cls.env["dms.visit"].with_user(cls.rep)
        cls.visits = Visit.create([{"partner_id": o.id, "user_id": cls.rep.id, "sequence": i}
                                   for i, o in enumerate(beat_outlets)])
        cls.visit = cls.visits[0]
        cls.visit.action_check_in(cls.outlet.partner_latitude + 0.0001, cls.outlet.partner_longitude)
        cls.visits[1].action_check_in(cls.visits[1].partner_id.partner_latitude + 0.01,
                                      cls.visits[1].partner_id.partner_longitude)

    def _run_tour(self, size, suffix):
        self.browser_size = size
        shots = os.environ.get("DMS_MAP_SHOTS")
        handle_console = ChromeBrowser._handle_console

        def answer_shots(browser, type, args=None, **kw):  # pylint: disable=redefined-builtin
            handle_console(browser, type, args=args, **kw)
            message = str(browser._from_remoteobject(args[0])) if args else ""
            if not message.startswith("dms_map_shot:"):
                return
            name = message.split(":", 1)[1]
            answer = {"expression": "document.body.dataset.dmsShot = %s" % json.dumps(name)}
            if not shots:
                browser._websocket_send("Runtime.evaluate", params=answer)
                return

            def save(future):
                os.makedirs(shots, exist_ok=True)
                with open(os.path.join(shots, "%s_%s.png" % (name, suffix)), "wb") as image:
                    image.write(base64.b64decode(future.result()["data"]))
                browser._websocket_send("Runtime.evaluate", params=answer)

            browser._websocket_send("Page.captureScreenshot", with_future=True).add_done_callback(save)

        self.patch(ChromeBrowser, "_handle_console", answer_shots)
        located = self.trip.picking_ids.partner_id.filtered("partner_latitude")
        tour_ids = {
            "trip": self.trip.id, "trip_markers": len(located) + 1,  # + the depot
            "beat": self.beat.id, "beat_markers": len(self.beat.line_ids),
            "visit": self.visit.id, "visit_markers": len(self.visits) + 1,  # + the check-in
            "outlet": self.outlet.id, "drag": DRAG, "dragged_lat": self.outlet.partner_latitude + DRAG,
            "checkin_markers": 2,
        }
        # the tour reads its steps (and the ids) as soon as it is asked whether it is ready
        ready = "sessionStorage.setItem('dms_maps_tour', %s) || odoo.isTourReady('dms_maps_tour')" % (
            json.dumps(json.dumps(tour_ids)))
        self.start_tour("/odoo", "dms_maps_tour", login="dms_map_lead", ready=ready, timeout=180)

    def test_maps_on_desktop(self):
        lat, lng = self.outlet.partner_latitude, self.outlet.partner_longitude
        self._run_tour("1400x900", "desktop")
        self.assertAlmostEqual(self.outlet.partner_latitude, lat + DRAG, places=6)
        self.assertAlmostEqual(self.outlet.partner_longitude, lng + DRAG, places=6)

    def test_maps_on_a_phone(self):
        self._run_tour("390x844", "phone")
        self.assertAlmostEqual(self.outlet.partner_latitude, 23.7940 + DRAG, places=6)
