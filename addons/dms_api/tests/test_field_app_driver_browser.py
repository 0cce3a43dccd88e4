import base64
import io
import json
import logging
import os
import tempfile
import time

from PIL import Image

from odoo.tests import tagged

from . import test_field_app_browser as rep_app
from .test_api_stops import DmsApiTripCommon

_logger = logging.getLogger(__name__)
PHONE = rep_app.PHONE
SHOTS = "/tmp/shots/appdriver"


@tagged("post_install", "-at_install")
class TestFieldAppDriverBrowser(DmsApiTripCommon):
    """A driver's day in the field app, in a real Chromium at 390 x 844: the stops online, then the
    server stops answering; a partial delivery with signature and photo is recorded offline and
    survives a reload; the server comes back, the outbox drains, and order, stock, trip and claim
    say what the back office's proof of delivery would say. A second sync adds nothing."""

    browser_size = "%dx%d" % PHONE
    touch_enabled = True

    # the rep app's test drives the browser the same way
    js = rep_app.TestFieldAppBrowser.js
    wait_for = rep_app.TestFieldAppBrowser.wait_for
    type_into = rep_app.TestFieldAppBrowser.type_into
    tap = rep_app.TestFieldAppBrowser.tap
    screenshot = rep_app.TestFieldAppBrowser.screenshot
    reload = rep_app.TestFieldAppBrowser.reload
    _patched_server = rep_app.TestFieldAppBrowser._patched_server
    layout_problems = rep_app.TestFieldAppBrowser.layout_problems
    open_phone_browser = rep_app.TestFieldAppBrowser.open_phone_browser
    layout_controls = "button, input, select, a, textarea"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.driver.name = "Jamal Sheikh"
        cls.distributor.write({"partner_latitude": 23.7808, "partner_longitude": 90.4170})
        cls.outlet.write({"street": "12 Mirpur Road", "city": "Dhaka",
                          "partner_latitude": 23.7940, "partner_longitude": 90.4032})
        cls.outlet_2.write({"street": "Shewrapara Bazar", "city": "Dhaka",
                            "partner_latitude": 23.7951, "partner_longitude": 90.4126})
        cls.stop_2.dms_distance_prev_km = 1.9
        cls.stop.dms_distance_prev_km = 1.1
        cls.shot_dir = SHOTS
        os.makedirs(cls.shot_dir, exist_ok=True)
        cls.company._dms_collection_journal()
        cls.wallet = cls.env["account.journal"].create({"name": "bKash door", "code": "BKDR", "type": "bank"})
        cls.provider = cls.env["dms.mobile.provider"].create({"name": "bKash door", "journal_id": cls.wallet.id})

    VISIBLE_STOPS = """[...document.querySelectorAll('.o_dms_stop')].map((li) => [
        li.querySelector('.o_dms_seq').textContent,
        li.querySelector('.o_dms_outlet').textContent,
        li.querySelector('.o_dms_stop_state').textContent.replace(/\\s+/g, ' ').trim()])"""

    def visible_stops(self):
        return self.js(self.VISIBLE_STOPS)

    def outbox_count(self):
        return self.js("document.querySelector('.o_dms_outbox_count strong').textContent")

    def tap_until(self, selector, expression):
        """Tap, and once more if ``expression`` is still false after 5 s: headless Chromium now and
        then turns no synthetic touch into a click (the second tap is logged)."""
        self.tap(selector)
        end = time.time() + 5
        while time.time() < end:
            if self.js("!!(%s)" % expression):
                return
            time.sleep(0.25)
        _logger.info("The tap on %s did nothing: tapping again", selector)
        self.tap(selector)
        self.wait_for(expression)

    def scroll_to(self, selector):
        self.js("document.querySelector(%s).scrollIntoView({block: 'center'})" % json.dumps(selector))

    def draw_signature(self):
        box = self.js("""(() => {
            const r = document.querySelector('.o_dms_signature').getBoundingClientRect();
            return {x: r.left, y: r.top, w: r.width, h: r.height};
        })()""")
        points = [(box["x"] + box["w"] * (0.15 + 0.07 * i), box["y"] + box["h"] * (0.5 + (0.25 if i % 2 else -0.2)))
                  for i in range(10)]
        send = self.browser._websocket_request
        send("Input.dispatchTouchEvent", params={"type": "touchStart", "touchPoints": [
            {"x": points[0][0], "y": points[0][1]}]})
        for x, y in points[1:]:
            send("Input.dispatchTouchEvent", params={"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        send("Input.dispatchTouchEvent", params={"type": "touchEnd", "touchPoints": []})

    def set_photo(self, path):
        send = self.browser._websocket_request
        root = send("DOM.getDocument", params={"depth": 0})["root"]["nodeId"]
        node = send("DOM.querySelector", params={"nodeId": root, "selector": ".o_dms_photo_input"})["nodeId"]
        send("DOM.setFileInputFiles", params={"nodeId": node, "files": [path]})

    def test_driver_delivers_part_offline_then_syncs(self):
        self.open_phone_browser()
        self.wait_for("document.querySelector('.o_dms_signin')")
        self.wait_for("navigator.serviceWorker.controller", message="the service worker never took the page")
        self.wait_for("""(async () => {
            const keys = await caches.keys();
            return keys.length === 1 && (await (await caches.open(keys[0])).keys()).some(
                (r) => r.url.includes('dms_api.assets_field_app.min.js'));
        })()""", message="the app shell was never cached")

        # 1. signed in, online: the day's stops in trip order, the route drawn
        self.type_into("#dms_login", self.driver.login)
        self.type_into("#dms_password", self.driver.login)
        self.tap(".o_dms_signin_button")
        self.wait_for("document.querySelectorAll('.o_dms_stop').length === 2", message="the stops never showed")
        self.wait_for("!document.querySelector('.o_dms_status_syncing')")
        todo = [["1", self.outlet_2.name, "To deliver"], ["2", self.outlet.name, "To deliver"]]
        self.assertEqual(self.visible_stops(), todo)
        self.assertIn("1.9 km", self.js("document.querySelector('.o_dms_leg').textContent"))
        self.assertIn("destination=23.7951%2C90.4126", self.js("document.querySelector('.o_dms_navigate').href"))
        route = self.js("""(() => {
            const svg = document.querySelector('.o_dms_route').getBoundingClientRect();
            const dots = [...document.querySelectorAll('.o_dms_route_stop circle')].map((c) => {
                const r = c.getBoundingClientRect();
                return r.left >= svg.left && r.right <= svg.right && r.top >= svg.top && r.bottom <= svg.bottom;
            });
            return {width: svg.width, height: svg.height, dots,
                    labels: [...document.querySelectorAll('.o_dms_route_stop text')].map((t) => t.textContent),
                    depot: !!document.querySelector('.o_dms_route_depot')};
        })()""")
        self.assertEqual((route["dots"], route["labels"], route["depot"]), ([True, True], ["1", "2"], True))
        self.assertGreater(route["height"], 150, "the route is big enough to read")
        self.assertEqual(self.screenshot("1_stops"), PHONE)
        self.assertEqual(self.layout_problems(), [])

        def server_down(app, environ, start_response):
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"stopped for the test"]

        moves_before = self.env["stock.move"].search_count([])
        photo_path = os.path.join(tempfile.mkdtemp(), "delivery.jpg")
        Image.new("RGB", (3000, 2000), (180, 120, 60)).save(photo_path, "JPEG", quality=95)
        with self._patched_server(server_down):
            # 2. offline: the app opens from the phone, the stops with it
            self.reload()
            self.wait_for("document.querySelector('.o_dms_status_offline')")
            self.wait_for("document.querySelectorAll('.o_dms_stop').length === 2")
            self.assertEqual(self.visible_stops(), todo)
            self.screenshot("2_stops_offline")

            # 3. the proof of delivery of the second stop: 72 of 96
            self.scroll_to("[data-stop-id='%d'] .o_dms_stop_body" % self.stop.id)
            self.tap_until("[data-stop-id='%d'] .o_dms_stop_body" % self.stop.id,
                           "document.querySelector('.o_dms_pod')")
            self.assertEqual(self.js("document.querySelector('.o_dms_qty_input').value"), "96")
            self.assertEqual(self.screenshot("3_pod"), PHONE)
            self.assertEqual(self.layout_problems(), [])
            self.type_into(".o_dms_qty_input", "72")
            self.wait_for("document.querySelector('.o_dms_reason')")
            self.assertEqual(self.js("document.querySelector('.o_dms_outcome').textContent"), "Partly delivered")
            self.tap(".o_dms_record")  # no reason yet: refused on the phone
            self.wait_for("document.querySelector('.o_dms_pod_line .o_dms_error')")
            self.assertEqual(self.js("document.querySelector('.o_dms_pod_line .o_dms_error').textContent"),
                             "%s: why was it not all delivered?" % self.soap.display_name)
            self.screenshot("4_pod_reason_missing")
            self.js("""(() => {
                const select = document.querySelector('.o_dms_reason');
                select.value = '%d';
                select.dispatchEvent(new Event('change'));
            })()""" % self.reason.id)
            self.wait_for("!document.querySelector('.o_dms_pod_line .o_dms_error')")
            self.scroll_to(".o_dms_signature")
            self.draw_signature()
            self.wait_for("document.querySelector('.o_dms_signed')", message="the signature drew nothing")
            self.set_photo(photo_path)
            self.wait_for("document.querySelector('.o_dms_photo_preview')", message="the photo never showed")
            photo = self.js("""(() => {
                const img = document.querySelector('.o_dms_photo_preview');
                return {w: img.naturalWidth, h: img.naturalHeight, type: img.src.slice(0, 23),
                        label: document.querySelector('.o_dms_photo_size').textContent};
            })()""")
            self.assertEqual((photo["w"], photo["h"], photo["type"]), (1280, 853, "data:image/jpeg;base64,"))
            self.scroll_to(".o_dms_signature")
            self.screenshot("5_pod_signed")
            self.scroll_to(".o_dms_photo_preview")
            self.screenshot("6_pod_photo")
            self.tap_until(".o_dms_record", "!document.querySelector('.o_dms_pod')")

            # 4. back on the stops: recorded on the phone, waiting to be sent, also after a reload
            self.wait_for("document.querySelectorAll('.o_dms_stop').length === 2")
            waiting = [todo[0], ["2", self.outlet.name, "Partly delivered · waiting to send"]]
            self.wait_for("document.querySelector('.o_dms_stop_partial')")
            self.assertEqual(self.visible_stops(), waiting)
            self.assertEqual(self.outbox_count(), "1")
            self.screenshot("7_stops_waiting")
            self.reload()
            self.wait_for("document.querySelector('.o_dms_status_offline')")
            self.wait_for("document.querySelector('.o_dms_stop_partial')")
            self.assertEqual(self.visible_stops(), waiting)
            self.assertEqual(self.outbox_count(), "1")
            queued = self.js("""new Promise((resolve) => {
                const open = indexedDB.open('dms_field_app');
                open.onsuccess = () => {
                    const request = open.result.transaction('outbox').objectStore('outbox').getAll();
                    request.onsuccess = () => { resolve(request.result); open.result.close(); };
                };
            })""")
            self.assertEqual([(q["resource"], q["payload"]["picking_id"]) for q in queued], [("stops", self.stop.id)])
            # To send, from the stops' count: the proof under its stop's outlet, what it says
            self.tap(".o_dms_outbox_count")
            self.wait_for("document.querySelector('.o_dms_outbox_record')")
            self.assertEqual(self.js("document.querySelector('.o_dms_outbox_record strong').textContent"),
                             "Delivery · %s" % self.outlet.name)
            self.assertEqual(self.js("document.querySelector('.o_dms_outbox_record .o_dms_meta').textContent"),
                             "%s · partly delivered · signed · with a photo" % self.stop.name)
            self.screenshot("7b_outbox_waiting")
            self.tap(".o_dms_outbox_screen .o_dms_back")
            self.wait_for("document.querySelector('.o_dms_stop_partial')")
        self.assertFalse(self.stop.client_uuid, "nothing reached the server while it was down")
        self.assertEqual(self.order.line_ids.qty_delivered, 0)

        # 5. the server is back: the outbox drains (its retry timer, or Sync now once it is due)
        self.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '0'", timeout=150,
                      message="the outbox never drained")
        self.wait_for("!document.querySelector('.o_dms_status_syncing')")
        synced = [todo[0], ["2", self.outlet.name, "Partly delivered"]]
        expected = json.dumps(json.dumps(synced, separators=(",", ":")))
        self.wait_for("JSON.stringify(%s) === %s" % (self.VISIBLE_STOPS, expected))
        self.assertEqual(self.visible_stops(), synced)
        self.screenshot("8_stops_synced")

        # order, stock, trip and claim agree, as after the back office's proof
        self.env.invalidate_all()
        uuid = queued[0]["uuid"]
        self.assertEqual((self.stop.state, self.stop.dms_delivery_state, self.stop.client_uuid),
                         ("done", "partial", uuid))
        self.assertEqual((self.stop.dms_delivered_by_id, self.stop.dms_failure_reason_id), (self.driver, self.reason))
        self.assertEqual((self.order.state, self.order.line_ids.qty_delivered), ("delivered", 72))
        self.assertEqual(self.stop.move_ids.quantity, 72)
        self.assertEqual(self._qty(self.soap), 200 - 72)
        self.assertEqual(self._reserved(), 10 + 5, "the 24 not delivered are free again")
        self.assertEqual(self.env["stock.move"].search_count([]), moves_before, "no backorder")
        self.assertEqual((self.stop.batch_id, self.trip.state), (self.trip, "in_progress"))
        claim = self.env["dms.claim"].create({
            "distributor_id": self.distributor.id, "date_from": self.today.replace(day=1), "date_to": self.today})
        claim.action_compute()
        self.assertEqual({cl.order_line_id: cl.amount for cl in claim.line_ids}.get(self.order.line_ids), 252.0,
                         "the scheme benefit of the 72 delivered")
        with Image.open(io.BytesIO(base64.b64decode(self.stop.dms_pod_photo))) as img:
            self.assertEqual((img.format, img.size), ("JPEG", (1280, 853)))
        with Image.open(io.BytesIO(base64.b64decode(self.stop.dms_pod_signature))) as img:
            self.assertEqual(img.format, "PNG")
            self.assertLess(img.convert("L").getextrema()[0], 100, "the signature has ink")

        # 6. a second sync adds nothing
        counts = (self.env["stock.move"].search_count([]), self.env["stock.move.line"].search_count([]),
                  self.env["stock.picking"].search_count([("client_uuid", "!=", False)]))
        self.tap(".o_dms_sync")
        self.js("(async () => { await (odoo.dmsFieldApp.model.running || Promise.resolve()); return true; })()")
        self.wait_for("!document.querySelector('.o_dms_status_syncing')")
        self.env.invalidate_all()
        self.assertEqual((self.env["stock.move"].search_count([]), self.env["stock.move.line"].search_count([]),
                          self.env["stock.picking"].search_count([("client_uuid", "!=", False)])), counts)
        self.assertEqual(self.order.line_ids.qty_delivered, 72)
        self.assertEqual(self.outbox_count(), "0")

        # 7. money at the door of the delivered stop: mobile money, for that stop's customer
        self.scroll_to(".o_dms_stop[data-stop-id='%d'] .o_dms_collect_stop" % self.stop.id)
        self.tap(".o_dms_stop[data-stop-id='%d'] .o_dms_collect_stop" % self.stop.id)
        self.wait_for("document.querySelector('.o_dms_collection_screen')")
        self.type_into("#dms_amount", "500")
        self.tap(".o_dms_method_mobile")
        self.wait_for("document.querySelector('.o_dms_provider[data-provider-id=\"%d\"]')" % self.provider.id)
        self.tap(".o_dms_provider[data-provider-id='%d']" % self.provider.id)
        self.type_into("#dms_mobile_tx", "BK-DOOR-77")
        self.screenshot("9_door_collection")
        self.assertEqual(self.layout_problems(), [])
        self.tap(".o_dms_save_collection")
        self.wait_for("document.querySelector('.o_dms_stops_screen')")
        self.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '0'", timeout=60,
                      message="the collection was never sent")
        self.js("(async () => { await (odoo.dmsFieldApp.model.running || Promise.resolve()); return true; })()")
        self.wait_for("!document.querySelector('.o_dms_status_syncing')")
        self.env.invalidate_all()
        collection = self.env["dms.collection"].search([("picking_id", "=", self.stop.id)])
        self.assertEqual((collection.partner_id, collection.user_id, collection.method, collection.amount,
                          collection.mobile_transaction_id, collection.state, collection.payment_id.journal_id),
                         (self.stop.partner_id, self.driver, "mobile", 500, "BK-DOOR-77", "confirmed", self.wallet))
        # the stop still says what was collected at its door once the server has it
        money = ".o_dms_stop[data-stop-id='%d'] .o_dms_stop_money" % self.stop.id
        self.wait_for("document.querySelector(%s)" % json.dumps(money))
        self.assertIn("collected 500.00", self.js("document.querySelector(%s).textContent" % json.dumps(money)))
        self.assertNotIn("waiting", self.js("document.querySelector(%s).textContent" % json.dumps(money)))
        self.assertFalse(self.browser.had_failure, "an error was logged in the browser console")
