"""The field app with its server really stopped: a demo rep's and the demo driver's day at 390 x 844.

The Odoo tests of dms_api simulate a server that answers 503. Here the server process is killed,
as issue 14 asks ("DevTools network emulation does not cover what a service worker fetches"):
on a copy of the database scripts/test built (demo data; dropped at the end, so the other suite
tests see the database as it was), Odoo runs as its own process on a fixed port and headless
Chromium drives /dms/app over the DevTools protocol:

- rep_north1 signs in and loads the day online; the server is killed; the page reloads from the
  service worker; he checks in, takes two orders in cases that reach a scheme, records a no-order
  reason with a photo; closes the tab and opens a new one (the work is still there); the server
  starts again; the outbox drains; the database holds exactly those records, once; a second sync
  adds nothing;
- driver_dhaka1, with a stop of a confirmed secondary order of Padma on a trip of his: a partial
  delivery (48 of 72 soaps, a reason, a signature) recorded offline and synced: order, stock, trip
  and claim agree; a second sync adds nothing;
- a new version of the app on the server: the phone says "A new version is ready — Reload" and
  takes it only on the tap.

The copy is made with CREATE DATABASE ... TEMPLATE (tests/odoo_server.py), which needs the test
database idle: the `db` fixture of conftest.py connects per module, not per session.

Screenshots of every step go to $DMS_TEST_SHOTS (default: <tmp>/dms_field_app_offline/).
"""
import base64
import contextlib
import datetime
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from odoo_server import OdooServer, Rpc, clone_database, dmsenv

websocket = pytest.importorskip("websocket")

PHONE = (390, 844)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("DMS_TEST_SHOTS") or Path(tempfile.gettempdir()) / "dms_field_app_offline")
ADMIN = ("admin", "admin")


# The browser ------------------------------------------------------------------------------------

class Chromium:
    """Headless Chromium with one profile (the phone: its service worker, caches and IndexedDB
    outlive a tab), driven over the DevTools protocol; tabs are targets with their own session."""

    def __init__(self, name):
        self.name = name
        self.profile = tempfile.mkdtemp(prefix="dms_offline_chromium_")
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-dev-shm-usage", "--remote-debugging-port=0", "--remote-allow-origins=*",
             "--user-data-dir=%s" % self.profile, "--window-size=%d,%d" % PHONE, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not start")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen("http://127.0.0.1:%d/json/version" % port) as answer:
            url = json.loads(answer.read())["webSocketDebuggerUrl"]
        self.ws = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.next_id = 0
        self.session = None
        self.target = None
        self.exceptions = []

    def send(self, method, session=True, timeout=60, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session and self.session:
            message["sessionId"] = self.session
        self.ws.settimeout(timeout)
        self.ws.send(json.dumps(message))
        while True:
            answer = json.loads(self.ws.recv())
            if answer.get("method") == "Runtime.exceptionThrown":
                self.exceptions.append(answer["params"]["exceptionDetails"])
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError("%s: %s" % (method, answer["error"]))
                return answer.get("result", {})

    def open_tab(self, url, position=None):
        """A new tab at phone size on ``url``, with geolocation allowed at ``position``."""
        origin = "/".join(url.split("/")[:3])
        self.send("Browser.grantPermissions", session=False, origin=origin, permissions=["geolocation"])
        self.target = self.send("Target.createTarget", session=False, url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", session=False, targetId=self.target,
                                 flatten=True)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=PHONE[0], height=PHONE[1], deviceScaleFactor=1,
                  mobile=True)
        if position:
            self.set_position(*position)
        self.send("Page.navigate", url=url)

    def close_tab(self):
        self.send("Target.closeTarget", session=False, targetId=self.target)
        self.session = self.target = None

    def set_position(self, latitude, longitude):
        self.send("Emulation.setGeolocationOverride", latitude=latitude, longitude=longitude, accuracy=10)

    def js(self, expression, timeout=60):
        result = self.send("Runtime.evaluate", timeout=timeout, expression=expression, awaitPromise=True,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError("%s failed: %s" % (expression[:120], result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for(self, expression, timeout=30, message=None):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with contextlib.suppress(AssertionError):
                if self.js("(async () => { try { return !!(%s); } catch { return false; } })()" % expression):
                    return
            time.sleep(0.25)
        self.screenshot("failed")
        raise AssertionError(message or "never true: %s" % expression)

    def text(self, selector):
        return self.js("(document.querySelector(%s) || {}).textContent" % json.dumps(selector))

    def _center(self, selector):
        """Scroll the element to the middle of the screen (a thumb's reach); its middle point once
        it stays put (a list still rendering moves it), checked to be on screen and on top."""
        where = """(() => {
            const el = document.querySelector(%s);
            el.scrollIntoView({block: 'center'});
            const r = el.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            const top = document.elementFromPoint(x, y);
            return {x, y, onTop: !!top && (top === el || el.contains(top))};
        })()""" % json.dumps(selector)
        box = self.js(where)
        for _i in range(20):
            time.sleep(0.15)
            again = self.js(where)
            if again == box:
                break
            box = again
        assert 0 < box["x"] < PHONE[0] and 0 < box["y"] < PHONE[1], "%s is off screen" % selector
        assert box["onTop"], "%s is covered by another element" % selector
        return box["x"], box["y"]

    def tap(self, selector):
        x, y = self._center(selector)
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def tap_until(self, selector, expression, wait=4):
        """Tap, and once more if ``expression`` is still false after ``wait`` seconds: headless
        Chromium now and then drops a synthetic tap on a screen that is still rendering."""
        self.tap(selector)
        end = time.monotonic() + wait
        while time.monotonic() < end:
            if self.js("(() => { try { return !!(%s); } catch { return false; } })()" % expression):
                return
            time.sleep(0.2)
        self.tap(selector)
        self.wait_for(expression)

    def type_into(self, selector, text):
        """Focus a field, select what it holds and type over it (input events, as a keyboard)."""
        self.js("(() => { const el = document.querySelector(%s); el.focus(); el.select(); })()" % json.dumps(selector))
        self.send("Input.insertText", text=text)

    def choose_file(self, selector, path):
        root = self.send("DOM.getDocument", depth=0)["root"]["nodeId"]
        node = self.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        self.send("DOM.setFileInputFiles", nodeId=node, files=[str(path)])

    def draw(self, selector):
        """A zigzag signature with the finger (pointer events from a pressed mouse)."""
        box = self.js("""(() => {
            const el = document.querySelector(%s);
            el.scrollIntoView({block: 'center'});
            const r = el.getBoundingClientRect();
            return {x: r.left, y: r.top, w: r.width, h: r.height};
        })()""" % json.dumps(selector))
        points = [(box["x"] + box["w"] * (0.15 + 0.07 * i), box["y"] + box["h"] * (0.5 + (0.25 if i % 2 else -0.2)))
                  for i in range(10)]
        self.send("Input.dispatchMouseEvent", type="mousePressed", x=points[0][0], y=points[0][1], button="left",
                  buttons=1, clickCount=1)
        for x, y in points[1:]:
            self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y, button="left", buttons=1)
        self.send("Input.dispatchMouseEvent", type="mouseReleased", x=points[-1][0], y=points[-1][1],
                  button="left", buttons=0, clickCount=1)

    def screenshot(self, name):
        with contextlib.suppress(Exception):
            data = self.send("Page.captureScreenshot", format="png")["data"]
            SHOTS.mkdir(parents=True, exist_ok=True)
            (SHOTS / ("%s_%s.png" % (self.name, name))).write_bytes(base64.b64decode(data))

    def outbox(self):
        """The records waiting in the app's IndexedDB outbox."""
        return self.js("""new Promise((resolve, reject) => {
            const open = indexedDB.open('dms_field_app');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
                const request = open.result.transaction('outbox').objectStore('outbox').getAll();
                request.onsuccess = () => { resolve(request.result); open.result.close(); };
            };
        })""")

    def wait_for_app_shell(self):
        """The service worker controls the page and has cached the app's bundle."""
        self.wait_for("navigator.serviceWorker.controller", message="the service worker never took the page")
        self.wait_for("""(async () => {
            for (const key of await caches.keys()) {
                const urls = (await (await caches.open(key)).keys()).map((r) => r.url);
                if (urls.some((u) => u.includes('dms_api.assets_field_app'))) { return true; }
            }
            return false;
        })()""", message="the app shell was never cached")

    def close(self):
        with contextlib.suppress(Exception):
            self.ws.close()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


# Fixtures ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server():
    """Odoo on a copy of the test database, dropped (with its filestore) at the end."""
    source = os.environ.get("DMS_TEST_DB")
    if not source:
        pytest.skip("DMS_TEST_DB not set: run through scripts/test")
    if not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium at %s" % CHROMIUM)
    name = "%s_offline_%d" % (source, os.getpid())
    shutil.rmtree(SHOTS, ignore_errors=True)
    dmsenv.drop_db(name)
    clone_database(source, name)
    odoo = OdooServer(name, os.path.join(tempfile.gettempdir(), "dms_field_app_offline_%s.log" % name))
    try:
        odoo.start()
        yield odoo
    finally:
        odoo.kill()
        dmsenv.drop_db(name)


@pytest.fixture
def up(server):
    """The server, running (a test before may have left it stopped)."""
    if server.process is None:
        server.start()
    return server


@pytest.fixture
def chromium():
    browsers = []

    def launch(name):
        browsers.append(Chromium(name))
        return browsers[-1]

    yield launch
    for browser in browsers:
        browser.close()


def _photo(path):
    from PIL import Image

    Image.new("RGB", (3000, 2000), (200, 120, 40)).save(path, "JPEG", quality=95)
    return path


def _amount(text):
    return float(text.replace(",", "").replace("−", "-").strip())


# The rep ----------------------------------------------------------------------------------------

def _rep_day(admin, rep_id, today):
    """The rep's visits of today (two still to do, planned for today if the journey plan has
    none: the demo plan skips Fridays), the outlets' positions."""
    Visit = "dms.visit"
    domain = [("user_id", "=", rep_id), ("planned_date", "=", today)]
    todo = admin(Visit, "search_read", domain + [("state", "=", "planned")], fields=["partner_id"],
                 order="sequence, id")
    if len(todo) < 2:
        # visits of two of the rep's beat outlets, made in the back office for today (beat and
        # is_planned are the journey plan's own fields)
        lines = admin("dms.beat.line", "search_read", [("beat_id.user_id", "=", rep_id)], fields=["partner_id"],
                      order="id", limit=2)
        admin(Visit, "create", [{"user_id": rep_id, "partner_id": line["partner_id"][0], "planned_date": today,
                                 "sequence": 900 + i} for i, line in enumerate(lines)])
        todo = admin(Visit, "search_read", domain + [("state", "=", "planned")], fields=["partner_id"],
                     order="sequence, id")
    count = admin(Visit, "search_count", domain)
    visits = todo[:2]
    outlets = admin("res.partner", "read", [v["partner_id"][0] for v in visits],
                    ["partner_latitude", "partner_longitude"])
    for visit, outlet in zip(visits, outlets, strict=True):
        visit["position"] = (outlet["partner_latitude"] or 23.78, outlet["partner_longitude"] or 90.41)
    return count, visits


def _take_order(phone, product_id, cases, shot):
    phone.tap(".o_dms_take_order")
    phone.wait_for("document.querySelector('.o_dms_search_input')")
    phone.type_into(".o_dms_search_input", "Glow")
    product = ".o_dms_product[data-product-id='%d']" % product_id
    phone.wait_for("document.querySelector(%s)" % json.dumps(product), message="the soap is not in the catalogue")
    for count in range(1, cases + 1):  # one tap at a time, as a thumb: each re-renders the line
        phone.tap_until(product + " [aria-label='One case more']", "document.querySelector(%s).value === '%d'"
                        % (json.dumps(product + " .o_dms_stepper_cases .o_dms_step_qty"), count))
    phone.wait_for("document.querySelector('.o_dms_line_scheme')", message="no scheme showed on the phone")
    shown = {"scheme": phone.text(".o_dms_line_scheme"), "net": _amount(phone.text(".o_dms_net_amount"))}
    phone.screenshot(shot)
    phone.tap(".o_dms_save_order")
    phone.wait_for("document.querySelector('.o_dms_visit_screen')")
    return shown


def _counts(admin, rep_id, since):
    return (admin("dms.secondary.order", "search_count", [("user_id", "=", rep_id), ("create_date", ">=", since)]),
            admin("dms.secondary.order.line", "search_count", [("order_id.user_id", "=", rep_id),
                                                                ("create_date", ">=", since)]),
            admin("dms.visit", "search_count", [("user_id", "=", rep_id), ("write_date", ">=", since)]),
            admin("ir.attachment", "search_count", [("res_model", "=", "dms.visit"), ("create_date", ">=", since)]))


def test_rep_day_with_the_server_stopped(up, chromium):
    server = up
    admin = Rpc(server, *ADMIN)
    rep_id = admin("res.users", "search", [("login", "=", "rep_north1")])[0]
    today = datetime.date.today().isoformat()
    visit_count, (first, second) = _rep_day(admin, rep_id, today)
    soap = admin.ref("dms_sales.product_product_soap_glow_demo")
    start = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() - 2))

    phone = chromium("rep")
    # 1. online: sign in, the day and the catalogue load
    phone.open_tab(server.url + "/dms/app", first["position"])
    phone.wait_for("document.querySelector('.o_dms_signin')", message="the sign-in screen never showed")
    phone.wait_for_app_shell()
    phone.type_into("#dms_login", "rep_north1")
    phone.type_into("#dms_password", "rep_north1")
    phone.type_into("#dms_device", "Offline test phone")
    phone.tap(".o_dms_signin_button")
    phone.wait_for("document.querySelectorAll('.o_dms_visit').length === %d" % visit_count, timeout=60,
                   message="today's visits never showed")
    phone.wait_for("odoo.dmsFieldApp.model.store.count('products').then((n) => n > 0)", timeout=60)
    phone.wait_for("!document.querySelector('.o_dms_status_syncing')", timeout=60)
    assert phone.text(".o_dms_status").strip() == "Online"
    phone.screenshot("1_today_online")

    # 2. the server is stopped; the page reloads from the service worker
    server.kill()
    assert server.is_down()
    phone.send("Page.reload")
    phone.wait_for("document.querySelectorAll('.o_dms_visit').length === %d" % visit_count,
                   message="the app did not open without its server")
    phone.wait_for("document.querySelector('.o_dms_status_offline')")
    phone.screenshot("2_today_server_stopped")

    # 3. the first visit: check in, two orders in cases, each reaching a scheme, check out
    phone.tap(".o_dms_visit[data-visit-id='%d']" % first["id"])
    phone.wait_for("document.querySelector('.o_dms_visit_screen')")
    phone.tap(".o_dms_checkin_button")
    phone.wait_for("document.querySelector('.o_dms_checkin')", message="no check-in offline")
    shown = [_take_order(phone, soap, 1, "3_order_1_case"), _take_order(phone, soap, 2, "4_order_2_cases")]
    phone.wait_for("document.querySelectorAll('.o_dms_order_row').length === 2")
    phone.screenshot("5_visit_two_orders")
    phone.tap(".o_dms_checkout_button")
    phone.wait_for("!document.querySelector('.o_dms_checkout_button')")
    phone.tap(".o_dms_visit_screen .o_dms_back")
    phone.wait_for("document.querySelector('.o_dms_today')")

    # 4. the second visit: no order, a reason and a photo of the shelf
    phone.set_position(*second["position"])
    phone.tap(".o_dms_visit[data-visit-id='%d']" % second["id"])
    phone.wait_for("document.querySelector('.o_dms_visit_screen')")
    phone.tap(".o_dms_checkin_button")
    phone.wait_for("document.querySelector('.o_dms_checkin')")
    phone.choose_file(".o_dms_photo_input", _photo(Path(phone.profile) / "shelf.jpg"))
    phone.wait_for("document.querySelector('.o_dms_photo_preview')", message="the photo never showed")
    reason_id = int(phone.js("document.querySelector('.o_dms_chip[data-reason-id]').dataset.reasonId"))
    phone.tap(".o_dms_chip[data-reason-id='%d']" % reason_id)
    phone.wait_for("!document.querySelector('.o_dms_checkout_button').disabled")
    phone.screenshot("6_no_order_photo")
    phone.tap(".o_dms_checkout_button")
    phone.wait_for("!document.querySelector('.o_dms_checkout_button')")
    phone.tap(".o_dms_visit_screen .o_dms_back")
    phone.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '4'",
                   message="two orders and two visits should wait in the outbox")
    queued = phone.outbox()
    assert sorted(r["resource"] for r in queued) == ["secondary_orders", "secondary_orders", "visits", "visits"]
    phone.screenshot("7_today_four_waiting")

    # 5. the tab is closed, a new one opens the app: the work is still on the phone
    phone.close_tab()
    phone.open_tab(server.url + "/dms/app", second["position"])
    phone.wait_for("document.querySelectorAll('.o_dms_visit').length === %d" % visit_count,
                   message="the app did not open in a new tab without its server")
    phone.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '4'")
    done = phone.js("""[...document.querySelectorAll('.o_dms_visit')].filter((li) => [%d, %d].includes(
        +li.dataset.visitId)).map((li) => li.querySelector('.o_dms_state').textContent)"""
                    % (first["id"], second["id"]))
    assert done == ["Done", "Done"]
    phone.screenshot("8_new_tab_offline")
    assert server.is_down()

    # 6. the server starts again: the outbox drains
    server.start()
    phone.tap(".o_dms_outbox_count")
    # the four records wait, unless the app's own retry, due as the server came back, sent them first
    phone.wait_for("document.querySelectorAll('.o_dms_outbox_record').length === 4"
                   " || !!document.querySelector('.o_dms_empty')")
    _wait_drained(phone)
    phone.screenshot("9_outbox_sent")
    phone.tap(".o_dms_outbox_screen .o_dms_back")
    phone.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '0'")
    phone.wait_for("!document.querySelector('.o_dms_status_syncing')", timeout=60)
    phone.screenshot("10_today_synced")

    # 7. the database holds exactly those records, once
    uuids = {r["resource"]: set() for r in queued}
    for record in queued:
        uuids[record["resource"]].add(record["uuid"])
    orders = admin("dms.secondary.order", "search_read", [("user_id", "=", rep_id), ("create_date", ">=", start)],
                   fields=["client_uuid", "partner_id", "amount_untaxed", "origin", "line_ids"], order="id")
    assert len(orders) == 2 and {o["client_uuid"] for o in orders} == uuids["secondary_orders"], (orders, queued)
    assert {o["partner_id"][0] for o in orders} == {first["partner_id"][0]}
    assert [o["origin"] for o in orders] == ["api", "api"]
    lines = admin("dms.secondary.order.line", "search_read", [("order_id", "in", [o["id"] for o in orders]),
                                                              ("product_id", "=", soap)],
                  fields=["order_id", "product_uom_qty", "scheme_id", "discount"], order="order_id")
    assert sorted((ln["product_uom_qty"], bool(ln["scheme_id"])) for ln in lines) == [(72, True), (144, True)]
    # the server priced the orders as the phone did, offline
    assert sorted(o["amount_untaxed"] for o in orders) == pytest.approx(sorted(s["net"] for s in shown))
    visits = admin("dms.visit", "read", [first["id"], second["id"]],
                   ["state", "order_id", "no_order_reason_id", "client_uuid", "check_in_time"])
    assert [v["state"] for v in visits] == ["done", "done"]
    assert {v["client_uuid"] for v in visits} == uuids["visits"]
    assert visits[0]["order_id"] and visits[0]["order_id"][0] in [o["id"] for o in orders]
    assert visits[1]["no_order_reason_id"][0] == reason_id and not visits[1]["order_id"]
    photos = admin("ir.attachment", "search_count", [("res_model", "=", "dms.visit"), ("res_id", "=", second["id"]),
                                                     ("res_field", "=", "photo")])
    assert photos == 1
    counts = _counts(admin, rep_id, start)
    assert counts[:2] == (2, len(admin("dms.secondary.order.line", "search", [
        ("order_id", "in", [o["id"] for o in orders])])))

    # 8. a second sync adds nothing
    phone.tap(".o_dms_sync")
    phone.js("(async () => { await (odoo.dmsFieldApp.model.running || Promise.resolve()); return true; })()")
    phone.wait_for("!document.querySelector('.o_dms_status_syncing')", timeout=60)
    assert _counts(admin, rep_id, start) == counts
    assert phone.text(".o_dms_outbox_count strong") == "0"

    # 9. a new version of the app on the server (its bundle changes: a stylesheet that styles
    # nothing here is added to it): the phone says so, and takes it only when Reload is tapped
    old_caches = phone.js("caches.keys()")
    admin("ir.asset", "create", {"name": "Field app: a new version (offline test)",
                                 "bundle": "dms_api.assets_field_app",
                                 "path": "account/static/src/css/account_bank_and_cash.css"})
    phone.js("window.__samePage = true")
    phone.js("navigator.serviceWorker.getRegistration('/dms/app').then((r) => r.update()).then(() => true)")
    phone.wait_for("document.querySelector('.o_dms_update')", timeout=90, message="no update prompt")
    assert (phone.text(".o_dms_update span").strip(), phone.text(".o_dms_update_reload").strip()) == (
        "A new version is ready", "Reload")
    assert phone.js("window.__samePage === true"), "the app reloaded by itself"
    assert phone.js("caches.keys()") != old_caches and len(phone.js("caches.keys()")) == 2, "the new version waits"
    phone.screenshot("11_new_version_ready")
    phone.tap(".o_dms_visit[data-visit-id='%d']" % first["id"])  # a form: no prompt over it
    phone.wait_for("document.querySelector('.o_dms_visit_screen')")
    assert not phone.js("!!document.querySelector('.o_dms_update')")
    phone.tap(".o_dms_visit_screen .o_dms_back")
    phone.wait_for("document.querySelector('.o_dms_update')")
    phone.tap(".o_dms_update_reload")
    phone.wait_for("!window.__samePage && document.querySelector('.o_dms_today')", timeout=60,
                   message="Reload did not load the new version")
    phone.wait_for("!document.querySelector('.o_dms_update')")
    new_caches = phone.js("caches.keys()")
    assert len(new_caches) == 1 and new_caches != old_caches, "the old version's cache is dropped"
    assert phone.text(".o_dms_outbox_count strong") == "0"
    phone.screenshot("12_new_version_running")
    assert not phone.exceptions, phone.exceptions


def _wait_drained(phone, timeout=90):
    """The outbox empty; "Send now" again whenever the app is idle (it sends what is due: records
    postponed while the server was down come due on their backoff)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if phone.js("!!document.querySelector('.o_dms_empty')"):
            return
        if phone.js("!!document.querySelector('.o_dms_send_now:not([disabled])')"):
            phone.tap(".o_dms_send_now")
        time.sleep(2)
    phone.screenshot("failed_drain")
    raise AssertionError("the outbox never drained")


# The driver -------------------------------------------------------------------------------------

def _driver_stop(admin):
    """A confirmed secondary order of Padma (stock managed in Odoo from now on, on this copy),
    72 Glow soaps reaching the volume slab, its delivery on a trip of driver_dhaka1."""
    padma = admin.ref("dms_sales.res_partner_distributor_padma_demo")
    soap = admin.ref("dms_sales.product_product_soap_glow_demo")
    rep_id = admin("res.users", "search", [("login", "=", "rep_north1")])[0]
    driver = admin("res.users", "search_read", [("login", "=", "driver_dhaka1")], fields=["partner_id"])[0]
    outlet = admin("res.partner", "search", [("dms_distributor_id", "=", padma), ("dms_role", "=", "outlet"),
                                             ("dms_outlet_state", "=", "approved"), ("partner_latitude", "!=", 0)],
                   limit=1, order="dms_outlet_code")[0]
    admin("res.partner", "write", [padma], {"dms_stock_managed": True})
    order_id = admin("dms.secondary.order", "create", {
        "partner_id": outlet, "distributor_id": padma, "user_id": rep_id,
        "line_ids": [(0, 0, {"product_id": soap, "product_uom_qty": 72})]})
    admin("dms.secondary.order", "action_confirm", [order_id])
    order = admin("dms.secondary.order", "read", [order_id], ["picking_ids", "location_id", "line_ids"])[0]
    [stop_id] = order["picking_ids"]
    stop = admin("stock.picking", "read", [stop_id], ["picking_type_id"])[0]
    trip_id = admin("stock.picking.batch", "create", {
        "vehicle_id": admin.ref("dms_routing.fleet_vehicle_pickup_demo"), "driver_id": driver["partner_id"][0],
        "picking_type_id": stop["picking_type_id"][0], "picking_ids": [(6, 0, [stop_id])]})
    admin("stock.picking.batch", "action_confirm", [trip_id])
    [soap_line] = admin("dms.secondary.order.line", "search_read", [("order_id", "=", order_id),
                                                                    ("product_id", "=", soap)],
                        fields=["scheme_id", "discount", "price_unit"])
    return {"padma": padma, "soap": soap, "order": order_id, "stop": stop_id, "trip": trip_id,
            "location": order["location_id"][0], "soap_line": soap_line, "driver": driver}


def _soap_stock(admin, ctx):
    quants = admin("stock.quant", "search_read", [("product_id", "=", ctx["soap"]),
                                                  ("location_id", "=", ctx["location"]),
                                                  ("owner_id", "=", ctx["padma"])],
                   fields=["quantity", "reserved_quantity"])
    return sum(q["quantity"] for q in quants), sum(q["reserved_quantity"] for q in quants)


def test_driver_partial_delivery_with_the_server_stopped(up, chromium):
    server = up
    admin = Rpc(server, *ADMIN)
    ctx = _driver_stop(admin)
    on_hand, reserved = _soap_stock(admin, ctx)
    moves = admin("stock.move", "search_count", [])
    stop = "[data-stop-id='%d']" % ctx["stop"]

    phone = chromium("driver")
    # 1. online: signed in, the day's stops
    phone.open_tab(server.url + "/dms/app")
    phone.wait_for("document.querySelector('.o_dms_signin')", message="the sign-in screen never showed")
    phone.wait_for_app_shell()
    phone.type_into("#dms_login", "driver_dhaka1")
    phone.type_into("#dms_password", "driver_dhaka1")
    phone.type_into("#dms_device", "Jamal's phone")
    phone.tap(".o_dms_signin_button")
    phone.wait_for("document.querySelector(%s)" % json.dumps(".o_dms_stop" + stop), timeout=60,
                   message="the stop never showed")
    phone.wait_for("!document.querySelector('.o_dms_status_syncing')", timeout=60)
    phone.screenshot("1_stops_online")

    # 2. the server is stopped; the app reloads from the phone
    server.kill()
    assert server.is_down()
    phone.send("Page.reload")
    phone.wait_for("document.querySelector('.o_dms_status_offline')", message="the app did not open without its server")
    phone.wait_for("document.querySelector(%s)" % json.dumps(".o_dms_stop" + stop))
    phone.screenshot("2_stops_server_stopped")

    # 3. proof of delivery: 48 of the 72 soaps, a reason, a signature
    phone.tap(stop + " .o_dms_stop_body")
    phone.wait_for("document.querySelector('.o_dms_pod')")
    assert phone.js("document.querySelector('.o_dms_qty_input').value") == "72"
    phone.type_into(".o_dms_qty_input", "48")
    phone.wait_for("document.querySelector('.o_dms_reason')")
    assert phone.text(".o_dms_outcome").strip() == "Partly delivered"
    phone.js("""(() => {
        const select = document.querySelector('.o_dms_reason');
        select.value = [...select.options].find((o) => o.value).value;
        select.dispatchEvent(new Event('change'));
    })()""")
    phone.draw(".o_dms_signature")
    phone.wait_for("document.querySelector('.o_dms_signed')", message="the signature drew nothing")
    phone.screenshot("3_pod_signed")
    phone.tap(".o_dms_record")
    phone.wait_for("!document.querySelector('.o_dms_pod')", message="the proof was not recorded")
    phone.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '1'")
    [queued] = phone.outbox()
    assert (queued["resource"], queued["payload"]["picking_id"]) == ("stops", ctx["stop"])
    phone.screenshot("4_stops_waiting")

    # 4. the tab is closed, a new one opens: the proof waits on the phone
    phone.close_tab()
    phone.open_tab(server.url + "/dms/app")
    phone.wait_for("document.querySelector(%s)" % json.dumps(".o_dms_stop_partial" + stop),
                   message="the recorded proof is gone from a new tab")
    phone.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '1'")
    phone.screenshot("5_new_tab_offline")
    assert server.is_down()

    # 5. the server starts again: the outbox drains
    server.start()
    end = time.monotonic() + 90
    while phone.text(".o_dms_outbox_count strong") != "0":
        assert time.monotonic() < end, "the outbox never drained"
        if phone.js("!!document.querySelector('.o_dms_sync:not([disabled])')"):
            phone.tap(".o_dms_sync")
        time.sleep(2)
    phone.wait_for("!document.querySelector('.o_dms_status_syncing')", timeout=60)
    phone.screenshot("6_stops_synced")

    # order, stock, trip and claim agree, as after the back office's proof of delivery
    picking = admin("stock.picking", "read", [ctx["stop"]], ["state", "dms_delivery_state", "client_uuid",
                                                             "dms_delivered_by_id", "dms_failure_reason_id"])[0]
    assert (picking["state"], picking["dms_delivery_state"], picking["client_uuid"]) == (
        "done", "partial", queued["uuid"])
    assert picking["dms_delivered_by_id"][0] == ctx["driver"]["id"] and picking["dms_failure_reason_id"]
    order = admin("dms.secondary.order", "read", [ctx["order"]], ["state"])[0]
    line = admin("dms.secondary.order.line", "read", [ctx["soap_line"]["id"]], ["qty_delivered"])[0]
    assert (order["state"], line["qty_delivered"]) == ("delivered", 48)
    assert _soap_stock(admin, ctx) == (on_hand - 48, reserved - 72), "48 left, the 24 not delivered are free again"
    assert admin("stock.move", "search_count", []) == moves, "no backorder"
    trip = admin("stock.picking.batch", "read", [ctx["trip"]], ["state", "picking_ids"])[0]
    assert ctx["stop"] in trip["picking_ids"]
    today = datetime.date.today()
    claim = admin("dms.claim", "create", {"distributor_id": ctx["padma"], "date_from": today.replace(day=1).isoformat(),
                                         "date_to": today.isoformat()})
    admin("dms.claim", "action_compute", [claim])
    claimed = admin("dms.claim.line", "search_read", [("claim_id", "=", claim),
                                                      ("order_line_id", "=", ctx["soap_line"]["id"])],
                    fields=["amount"])
    soap_line = ctx["soap_line"]
    earned = round(48 * soap_line["price_unit"] * soap_line["discount"] / 100, 2)
    assert [c["amount"] for c in claimed] == [pytest.approx(earned)], "the scheme benefit of the 48 delivered"

    # 6. a second sync adds nothing
    counts = (admin("stock.move", "search_count", []), admin("stock.move.line", "search_count", []),
              admin("stock.picking", "search_count", [("client_uuid", "!=", False)]))
    phone.tap(".o_dms_sync")
    phone.js("(async () => { await (odoo.dmsFieldApp.model.running || Promise.resolve()); return true; })()")
    phone.wait_for("!document.querySelector('.o_dms_status_syncing')", timeout=60)
    assert (admin("stock.move", "search_count", []), admin("stock.move.line", "search_count", []),
            admin("stock.picking", "search_count", [("client_uuid", "!=", False)])) == counts
    assert admin("dms.secondary.order.line", "read", [soap_line["id"]], ["qty_delivered"])[0]["qty_delivered"] == 48
    assert phone.text(".o_dms_outbox_count strong") == "0"
    assert not phone.exceptions, phone.exceptions
