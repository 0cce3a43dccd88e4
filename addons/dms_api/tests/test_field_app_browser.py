import base64
import io
import json
import logging
import os
import time
from unittest.mock import patch

from PIL import Image

from odoo import fields, http
from odoo.tests import tagged
from odoo.tests.common import ChromeBrowser, get_db_name
from odoo.tools import config

from .common import DmsApiCommon

_logger = logging.getLogger(__name__)

PHONE = (390, 844)


@tagged("post_install", "-at_install")
class TestFieldAppBrowser(DmsApiCommon):
    """The field app in a real Chromium at 390 x 844: sign in, today's visits, then the server
    stops answering and the app still opens, from its service worker and IndexedDB.

    Screenshots of each screen go to <screenshots dir>/<db>/dms_field_app/ (Odoo's
    --screenshots option, /tmp/odoo_tests by default)."""

    browser_size = "%dx%d" % PHONE
    touch_enabled = True
    layout_controls = "button, input"  # the controls layout_problems() measures

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep.name = "Rahim Uddin"
        cls.outlet.write({"street": "12 Mirpur Road", "city": "Dhaka"})
        cls.outlet_3, cls.outlet_4 = cls.env["res.partner"].create([
            {"name": "Hasan General Store", "is_company": True, "dms_role": "outlet", "dms_outlet_code": "OUT-3",
             "street": "4 Kazipara", "city": "Dhaka", "dms_territory_id": cls.area.id,
             "dms_distributor_id": cls.distributor.id},
            {"name": "Nadia Pharmacy", "is_company": True, "dms_role": "outlet", "dms_outlet_code": "OUT-4",
             "street": "Shewrapara Bazar", "city": "Dhaka", "dms_territory_id": cls.area.id,
             "dms_distributor_id": cls.distributor.id},
        ])
        cls.beat = cls.env["dms.beat"].create({
            "name": "Mirpur Monday", "user_id": cls.rep.id, "territory_id": cls.area.id,
            "distributor_id": cls.distributor.id, "on_monday": True, "date_start": "2025-01-01",
            "line_ids": [(0, 0, {"partner_id": cls.outlet_3.id, "sequence": 1}),
                         (0, 0, {"partner_id": cls.outlet_4.id, "sequence": 2}),
                         (0, 0, {"partner_id": cls.outlet.id, "sequence": 3})]})
        today = fields.Date.context_today(cls.beat)
        Visit = cls.env["dms.visit"]
        common = {"user_id": cls.rep.id, "beat_id": cls.beat.id, "planned_date": today, "is_planned": True}
        # created out of order: the app shows them by sequence
        cls.visits = Visit.create([
            {**common, "partner_id": cls.outlet.id, "sequence": 30},
            {**common, "partner_id": cls.outlet_3.id, "sequence": 10, "state": "done"},
            {**common, "partner_id": cls.outlet_4.id, "sequence": 20},
        ])
        # not today's, or not the rep's: never shown
        Visit.create([
            {**common, "partner_id": cls.outlet.id, "planned_date": fields.Date.add(today, days=1)},
            {**common, "user_id": cls.rep_2.id, "partner_id": cls.outlet_2.id, "beat_id": False},
        ])
        cls.shot_dir = os.path.join(config["screenshots"], get_db_name(), "dms_field_app")
        os.makedirs(cls.shot_dir, exist_ok=True)

    # Driving the browser through the DevTools protocol --------------------------------------

    def js(self, expression, timeout=30):
        result = self.browser._websocket_request("Runtime.evaluate", params={
            "expression": expression, "awaitPromise": True, "returnByValue": True}, timeout=timeout)
        if "exceptionDetails" in result:
            raise AssertionError("%s failed: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for(self, expression, timeout=30, message=None):
        end = time.time() + timeout
        while time.time() < end:
            if self.js("(async () => { try { return !!(%s); } catch { return false; } })()" % expression):
                return
            time.sleep(0.25)
        self.screenshot("failed")
        self.fail(message or "never true: %s" % expression)

    def type_into(self, selector, text):
        """Focus a field and type as a keyboard would (input events, OWL's t-model sees them)."""
        self.js("(() => { const el = document.querySelector(%s); el.focus(); el.select(); })()" % json.dumps(selector))
        self.browser._websocket_request("Input.insertText", params={"text": text})

    def tap(self, selector):
        """Tap the middle of an element, where a thumb would: it must be on screen and on top."""
        box = self.js("""(() => {
            const r = document.querySelector(%s).getBoundingClientRect();
            return {x: r.left + r.width / 2, y: r.top + r.height / 2};
        })()""" % json.dumps(selector))
        self.assertTrue(0 < box["x"] < PHONE[0] and 0 < box["y"] < PHONE[1], "%s is off screen" % selector)
        on_top = self.js("document.elementFromPoint(%f, %f).closest(%s) !== null"
                         % (box["x"], box["y"], json.dumps(selector)))
        self.assertTrue(on_top, "%s is covered by another element" % selector)
        for kind in ("touchStart", "touchEnd"):
            points = [{"x": box["x"], "y": box["y"]}] if kind == "touchStart" else []
            self.browser._websocket_request("Input.dispatchTouchEvent", params={"type": kind, "touchPoints": points})

    def open_phone_browser(self):
        """A Chromium that says it is an Android phone, on the app, signed out."""
        self.browser = ChromeBrowser(self)
        self.addCleanup(self.browser.stop)
        self.authenticate(None, None, browser=self.browser)  # only the test-cursor cookie: no session
        self.browser._websocket_request("Emulation.setUserAgentOverride", params={
            "userAgent": "Mozilla/5.0 (Linux; Android 14; SM-A146B) AppleWebKit/537.36 (KHTML, like Gecko) "
                         "Chrome/130.0 Mobile Safari/537.36"})
        self.browser._websocket_request("Emulation.setDeviceMetricsOverride", params={
            "width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 1, "mobile": True})
        self.browser.navigate_to(self.base_url() + "/dms/app", wait_stop=True)

    def screenshot(self, name):
        data = self.browser._websocket_request("Page.captureScreenshot", params={"format": "png"})["data"]
        png = base64.b64decode(data)
        path = os.path.join(self.shot_dir, "%s.png" % name)
        with open(path, "wb") as f:
            f.write(png)
        _logger.info("Screenshot %s", path)
        return Image.open(io.BytesIO(png)).size

    def reload(self):
        self.browser._websocket_request("Page.reload", params={"ignoreCache": False})

    def visible_visits(self):
        return self.js("""[...document.querySelectorAll('.o_dms_visit')].map((li) => [
            li.querySelector('.o_dms_seq').textContent,
            li.querySelector('.o_dms_outlet').textContent,
            li.querySelector('.o_dms_state').textContent])""")

    def layout_problems(self):
        """What would hurt on a phone: sideways scrolling, controls (``layout_controls``) under
        48 px, text under 13 px."""
        return self.js("""(() => {
            const problems = [];
            if (document.documentElement.scrollWidth > window.innerWidth) {
                problems.push('page wider than the screen: ' + document.documentElement.scrollWidth);
            }
            for (const el of document.querySelectorAll(%s)) {
                const r = el.getBoundingClientRect();
                if (r.height < 48 || r.width < 48) {
                    problems.push(`${el.className || el.id} is ${r.width}x${r.height}`);
                }
                if (r.right > window.innerWidth || r.left < 0) {
                    problems.push(`${el.className || el.id} sticks out`);
                }
            }
            for (const el of document.querySelectorAll('.o_dms_app *')) {
                const size = parseFloat(getComputedStyle(el).fontSize);
                if (el.childElementCount === 0 && el.textContent.trim() && size < 13) {
                    problems.push(`${el.className} text is ${size}px`);
                }
            }
            return problems;
        })()""" % json.dumps(self.layout_controls))

    # The test -----------------------------------------------------------------------------

    def test_sign_in_see_today_then_open_with_the_server_down(self):
        self.open_phone_browser()

        # 1. the sign-in screen; the service worker takes the page and caches the app shell
        self.wait_for("document.querySelector('.o_dms_signin')")
        self.wait_for("navigator.serviceWorker.controller", message="the service worker never took the page")
        precache = self.js("""fetch('/dms/app/sw.js').then((r) => r.text()).then(
            (source) => JSON.parse(source.match(/^const PRECACHE = (.*);.*$/m)[1]))""")
        self.assertTrue(any("dms_api.assets_field_app.min.js" in url for url in precache))
        self.wait_for("""(async () => {
            const keys = await caches.keys();
            const cached = keys.length === 1 && (await (await caches.open(keys[0])).keys()).map(
                (r) => new URL(r.url).pathname + new URL(r.url).search);
            return cached && %s.every((url) => cached.includes(url));
        })()""" % json.dumps(precache), message="the app shell was never cached")
        self.assertEqual(self.js("document.querySelector('#dms_device').value"), "Android phone")
        self.assertEqual(self.screenshot("1_sign_in"), PHONE)
        self.assertEqual(self.layout_problems(), [])

        # 2. a wrong password: told so, nothing created
        self.type_into("#dms_login", "dms_rep")
        self.type_into("#dms_password", "not the password")
        self.type_into("#dms_device", "Rahim's phone")
        self.tap(".o_dms_signin_button")
        self.wait_for("document.querySelector('.o_dms_error')")
        self.assertEqual(self.js("document.querySelector('.o_dms_error').textContent"), "Wrong login or password.")
        self.assertEqual(self.js("document.querySelector('#dms_password').value"), "", "the password is cleared")
        self.screenshot("2_sign_in_wrong_password")

        # 3. signed in: the device's key is the user's, today's visits in beat order
        self.type_into("#dms_password", "dms_repx")  # new_test_user: the login padded to 8
        self.tap(".o_dms_signin_button")
        self.wait_for("document.querySelectorAll('.o_dms_visit').length === 3",
                      message="today's visits never showed")
        self.wait_for("!document.querySelector('.o_dms_status_syncing')")
        expected = [["1", "Hasan General Store", "Done"], ["2", "Nadia Pharmacy", "To visit"],
                    ["3", "Rahim Store", "To visit"]]
        self.assertEqual(self.visible_visits(), expected)
        self.assertEqual(self.js("document.querySelector('.o_dms_status').textContent.trim()"), "Online")
        self.assertEqual(self.js("document.querySelector('.o_dms_who strong').textContent"), self.rep.name)
        self.assertEqual(self.screenshot("3_today"), PHONE)
        self.assertEqual(self.layout_problems(), [])
        key = self.env["res.users.apikeys"].sudo().search([("user_id", "=", self.rep.id),
                                                           ("name", "=", "Field app - Rahim's phone")])
        self.assertEqual(key.scope, "dms_api")
        stored = self.js("""new Promise((resolve) => {
            const open = indexedDB.open('dms_field_app');
            open.onsuccess = () => {
                const tx = open.result.transaction(['visits', 'settings'], 'readonly');
                const visits = tx.objectStore('visits').getAll();
                const session = tx.objectStore('settings').get('session');
                tx.oncomplete = () => {
                    resolve({visits: visits.result.map((v) => v.id).sort(), session: session.result});
                    open.result.close();
                };
            };
        })""")
        self.assertEqual(stored["visits"], sorted(self.visits.ids))
        self.assertEqual(stored["session"]["key_name"], "Field app - Rahim's phone")
        self.assertEqual(set(stored["session"]), {"api_key", "key_name", "device_name", "expires", "user"},
                         "the key is kept, not the password")

        # 4. the server stops answering: every request refused (503), the page included
        refused = []

        def server_down(app, environ, start_response):
            refused.append(environ["PATH_INFO"])
            start_response("503 Service Unavailable", [("Content-Type", "text/plain"), ("Retry-After", "60")])
            return [b"stopped for the test"]

        with self._patched_server(server_down):
            self.reload()
            self.wait_for("document.querySelector('.o_dms_status_offline')",
                          message="the app did not open (or did not notice) with the server down")
            self.wait_for("document.querySelectorAll('.o_dms_visit').length === 3")
            self.assertEqual(self.visible_visits(), expected)
            self.assertEqual(self.js("document.querySelector('.o_dms_status').textContent.trim()"), "Offline")
            self.assertIn("Offline", self.js("document.querySelector('.o_dms_banner').textContent"))
            self.assertEqual(self.screenshot("4_today_server_down"), PHONE)
        _logger.info("With the server refusing, it was asked for: %s", refused)
        self.assertIn("/dms/app", refused, "the page was asked for (network first) and refused")
        self.assertTrue(any(path.startswith("/dms/api/v1/") for path in refused), "the sync tried and failed")
        self.assertFalse([p for p in refused if p.startswith("/web/assets/")], "the bundle came from the cache")

        # 5. DevTools' offline emulation instead: see what it covers
        reached = []

        def server_up(app, environ, start_response):
            reached.append(environ["PATH_INFO"])
            return original_call(app, environ, start_response)

        original_call = type(http.root).__call__
        self.browser._websocket_request("Network.enable")
        self.browser._websocket_request("Network.emulateNetworkConditions", params={
            "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        with self._patched_server(server_up):
            self.reload()
            self.wait_for("document.querySelectorAll('.o_dms_visit').length === 3")
            self.wait_for("document.querySelector('.o_dms_status_offline')")
            self.screenshot("5_today_devtools_offline")
        _logger.info("With DevTools' offline emulation, the server still got: %s", reached)
        # the page's own requests are cut (the sync fails), but not the service worker's: its
        # network-first fetch of the page still reaches the server. Emulation alone does not
        # prove the page opens offline; the refusing server above does.
        self.assertFalse([p for p in reached if p.startswith("/dms/api/")], "the page's API calls never left")
        self.assertIn("/dms/app", reached, "the service worker's fetch is not covered by the emulation")

        self.assertFalse(self.browser.had_failure, "an error was logged in the browser console")
        self.assertFalse(self.browser._result.done() and self.browser._result.exception())

    def _patched_server(self, wsgi_call):
        """Replace how the test server answers every request (Odoo's WSGI application)."""
        return patch.object(type(http.root), "__call__", wsgi_call)
