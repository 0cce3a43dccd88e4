import io
import json
import logging
import os

from PIL import Image

from odoo import Command
from odoo.tests import tagged
from odoo.tests.common import ChromeBrowser

from .test_field_app_browser import PHONE, TestFieldAppBrowser

_logger = logging.getLogger(__name__)

SHOT_DIR = "/tmp/shots/apprep"


@tagged("post_install", "-at_install")
class TestFieldAppRepBrowser(TestFieldAppBrowser):
    """A rep's day in the field app, in a real Chromium at 390 x 844: the day loaded online, then
    the server stops answering; check in, two orders in cases that reach a scheme, a no-order
    reason with a photo, a reload; back online, the outbox drains and the database holds exactly
    those records, once. Screenshots of every screen go to the class's screenshot dir and to
    /tmp/shots/apprep/."""

    # the parent's test is not repeated here
    test_sign_in_see_today_then_open_with_the_server_down = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dms_visit_fence_radius = 100
        cls.outlet.write({"partner_latitude": 23.8103, "partner_longitude": 90.4125, "mobile": "+8801711000001"})
        cls.outlet_4.write({"partner_latitude": 23.7900, "partner_longitude": 90.3700})
        cls.scheme = cls.env["dms.scheme"].create({
            "name": "Soap 2 cases 5%", "rule_type": "qty_slab", "qty_uom": "case",
            "product_ids": [Command.set(cls.soap.ids)],
            "slab_ids": [Command.create({"threshold": 2, "discount_type": "percent", "discount_value": 5}),
                         Command.create({"threshold": 3, "discount_type": "percent", "discount_value": 7})],
        })
        cls.reason = cls.env["dms.no.order.reason"].create({"name": "Closed for prayer", "sequence": 1})
        cls.env["dms.no.order.reason"].create({"name": "Owner away", "sequence": 2})
        # an earlier order of the outlet: the order screen lists it
        cls.earlier = cls._create_order(lines=[(cls.soap, 24)], user_id=cls.rep.id)
        os.makedirs(SHOT_DIR, exist_ok=True)

    def screenshot(self, name):
        size = super().screenshot(name)
        with open(os.path.join(self.shot_dir, "%s.png" % name), "rb") as src, \
                open(os.path.join(SHOT_DIR, "%s.png" % name), "wb") as dst:
            dst.write(src.read())
        return size

    def wait_for(self, expression, timeout=30, message=None):
        try:
            return super().wait_for(expression, timeout=timeout, message=message)
        except AssertionError:
            _logger.error("Errors in the page: %s", self.js("window.__errors || []"))
            raise

    def tap(self, selector):
        """Scroll the element to the middle of the screen first, as a thumb would, then tap it."""
        self.js("document.querySelector(%s).scrollIntoView({block: 'center'})" % json.dumps(selector))
        return super().tap(selector)

    def catch_errors(self):
        self.js("""(() => {
            window.__errors = [];
            const keep = (e) => window.__errors.push(
                String((e && e.stack) || e) + ' CAUSE: ' + String(e && e.cause && (e.cause.stack || e.cause)));
            window.addEventListener('error', (ev) => keep(ev.error || ev.message));
            window.addEventListener('unhandledrejection', (ev) => keep(ev.reason));
        })()""")

    def text(self, selector):
        return self.js("(document.querySelector(%s) || {}).textContent" % json.dumps(selector))

    def open_app(self, latitude, longitude):
        """A phone-sized Chromium with geolocation allowed, at the given position, on the app's
        sign-in screen; page errors fail the test."""
        self.browser = ChromeBrowser(self)
        self.addCleanup(self.browser.stop)
        self.authenticate(None, None, browser=self.browser)
        self.browser._websocket_request("Emulation.setDeviceMetricsOverride", params={
            "width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 1, "mobile": True})
        self.browser._websocket_request("Browser.grantPermissions", params={
            "origin": self.base_url(), "permissions": ["geolocation"]})
        self.set_position(latitude, longitude)
        self.browser.navigate_to(self.base_url() + "/dms/app", wait_stop=True)
        self.wait_for("document.querySelector('.o_dms_signin')")
        self.catch_errors()

    def sign_in(self):
        """Sign in as the rep on "Rahim's phone"; wait for today's three visits, synced."""
        self.type_into("#dms_login", "dms_rep")
        self.type_into("#dms_password", "dms_repx")
        self.type_into("#dms_device", "Rahim's phone")
        self.tap(".o_dms_signin_button")
        self.wait_for("document.querySelectorAll('.o_dms_visit').length === 3")
        self.wait_for("!document.querySelector('.o_dms_status_syncing')")

    def set_position(self, latitude, longitude, accuracy=10):
        self.browser._websocket_request("Emulation.setGeolocationOverride", params={
            "latitude": latitude, "longitude": longitude, "accuracy": accuracy})

    def choose_file(self, selector, path):
        root = self.browser._websocket_request("DOM.getDocument", params={"depth": 0})["root"]["nodeId"]
        node = self.browser._websocket_request("DOM.querySelector", params={"nodeId": root, "selector": selector})
        self.browser._websocket_request("DOM.setFileInputFiles", params={"files": [path], "nodeId": node["nodeId"]})

    def step_product(self, product, button, times):
        selector = ".o_dms_product[data-product-id='%d'] [aria-label='%s']" % (product.id, button)
        for _i in range(times):
            self.js("document.querySelector(%s).scrollIntoView({block: 'center'})" % json.dumps(selector))
            self.tap(selector)

    def outbox_count(self):
        return int(self.text(".o_dms_outbox_count strong"))

    def open_visit(self, visit):
        self.tap(".o_dms_visit[data-visit-id='%d']" % visit.id)
        self.wait_for("document.querySelector('.o_dms_visit_screen')")

    def take_order(self, cases, name):
        self.tap(".o_dms_take_order")
        self.wait_for("document.querySelector('.o_dms_search_input')")
        self.type_into(".o_dms_search_input", "soap 100g")
        self.wait_for("document.querySelector('.o_dms_product').dataset.productId === '%d'" % self.soap.id)
        self.step_product(self.soap, "One case more", cases)
        self.wait_for("document.querySelector('.o_dms_stepper_cases .o_dms_step_qty').value === '%d'" % cases)
        self.wait_for("document.querySelector('.o_dms_line_scheme')", message="the scheme never showed")
        shown = {
            "line": self.text(".o_dms_line_scheme"),
            "net": self.text(".o_dms_net_amount"),
            "discount": self.text(".o_dms_discount"),
        }
        self.assertEqual(self.screenshot(name), PHONE)
        self.assertEqual(self.layout_problems(), [])
        self.tap(".o_dms_save_order")
        self.wait_for("document.querySelector('.o_dms_visit_screen')")
        return shown

    def test_rep_day_offline_then_synced_once(self):
        self.open_app(23.8104, 90.4126)  # at Rahim Store
        self.wait_for("navigator.serviceWorker.controller", message="the service worker never took the page")
        # 1. the day loads online: visits, and the catalogue for order taking
        self.sign_in()
        self.wait_for("odoo.dmsFieldApp.model.store.count('products').then((n) => n > 0)")
        self.assertEqual(self.text(".o_dms_status").strip(), "Online")
        self.assertEqual(self.outbox_count(), 0)
        self.screenshot("rep_1_today")

        refused = []

        def server_down(app, environ, start_response):
            refused.append(environ["PATH_INFO"])
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"stopped for the test"]

        with self._patched_server(server_down):
            # 2. Rahim Store: check in by the outlet, inside the geofence
            rahim, nadia = self.visits[0], self.visits[2]
            self.open_visit(rahim)
            self.assertEqual(self.js("document.querySelector('.o_dms_call').getAttribute('href')"),
                             "tel:+8801711000001")
            self.assertIn("destination=23.8103,90.4125",
                          self.js("document.querySelector('.o_dms_navigate').getAttribute('href')"))
            self.assertEqual(self.screenshot("rep_2_visit"), PHONE)
            self.assertEqual(self.layout_problems(), [])
            self.tap(".o_dms_checkin_button")
            self.wait_for("document.querySelector('.o_dms_checkin')", message="check-in did not happen offline")
            self.assertFalse(self.js("document.querySelector('.o_dms_checkin').classList.contains('o_dms_flagged')"))
            self.assertIn("m from the outlet", self.text(".o_dms_fence"))

            # 3. two orders in cases, each reaching a slab of the scheme (priced offline)
            self.assertEqual(self.js("document.querySelector('.o_dms_checkout_button').disabled"), True)
            first = self.take_order(2, "rep_3_order_2_cases")
            self.assertEqual(first["discount"], "−84.00")  # 48 x 35 = 1,680.00, 5%
            self.assertEqual(first["net"], "1,596.00")
            second = self.take_order(3, "rep_4_order_3_cases")
            self.assertEqual(second["discount"], "−176.40")  # 72 x 35 = 2,520.00, 7%
            self.assertEqual(second["net"], "2,343.60")
            self.assertEqual(self.js("document.querySelectorAll('.o_dms_order_row').length"), 2)
            self.screenshot("rep_5_visit_with_orders")
            # a cheque received at the outlet
            self.tap(".o_dms_collect")
            self.wait_for("document.querySelector('.o_dms_collection_screen')")
            self.type_into("#dms_amount", "1500")
            self.tap(".o_dms_method_cheque")
            self.wait_for("document.querySelector('#dms_cheque_number')")
            self.type_into("#dms_cheque_number", "CHQ-1001")
            self.type_into("#dms_cheque_bank", "Sonali Bank")
            self.assertEqual(self.screenshot("rep_5b_collect_cheque"), PHONE)
            self.assertEqual(self.layout_problems(), [])
            self.tap(".o_dms_save_collection")
            self.wait_for("document.querySelector('.o_dms_visit_screen')")
            self.tap(".o_dms_checkout_button")
            self.wait_for("!document.querySelector('.o_dms_checkout_button')")
            # a done visit offers no more collecting or returns
            self.assertFalse(self.js("!!document.querySelector('.o_dms_collect, .o_dms_record_return')"))
            self.assertEqual(self.screenshot("rep_5c_visit_done"), PHONE)

            # 4. Nadia Pharmacy: checked in 2 km away (flagged, not refused), no order, a photo
            self.tap(".o_dms_visit_screen .o_dms_back")
            self.wait_for("document.querySelector('.o_dms_today')")
            self.open_visit(nadia)
            self.set_position(23.8080, 90.3700)
            self.tap(".o_dms_checkin_button")
            self.wait_for("document.querySelector('.o_dms_checkin.o_dms_flagged')")
            self.assertIn("outside its geofence", self.text(".o_dms_fence"))
            photo_path = os.path.join(SHOT_DIR, "shelf.jpg")
            Image.new("RGB", (3000, 2000), (200, 120, 40)).save(photo_path, quality=95)
            self.choose_file(".o_dms_photo_input", photo_path)
            self.wait_for("document.querySelector('.o_dms_photo_preview')", message="the photo never showed")
            self.assertEqual(self.text(".o_dms_photo_size").split(",")[0], "1280×853")
            # to Goods returned and back before any reason: the photo still shows, and the reason
            # tapped after it keeps it
            self.tap(".o_dms_record_return")
            self.wait_for("document.querySelector('.o_dms_return_screen')")
            self.tap(".o_dms_return_screen .o_dms_back")
            self.wait_for("document.querySelector('.o_dms_photo_preview')", message="the photo was lost")
            self.assertEqual(self.text(".o_dms_photo_size").split(",")[0], "1280×853")
            self.tap(".o_dms_chip[data-reason-id='%d']" % self.reason.id)
            self.wait_for("!document.querySelector('.o_dms_checkout_button').disabled")
            self.js("document.querySelector('.o_dms_checkout_button').scrollIntoView()")
            self.assertEqual(self.screenshot("rep_6_no_order_photo"), PHONE)
            self.assertEqual(self.layout_problems(), [])
            self.tap(".o_dms_checkout_button")
            self.wait_for("!document.querySelector('.o_dms_checkout_button')")
            self.tap(".o_dms_visit_screen .o_dms_back")

            # 5. the outbox: five records waiting, the count on Today; a reload keeps them all
            self.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '5'")
            self.reload()
            self.wait_for("document.querySelectorAll('.o_dms_visit').length === 3")
            self.wait_for("document.querySelector('.o_dms_status_offline')")
            self.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '5'")
            self.assertEqual([v[2] for v in self.visible_visits()], ["Done", "Done", "Done"])
            self.screenshot("rep_7_today_offline")
            self.tap(".o_dms_outbox_count")
            self.wait_for("document.querySelectorAll('.o_dms_outbox_record').length === 5")
            self.assertEqual(self.screenshot("rep_8_outbox_waiting"), PHONE)
            self.assertEqual(self.layout_problems(), [])
        self.assertTrue(any(p.startswith("/dms/api/v1/") for p in refused))

        # 6. back online: the outbox drains
        self.tap(".o_dms_send_now")
        self.wait_for("document.querySelector('.o_dms_empty')", timeout=60, message="the outbox never drained")
        self.screenshot("rep_9_outbox_empty")
        self.tap(".o_dms_outbox_screen .o_dms_back")
        self.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '0'")
        self.wait_for("!document.querySelector('.o_dms_status_syncing')")
        self.screenshot("rep_10_today_synced")

        Order = self.env["dms.secondary.order"]
        orders = Order.search([("partner_id", "=", self.outlet.id), ("id", "!=", self.earlier.id)], order="id")
        self.assertEqual(len(orders), 2, "each order once")
        self.assertTrue(all(orders.mapped("client_uuid")))
        self.assertEqual(orders.mapped("origin"), ["api", "api"])
        self.assertEqual([o.line_ids.product_uom_qty for o in orders], [48, 72])
        self.assertEqual(orders.line_ids.scheme_id, self.scheme)
        # the server computed what the phone showed
        self.assertEqual(orders.mapped("amount_untaxed"), [1596.0, 2343.6])
        rahim.invalidate_recordset()
        nadia.invalidate_recordset()
        self.assertEqual((rahim.state, rahim.order_id, rahim.out_of_fence), ("done", orders[0], False))
        self.assertEqual((nadia.state, nadia.no_order_reason_id, nadia.out_of_fence), ("done", self.reason, True))
        self.assertAlmostEqual(nadia.distance_m, 2001, delta=5, msg="measured from a fresh position")
        synced_visits = [("client_uuid", "!=", False), ("user_id", "=", self.rep.id)]
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "dms.visit"), ("res_id", "=", nadia.id), ("res_field", "=", "photo")])
        self.assertEqual(len(attachment), 1, "the photo is an attachment of the visit")
        self.assertEqual(Image.open(io.BytesIO(attachment.raw)).size, (1280, 853))
        self.assertEqual(self.env["dms.visit"].search_count(synced_visits), 2)
        collection = self.env["dms.collection"].search([("partner_id", "=", self.outlet.id)])
        self.assertEqual((len(collection), collection.method, collection.amount, collection.cheque_number,
                          collection.state, bool(collection.client_uuid)),
                         (1, "cheque", 1500, "CHQ-1001", "received", True))

        # 7. a second sync adds nothing
        self.tap(".o_dms_sync")
        self.wait_for("!document.querySelector('.o_dms_status_syncing')")
        self.assertEqual(Order.search_count([("partner_id", "=", self.outlet.id)]), 3)
        self.assertEqual(self.env["dms.visit"].search_count(synced_visits), 2)
        self.assertEqual(self.env["dms.collection"].search_count([("partner_id", "=", self.outlet.id)]), 1)
        self.assertEqual(self.outbox_count(), 0)
        # the visit still lists its two orders, now under the server's names
        self.open_visit(rahim)
        self.wait_for("document.querySelectorAll('.o_dms_order_row').length === 2",
                      message="the visit lost its orders once they were sent")
        shown = self.js("[...document.querySelectorAll('.o_dms_order_row .o_dms_meta')].map(e => e.textContent)")
        self.assertEqual(sorted(shown), sorted(orders.mapped("name")))
        self.screenshot("rep_10b_visit_orders_sent")
        self.tap(".o_dms_visit_screen .o_dms_back")
        self.wait_for("document.querySelector('.o_dms_today')")

        # 8. a record the server refuses (an order for another rep's outlet, made by hand here):
        # shown with the server's reason on the outbox screen, kept until fixed or discarded
        self.js("""odoo.dmsFieldApp.model.outbox.add('secondary_orders', {
            outlet_id: %d, lines: [{product_id: %d, qty: 24}]}).then(() => odoo.dmsFieldApp.model.sync())"""
                % (self.outlet_2.id, self.soap.id))
        self.wait_for("document.querySelector('.o_dms_outbox_count.o_dms_count_warn strong').textContent === '1'")
        self.tap(".o_dms_outbox_count")
        self.wait_for("document.querySelector('.o_dms_outbox_failed .o_dms_outbox_error')")
        self.assertEqual(self.text(".o_dms_outbox_failed .o_dms_outbox_error"),
                         "outlet_id: no such outlet")
        self.assertEqual(self.screenshot("rep_11_outbox_refused"), PHONE)
        self.assertEqual(self.layout_problems(), [])
        self.js("window.confirm = () => true")
        self.tap(".o_dms_discard")
        self.wait_for("document.querySelector('.o_dms_empty')")
        self.assertFalse(Order.search_count([("partner_id", "=", self.outlet_2.id), ("user_id", "=", self.rep.id)]))
        self.assertFalse(self.browser.had_failure, "an error was logged in the browser console")
