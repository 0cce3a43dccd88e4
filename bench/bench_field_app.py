"""Field app (/dms/app): a rep's first sync (300 outlets, 500 products), the app's bundle gzipped and
product search in the order screen in headless Chromium.

Creates its own database (our addons, no demo data) with one rep, a territory of --outlets outlets,
--products products priced on the distributor's outlet pricelist, a few schemes and today's visits,
then starts Odoo (1 process, werkzeug log on) and:

(a) *first sync*: pulls, with the rep's API key, every resource the app pulls on its first sync, in
    its order and with its paging (sync.js ``syncToday``, rep_work.js ``RepWork._sync``,
    driver.js ``syncDriver``: ``limit=500`` and ``since=<next_cursor>`` until ``has_more`` is
    false): per resource, pages, records, server time (Odoo's own log line: SQL time + the rest)
    and the client's wall time, and the JSON payload in KB (raw and gzipped);
(b) *bundle*: the JavaScript bundles the /dms/app page loads (``<script src>`` in its HTML, the
    OWL templates are compiled into them) and its stylesheets, raw and gzipped (aim: JS <= 300 KB);
(c) *search*: /usr/bin/chromium headless at 390 x 844 over the DevTools protocol: sign in as the
    rep, let the app sync, open the order screen of a visit, then --searches times type a term
    (one input event, as a keyboard's ``Input.insertText``) and time from the input event to the
    product list updated in the DOM and laid out, and to the next painted frame; medians
    (aim: <= 50 ms).
"""
import argparse
import datetime
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from bench import common

PASSWORD = "bench-rep-pass"
PAGE_LIMIT = 500  # api.js MAX_PULL_LIMIT
RECENT_ORDER_DAYS = 90  # rep_work.js
WORDS = ["Soap", "Shampoo", "Biscuit", "Tea", "Noodles", "Toothpaste", "Detergent", "Juice", "Rice", "Oil"]
SIZES = ["50g", "100g", "250g", "500g", "1kg"]
SEARCHES = ["soap", "tea 250", "biscuit 1kg", "shampoo", "oil", "noodles 100g", "juice", "rice 5",
            "tooth", "det 50", "p-1", "p-23", "soap 500g", "tea", "biscuit", "juice 1kg", "oil 250", "rice",
            "shampoo 50g", "p-4"]


def build(db, outlets_count, products_count, visits_count):
    """The rep, the network, the catalogue and today's visits, committed. Returns the rep's login,
    an API key and the ids of today's visits."""
    with common.odoo_env(db) as env:
        company = env.company
        pricelist = env["product.pricelist"].create({"name": "Bench outlet prices",
                                                     "currency_id": company.currency_id.id})
        region = env["dms.territory"].create({"name": "Bench Region", "code": "BENCH"})
        rep = env["res.users"].with_context(no_reset_password=True).create({
            "name": "Bench Rep", "login": "bench_rep", "password": PASSWORD,
            "groups_id": [(6, 0, env.ref("dms_sales.group_dms_rep").ids)]})
        area = env["dms.territory"].create({"name": "Bench Area", "code": "BENCH-1", "parent_id": region.id,
                                            "user_ids": [(6, 0, rep.ids)]})
        distributor = env["res.partner"].create({
            "name": "Bench Distributor", "is_company": True, "dms_role": "distributor",
            "dms_covered_territory_ids": [(6, 0, region.ids)], "dms_secondary_pricelist_id": pricelist.id})
        outlets = env["res.partner"].create([{
            "name": "Bench Outlet %03d" % i, "is_company": True, "dms_role": "outlet",
            "dms_outlet_code": "BO-%03d" % i, "street": "%d Mirpur Road" % (i + 1), "city": "Dhaka",
            "dms_territory_id": area.id, "dms_distributor_id": distributor.id,
            "partner_latitude": 23.7 + i / 3000, "partner_longitude": 90.4 + (i % 17) / 1000,
        } for i in range(outlets_count)])
        products = env["product.product"].create([{
            "name": "%s %s %d" % (WORDS[i % len(WORDS)], SIZES[(i // len(WORDS)) % len(SIZES)], i),
            "default_code": "P-%03d" % i, "list_price": 10 + i % 50, "is_storable": True,
            "barcode": "8900000%05d" % i} for i in range(products_count)])
        env["product.pricelist.item"].create([{
            "pricelist_id": pricelist.id, "applied_on": "0_product_variant", "product_id": p.id,
            "compute_price": "fixed", "fixed_price": 9 + i % 50} for i, p in enumerate(products)])
        env["dms.scheme"].create([{
            "name": "Bench %s 5%%" % word, "rule_type": "qty_slab",
            "product_ids": [(6, 0, products.filtered(lambda p, w=word: p.name.startswith(w)).ids)],
            "slab_ids": [(0, 0, {"threshold": 24, "discount_type": "percent", "discount_value": 5})],
        } for word in WORDS[:5]])
        env["dms.no.order.reason"].create([{"name": name} for name in ("Enough stock", "Shop closed")])
        today = datetime.date.today()
        visits = env["dms.visit"].create([{
            "user_id": rep.id, "partner_id": outlet.id, "planned_date": today, "is_planned": True,
            "sequence": i} for i, outlet in enumerate(outlets[:visits_count])])
        key = env["res.users.apikeys"].with_user(rep).sudo()._generate("dms_api", "bench", None)
        env.cr.commit()
        return rep.login, key, visits.ids


def first_sync_plan(today):
    """The app's pulls on a first sync, in order: (label, resource, params)."""
    from_date = (today - datetime.timedelta(days=RECENT_ORDER_DAYS)).isoformat()
    return [
        ("beats", "beats", {}),  # sync.js syncToday
        ("outlets", "outlets", {}),
        ("visits", "visits", {"date": today.isoformat()}),
        ("products", "products", {}),  # rep_work.js RepWork._sync
        ("prices", "prices", {}),
        ("schemes", "schemes", {}),
        ("distributors", "distributors", {}),
        ("no_order_reasons", "no_order_reasons", {}),
        ("secondary_orders", "secondary_orders", {"date_from": from_date}),
        ("stops", "stops", {}),  # driver.js syncDriver (a rep has no stops: an empty page)
        ("delivery_reasons", "delivery_reasons", {}),
    ]


LOG_LINE = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d+) - (\d+) ([\d.]+) ([\d.]+)')


def server_times(log_path, count):
    """The last ``count`` werkzeug GET lines of the log: (path, status, queries, server seconds)."""
    with open(log_path) as f:
        found = [LOG_LINE.search(line) for line in f]
    found = [m for m in found if m and m.group(1).startswith("/dms/api/v1/")]
    return [(m.group(1), int(m.group(2)), int(m.group(3)), float(m.group(4)) + float(m.group(5)))
            for m in found[-count:]]


def first_sync(url, key, log_path, today):
    rows, requests = [], []
    for label, resource, params in first_sync_plan(today):
        row = {"resource": label, "pages": 0, "records": 0, "status": 200, "client_ms": 0.0, "kb": 0.0,
               "kb_gzip": 0.0}
        cursor = None
        while True:
            query = dict(params, limit=str(PAGE_LIMIT))
            if cursor:
                query["since"] = cursor
            request = urllib.request.Request("%s/dms/api/v1/%s?%s" % (url, resource, urllib.parse.urlencode(query)),
                                             headers={"Authorization": "Bearer %s" % key,
                                                      "Accept": "application/json"})
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as answer:
                    body = answer.read()
                    status = answer.status
            except urllib.error.HTTPError as error:
                body, status = error.read(), error.code
            row["client_ms"] += (time.perf_counter() - start) * 1000
            row["pages"] += 1
            row["kb"] += len(body) / 1024
            row["kb_gzip"] += len(gzip.compress(body)) / 1024
            requests.append(label)
            if status != 200:
                row["status"] = status
                break
            page = json.loads(body)
            row["records"] += len(page["records"])
            cursor = page.get("next_cursor")
            if not page.get("has_more"):
                break
        rows.append(row)
    time.sleep(0.5)  # the log line is written after the answer
    logged = server_times(log_path, len(requests))
    by_label = {}
    for label, (_path, _status, queries, seconds) in zip(requests, logged, strict=False):
        entry = by_label.setdefault(label, [0, 0.0])
        entry[0] += queries
        entry[1] += seconds
    for row in rows:
        queries, seconds = by_label.get(row["resource"], [None, None])
        row["queries"] = queries
        row["server_ms"] = round(seconds * 1000, 1) if seconds is not None else None
        row["client_ms"] = round(row["client_ms"], 1)
        row["kb"] = round(row["kb"], 1)
        row["kb_gzip"] = round(row["kb_gzip"], 1)
    total = {"resource": "TOTAL", "pages": sum(r["pages"] for r in rows),
             "records": sum(r["records"] for r in rows), "status": "",
             "queries": sum(r["queries"] or 0 for r in rows),
             "server_ms": round(sum(r["server_ms"] or 0 for r in rows), 1),
             "client_ms": round(sum(r["client_ms"] for r in rows), 1),
             "kb": round(sum(r["kb"] for r in rows), 1), "kb_gzip": round(sum(r["kb_gzip"] for r in rows), 1)}
    return rows, total


def bundle_sizes(url):
    """The assets /dms/app loads: JS (with the OWL templates) and CSS, raw and gzipped, in KB."""
    with urllib.request.urlopen(url + "/dms/app", timeout=120) as answer:
        html = answer.read().decode()
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html) + \
        re.findall(r'<link[^>]+href="([^"]+\.css)"', html)
    rows = []
    for kind, urls in (("js", scripts), ("css", sorted(set(styles)))):
        for src in urls:
            if src.startswith("http"):
                continue
            with urllib.request.urlopen(url + src, timeout=300) as answer:
                body = answer.read()
            rows.append({"kind": kind, "url": src, "kb": round(len(body) / 1024, 1),
                         "kb_gzip": round(len(gzip.compress(body, compresslevel=9)) / 1024, 1)})
    return rows


class Chromium:
    """Headless Chromium and one page, over the DevTools protocol (websocket-client)."""

    def __init__(self, width, height):
        import websocket

        self.profile = tempfile.mkdtemp(prefix="bench_chromium_")
        self.process = subprocess.Popen(
            ["/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=%s" % self.profile,
             "--window-size=%d,%d" % (width, height), "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while not os.path.exists(port_file) or not open(port_file).read().strip():
            if time.monotonic() > deadline:
                raise RuntimeError("Chromium did not start")
            time.sleep(0.1)
        port = int(open(port_file).read().split()[0])
        with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port) as answer:
            page = next(t for t in json.loads(answer.read()) if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0
        self.send("Emulation.setDeviceMetricsOverride",
                  width=width, height=height, deviceScaleFactor=1, mobile=True)

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message.get("result", {})

    def js(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError("%s failed: %s" % (expression[:80], result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for(self, expression, timeout=120):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.js("(async () => { try { return !!(%s); } catch { return false; } })()" % expression):
                return
            time.sleep(0.2)
        raise RuntimeError("never true: %s" % expression)

    def type_into(self, selector, text):
        self.js("(() => { const el = document.querySelector(%s); el.focus(); el.select(); })()" % json.dumps(selector))
        self.send("Input.insertText", text=text)

    def close(self):
        try:
            self.ws.close()
        finally:
            common.dmsenv.stop_odoo_server(self.process)  # kills the process group
            shutil.rmtree(self.profile, ignore_errors=True)


# Installed in the page before each search: the input event's time, then the first change of the
# product list, laid out (offsetHeight forces layout), and the next frame after it.
PROBE = """(() => {
    const list = document.querySelector('.o_dms_products');
    const input = document.querySelector('.o_dms_search_input');
    window.__probe = {};
    input.addEventListener('input', (ev) => { window.__probe.input = performance.now(); }, {capture: true, once: true});
    const observer = new MutationObserver(() => {
        observer.disconnect();
        void list.offsetHeight;
        window.__probe.rendered = performance.now();
        requestAnimationFrame(() => setTimeout(() => { window.__probe.painted = performance.now(); }, 0));
    });
    observer.observe(list, {childList: true, subtree: true, characterData: true});
})()"""


def search_timings(url, login, visit_id, searches):
    browser = Chromium(390, 844)
    try:
        browser.send("Page.enable")
        browser.send("Page.navigate", url=url + "/dms/app")
        browser.wait_for("document.querySelector('.o_dms_signin')")
        browser.type_into("#dms_login", login)
        browser.type_into("#dms_password", PASSWORD)
        browser.type_into("#dms_device", "bench phone")
        browser.js("document.querySelector('.o_dms_signin_button').click()")
        browser.wait_for("document.querySelector('.o_dms_today')")
        sync_start = time.perf_counter()
        browser.wait_for("odoo.dmsFieldApp.model.store.count('products').then((n) => n > 0)"
                         " && !document.querySelector('.o_dms_status_syncing')", timeout=300)
        app_sync_s = time.perf_counter() - sync_start
        products = browser.js("odoo.dmsFieldApp.model.store.count('products')")
        browser.js("(() => { const s = odoo.dmsFieldApp.model.state; s.visitId = %d; s.screen = 'order'; })()"
                   % visit_id)
        browser.wait_for("document.querySelectorAll('.o_dms_product').length > 0")
        shown_all = browser.js("document.querySelectorAll('.o_dms_product').length")
        rendered, painted, found = [], [], []
        for i in range(searches):
            term = SEARCHES[i % len(SEARCHES)]
            browser.type_into(".o_dms_search_input", "")  # clear (select all, type nothing)
            browser.js("(() => { const el = document.querySelector('.o_dms_search_input'); el.value = '';"
                       " el.dispatchEvent(new Event('input', {bubbles: true})); })()")
            browser.wait_for("document.querySelectorAll('.o_dms_product').length === %d" % shown_all)
            time.sleep(0.1)
            browser.js(PROBE)
            browser.send("Input.insertText", text=term)
            browser.wait_for("window.__probe.painted")
            probe = browser.js("window.__probe")
            rendered.append(probe["rendered"] - probe["input"])
            painted.append(probe["painted"] - probe["input"])
            found.append(browser.js("document.querySelectorAll('.o_dms_product').length"))
        return {"products_on_device": products, "listed_unfiltered": shown_all, "searches": searches,
                "terms": SEARCHES[:searches], "listed_per_search": found,
                "rendered_ms_median": round(statistics.median(rendered), 1),
                "rendered_ms_max": round(max(rendered), 1),
                "painted_ms_median": round(statistics.median(painted), 1),
                "painted_ms_max": round(max(painted), 1),
                "app_first_sync_s": round(app_sync_s, 1)}
    finally:
        browser.close()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench/run field_app", description=__doc__)
    parser.add_argument("--outlets", type=int, default=300)
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--visits", type=int, default=30, help="today's visits of the rep (default 30)")
    parser.add_argument("--searches", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--db", help="reuse this database, built by an earlier --keep run (kept)")
    args = parser.parse_args(argv)
    db = args.db or common.temp_db_name("dms_bench_app")
    keep = args.keep or args.db
    try:
        install_s = 0.0 if args.db else common.timed_odoo(
            db, "-i", ",".join(common.dmsenv.ADDONS), "--without-demo=all")
        if args.db:
            with common.odoo_env(db) as env:
                rep = env["res.users"].search([("login", "=", "bench_rep")])
                key = env["res.users.apikeys"].with_user(rep).sudo()._generate("dms_api", "bench", None)
                visit_ids = env["dms.visit"].search([("user_id", "=", rep.id)]).ids
                env.cr.commit()
            login = rep.login
        else:
            login, key, visit_ids = build(db, args.outlets, args.products, args.visits)
        log = os.path.join(tempfile.gettempdir(), "%s_odoo.log" % db)
        process, url = common.dmsenv.start_odoo_server(db, log_path=log,
                                                       extra=("--log-handler", "werkzeug:INFO"))
        try:
            today = datetime.date.today()
            first_sync(url, key, log, today)  # warm-up: registry, caches, the first compile
            rows, total = first_sync(url, key, log, today)
            bundles = bundle_sizes(url)
            search = search_timings(url, login, visit_ids[0], args.searches)
            load_average = os.getloadavg()
        finally:
            common.dmsenv.stop_odoo_server(process)
    finally:
        if not keep:
            common.dmsenv.drop_db(db)

    js_gzip = round(sum(b["kb_gzip"] for b in bundles if b["kind"] == "js"), 1)
    summary = {
        "outlets": args.outlets, "products": args.products, "visits_today": args.visits,
        "first_sync_server_ms": total["server_ms"], "first_sync_client_ms": total["client_ms"],
        "first_sync_kb": total["kb"], "first_sync_kb_gzip": total["kb_gzip"], "first_sync_requests": total["pages"],
        "app_js_kb": round(sum(b["kb"] for b in bundles if b["kind"] == "js"), 1), "app_js_kb_gzip": js_gzip,
        "app_js_gzip_within_300kb": js_gzip <= 300,
        "app_css_kb_gzip": round(sum(b["kb_gzip"] for b in bundles if b["kind"] == "css"), 1),
        "search_rendered_ms_median": search["rendered_ms_median"],
        "search_painted_ms_median": search["painted_ms_median"],
        "search_within_50ms": search["rendered_ms_median"] <= 50,
        "install_s": round(install_s, 1),
        "load_average": [round(x, 2) for x in load_average],
    }
    columns = ["resource", "pages", "records", "status", "queries", "server_ms", "client_ms", "kb", "kb_gzip"]
    common.print_table("First sync of a rep (%d outlets, %d products), after one warm-up sync"
                       % (args.outlets, args.products), columns, [*rows, total])
    common.print_table("Assets of /dms/app", ["kind", "url", "kb", "kb_gzip"], bundles)
    common.print_table("Product search in the order screen (Chromium, 390 x 844), %d searches" % args.searches,
                       ["products_on_device", "listed_unfiltered", "rendered_ms_median", "rendered_ms_max",
                        "painted_ms_median", "painted_ms_max", "app_first_sync_s"], [search])
    common.print_table("Summary", list(summary), [summary])
    common.write_result("field_app", [*rows, total], summary=summary, bundles=bundles, search=search,
                        load_average=summary["load_average"], command="bench/run field_app")
    return 0
