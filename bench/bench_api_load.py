"""Field sync API under load (locust, 2 workers): an evening's sync at a stated arrival rate, and
the saturation capacity against sale.order through XML-RPC in the same run.

Profiles: *evening* (default): reps arrive at --arrival-rate (500 in 15 minutes: 0.56 a second; 100
reps by default, the first 3 minutes of that window), each pulls outlets and products, then pushes
its day, 15 orders in 40 visits, as the field app's outbox sends what waits (one request for the
orders, then one for the visits: batches of up to 100) with 1-3 s of think time; p50/p95/p99 per
endpoint at that rate (aim: p95 at most 300 ms). *saturation*: 50 reps all starting at once with a
compressed day in batches of 1-5 (the old test). Then, on the same server: orders per second per worker pushed
through the API at saturation, as a ratio to sale.order create (and create + confirm) through
XML-RPC, same lines, same clients.

Creates its own database (our addons, no demo data), a network of one territory per rep with its
outlets, products, no-order reasons and an API key per rep, then starts Odoo with --workers and runs
locust headless (in bench/.venv-locust, see bench/requirements-locust.txt). Each batch of orders is
followed by the visits of those outlets (check-in/out with GPS, the order as outcome) and of outlets
that ordered nothing (a no-order reason, a shelf photo on every third), with 5% sent again (evening:
of the batches, whole, as the app resends a batch whose answer was lost; saturation: of the records)
and 2% of the records malformed. A
request that fails on the way (reset, timeout, 5xx) is sent again like the phone app does (bounded
resends, see locust_api.py). Checks in the database that every valid record exists exactly once and
no malformed one does (exit status 1 otherwise), and explains the server log.
"""
import argparse
import base64
import csv
import datetime
import json
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zlib

from bench import common

VENV = os.path.join(common.ROOT, "bench", ".venv-locust")
LOCUSTFILE = os.path.join(common.ROOT, "bench", "locust_api.py")
PREFORK = os.path.join(common.ROOT, "bench", "odoo_prefork.py")  # odoo-bin whose gevent child starts


def locust_python():
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "-r",
                        os.path.join(common.ROOT, "bench", "requirements-locust.txt")], check=True)
    return python


def build(db, reps, outlets_per_rep, products_count):
    """The network and the users, committed. Returns {login: (key, outlet ids)}, product ids,
    no-order reason ids.
    On a database built before (--db), only new API keys are made."""
    with common.odoo_env(db) as env:
        users = env["res.users"].search([("login", "=like", "load_rep_%")], order="login")
        if users:
            Keys = env["res.users.apikeys"]
            plan = {user.login: (Keys.with_user(user).sudo()._generate("dms_api", "load", None),
                                 env["res.partner"].search([("dms_territory_id.user_ids", "in", user.ids)]).ids)
                    for user in users[:reps]}
            product_ids = env["product.product"].search([("default_code", "=like", "LP-%")]).ids
            reason_ids = env["dms.no.order.reason"].search([("name", "=like", "Load %")]).ids
            env.cr.commit()
            return plan, product_ids, reason_ids
        company = env.company
        pricelist = env["product.pricelist"].create({
            "name": "Load outlet prices", "currency_id": company.currency_id.id})
        region = env["dms.territory"].create({"name": "Load Region", "code": "LOAD"})
        distributor = env["res.partner"].create({
            "name": "Load Distributor", "is_company": True, "dms_role": "distributor",
            "dms_covered_territory_ids": [(6, 0, region.ids)], "dms_secondary_pricelist_id": pricelist.id})
        rep_group = env.ref("dms_sales.group_dms_rep")
        users = env["res.users"].with_context(no_reset_password=True).create([{
            "name": "Load Rep %02d" % i, "login": "load_rep_%02d" % i, "groups_id": [(6, 0, rep_group.ids)],
        } for i in range(reps)])
        territories = env["dms.territory"].create([{
            "name": "Load Area %02d" % i, "code": "LOAD-%02d" % i, "parent_id": region.id,
            "user_ids": [(6, 0, user.ids)]} for i, user in enumerate(users)])
        outlets = env["res.partner"].create([{
            "name": "Load Outlet %02d-%02d" % (i, j), "is_company": True, "dms_role": "outlet",
            "dms_outlet_code": "LO-%02d-%02d" % (i, j), "dms_territory_id": territory.id,
            "dms_distributor_id": distributor.id, "partner_latitude": 23.7 + j / 1000, "partner_longitude": 90.4,
        } for i, territory in enumerate(territories) for j in range(outlets_per_rep)])
        products = env["product.product"].create([{
            "name": "Load product %03d" % i, "default_code": "LP-%03d" % i, "list_price": 10 + i % 50,
            "is_storable": True} for i in range(products_count)])
        env["product.pricelist.item"].create([{
            "pricelist_id": pricelist.id, "applied_on": "0_product_variant", "product_id": p.id,
            "compute_price": "fixed", "fixed_price": 9 + i % 50} for i, p in enumerate(products)])
        Keys = env["res.users.apikeys"]
        plan = {}
        for user, territory in zip(users, territories, strict=True):
            key = Keys.with_user(user).sudo()._generate("dms_api", "load", None)
            plan[user.login] = (key, outlets.filtered(lambda o, t=territory: o.dms_territory_id == t).ids)
        product_ids = products.ids
        reason_ids = env["dms.no.order.reason"].create([
            {"name": "Load %s" % name} for name in ("enough stock", "shop closed", "owner away")]).ids
        env.cr.commit()
    return plan, product_ids, reason_ids


MALFORMED = [
    lambda r: {**r, "lines": [{"product_id": r["lines"][0]["product_id"], "qty": "ten"}]},
    lambda r: {**r, "note": "x" * 5000},
    lambda r: {**r, "outlet_id": 2_000_000_000},
    lambda r: {**r, "discount": 50},
    lambda r: {**r, "lines": []},
]
MALFORMED_VISITS = [
    lambda r: {**r, "check_in_latitude": 123.4},
    lambda r: {**r, "check_in_time": "this morning"},
    lambda r: {**r, "outlet_id": 2_000_000_000},
    lambda r: {**r, "mood": "happy"},
    lambda r: {**r, "check_out_time": "2020-01-01T08:00:00Z"},  # before the check-in
]


def shelf_photo(rnd, size=48):
    """A small PNG of noise (about 7 KB), as a base64 string: what a phone's thumbnail weighs."""
    raw = b"".join(b"\x00" + bytes(rnd.getrandbits(8) for _x in range(size * 3)) for _y in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return base64.b64encode(png).decode()


def _uuid(rnd):
    return str(uuid.UUID(int=rnd.getrandbits(128), version=4))


def _visit(rnd, outlet_id, minute, order_uuid=None, reason_id=None, photo=None):
    """A visit made at minute `minute` of the day, checked in near the outlet, out 10 minutes later."""
    start = datetime.datetime(2026, 3, 2, 3, 0, tzinfo=datetime.timezone.utc) + datetime.timedelta(minutes=minute)
    lat, lon = 23.7 + rnd.random() / 40, 90.4 + rnd.random() / 1000
    record = {"uuid": _uuid(rnd), "outlet_id": outlet_id, "check_in_time": start.isoformat(),
              "check_in_latitude": lat, "check_in_longitude": lon, "check_in_accuracy": rnd.randint(5, 40),
              "check_out_time": (start + datetime.timedelta(minutes=10)).isoformat(),
              "check_out_latitude": lat, "check_out_longitude": lon}
    if order_uuid:
        record["order_uuid"] = order_uuid
    else:
        record["no_order_reason_id"] = reason_id
    if photo:
        record["photo"] = photo
    return record


def _steps(rnd, resource, records, retry_rate=0.05, batch_size=None):
    """Batches of (record, expected answer), each maybe followed by a retry.
    batch_size None: batches of 1-5, a retry sends some of their records again. An int: the field
    app's outbox, which sends what waits in batches of up to that many records (its MAX_BATCH) and
    APP_MAX_BATCH_BYTES of JSON, and sends a batch whose answer was lost again whole (retry_rate:
    the share of batches)."""
    steps, i = [], 0
    while i < len(records):
        if batch_size:
            end, size = i, 0
            while end < len(records) and end - i < batch_size:
                size += len(json.dumps(records[end][0]))
                if end > i and size > APP_MAX_BATCH_BYTES:
                    break
                end += 1
            batch = records[i:end]
        else:
            batch = records[i:i + rnd.randint(1, 5)]
        steps.append({"resource": resource, "retry": False, "records": [r for r, _e in batch],
                      "expect": [e for _r, e in batch]})
        if batch_size:
            lost = rnd.random() < retry_rate
            retried = [(r, "duplicate" if e == "ok" else "error") for r, e in batch if lost]
        else:
            retried = [(r, "duplicate" if e == "ok" else "error") for r, e in batch if rnd.random() < retry_rate]
        if retried:
            steps.append({"resource": resource, "retry": True, "records": [r for r, _e in retried],
                          "expect": [e for _r, e in retried]})
        i += len(batch)
    return steps


def make_plan(reps, orders_per_rep, product_ids, reason_ids, seed, no_order_visits=0.5, batch_size=None):
    """Per rep: the day's batches of orders and visits, with what each record must answer
    (batch_size: see _steps).
    Returns the plan, {valid order uuid: lines}, bad order uuids, {valid visit uuid: order uuid or
    None}, bad visit uuids, the number of retried records."""
    rnd = random.Random(seed)
    photo = shelf_photo(rnd)
    plan, valid, invalid, visits, bad_visits = [], {}, set(), {}, set()

    def planned(record, malformed, bad):
        """2% of the records are spoiled: they must be refused and never saved."""
        if rnd.random() < 0.02:
            record = rnd.choice(malformed)(record)
            bad.add(record["uuid"])
            return record, "error"
        return record, "ok"

    for login, (key, outlet_ids) in sorted(reps.items()):
        orders, minute, outlet_of = [], 0, {}
        for _k in range(orders_per_rep):
            record = {"uuid": _uuid(rnd), "outlet_id": rnd.choice(outlet_ids),
                      "lines": [{"product_id": p, "qty": rnd.randint(1, 24)}
                                for p in rnd.sample(product_ids, rnd.randint(2, 8))]}
            outlet_of[record["uuid"]] = record["outlet_id"]  # the outlet visited, also if the order is spoiled
            orders.append(planned(record, MALFORMED, invalid))
            if orders[-1][1] == "ok":
                valid[record["uuid"]] = len(record["lines"])
        steps = []
        for batch in _steps(rnd, "secondary_orders", orders, batch_size=batch_size):
            steps.append(batch)
            if batch["retry"]:
                continue
            # the visits of these outlets (a malformed order: the visit ends without one), and one
            # outlet in two on the way that ordered nothing
            made = []
            for order, expect in zip(batch["records"], batch["expect"], strict=True):
                minute += 12
                ordered = order["uuid"] if expect == "ok" else None
                made.append(_visit(rnd, outlet_of[order["uuid"]], minute, order_uuid=ordered,
                                   reason_id=rnd.choice(reason_ids)))
                # no_order_visits per order on average: 0.5 compresses a day, 1.67 is a day of
                # 15 orders in 40 visits
                for _v in range(int(no_order_visits) + (rnd.random() < no_order_visits % 1)):
                    minute += 12
                    made.append(_visit(rnd, rnd.choice(outlet_ids), minute, reason_id=rnd.choice(reason_ids),
                                       photo=photo if rnd.random() < 1 / 3 else None))
            made = [planned(visit, MALFORMED_VISITS, bad_visits) for visit in made]
            for visit, expect in made:
                if expect == "ok":
                    visits[visit["uuid"]] = visit.get("order_uuid")
            steps += _steps(rnd, "visits", made, batch_size=batch_size)  # each order batch, then its visits
        plan.append({"login": login, "key": key, "steps": steps})
    retries = sum(len(s["records"]) for rep in plan for s in rep["steps"] if s["retry"])
    return {"reps": plan}, valid, invalid, visits, bad_visits, retries


def warm_up(url, key, workers):
    """Every worker loads the registry on its first request: not what a rep's phone measures."""
    import concurrent.futures
    import urllib.request

    def pull(_i):
        request = urllib.request.Request(url + "/dms/api/v1/products?limit=1",
                                         headers={"Authorization": "Bearer %s" % key})
        return urllib.request.urlopen(request, timeout=300).read()

    with concurrent.futures.ThreadPoolExecutor(workers * 2) as pool:
        list(pool.map(pull, range(workers * 4)))


def tcp_listen_counters():
    """Machine-wide TcpExt ListenOverflows/ListenDrops: connections the kernel refused to queue
    because a listen backlog was full (Odoo's prefork socket listens with 8 x workers)."""
    with open("/proc/net/netstat") as f:
        lines = [line.split() for line in f if line.startswith("TcpExt:")]
    values = dict(zip(lines[0][1:], map(int, lines[1][1:]), strict=True))
    return {"listen_overflows": values.get("ListenOverflows", 0), "listen_drops": values.get("ListenDrops", 0)}


# What each kind of failure was found to mean (see addons/dms_api/readme/USAGE.md, "Load test").
BACKLOG = ("Odoo's prefork socket listens with a backlog of 8 x workers (16 for 2 workers): while it is full "
           "(the 2 workers saturated, and 10 reps a second connecting at the start), the kernel drops new "
           "handshakes (listen_overflows).")
KNOWN_FAILURES = [
    (re.compile(r"ConnectionResetError|RemoteDisconnected"), BACKLOG + (
        " A client whose handshake ACK and request were dropped believes it is connected; when the server side "
        "of that half-open connection expires, or a worker accepts it late and closes it after 2 s without "
        "having read the request (the werkzeug 'Request timed out' error), the client's retransmission gets a "
        "reset. The request never reached Odoo: the rep sends it again.")),
    (re.compile(r"ConnectTimeout"), BACKLOG + " The rep's SYNs went unanswered for 10 s (its connect timeout)."),
    (re.compile(r"ReadTimeout"), "No answer within the rep's 60 s read timeout: either a request queued behind "
     "saturated workers, or (when the requests take seconds, not a minute) a half-open connection as above whose "
     "handshake never completed: each retransmitted ACK found the backlog full again."),
]
KNOWN_ERRORS = [
    (re.compile(r"werkzeug: .*Request timed out: TimeoutError"),
     "An HTTP worker accepted a connection and read no request line within Odoo's socket timeout (2 s, "
     "ODOO_HTTP_SOCKET_TIMEOUT), then closed it: a connection completed late after a listen backlog overflow "
     "(the client's request had been dropped and was waiting for its TCP retransmission). The rep sees the "
     "connection closed or reset and sends the request again."),
    (re.compile(r"odoo\.sql_db: bad query: .*could not serialize access"),
     "A serialization failure: Odoo's retrying replays the request on a fresh snapshot."),
    (re.compile(r"\(\d+\) timeout after \d+s"), "A worker killed by limit_time_real."),
    (re.compile(r"DistributionNotFound: The 'zope\.interface' distribution"),
     "The prefork master's gevent child dying at import (pkg_resources older than zope.interface's metadata), "
     "respawned about once a second: bench/odoo_prefork.py is meant to prevent it."),
]


def explain(known, text):
    return next((meaning for pattern, meaning in known if pattern.search(text)), "unexplained")


LOG_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<msg>.*)$")


def read_server_log(path):
    """The distinct ERROR/CRITICAL records of the server log, counted, each with what it means
    when known, and the tracebacks printed outside of the logger (a child process dying)."""
    errors, unlogged = {}, {}
    with open(path, errors="replace") as f:
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        match = LOG_RE.match(line)
        if match and match["level"] in ("ERROR", "CRITICAL"):
            key = re.sub(r"\d+", "#", match["msg"])
            entry = errors.setdefault(key, {"count": 0, "first": line[:300],
                                            "explanation": explain(KNOWN_ERRORS, line)})
            entry["count"] += 1
        elif line.startswith("Traceback") and not (i and LOG_RE.match(lines[i - 1])):
            last = next((ln for ln in lines[i + 1:] if not ln.startswith((" ", "Traceback"))), "")
            unlogged[last[:300]] = unlogged.get(last[:300], 0) + 1
    return ({"server_errors_logged": sum(e["count"] for e in errors.values()),
             "server_tracebacks_unlogged": sum(unlogged.values())},
            {"server_errors": list(errors.values()),
             "server_tracebacks_unlogged": [{"count": n, "last_line": k, "explanation": explain(KNOWN_ERRORS, k)}
                                            for k, n in unlogged.items()]})


# Odoo's request line (werkzeug at INFO): the request, its status, then the perf_info Odoo appends:
# queries, seconds in SQL, seconds in Python (from the request's start in the worker, so without
# the time it waited for a worker).
REQUEST_RE = re.compile(r'werkzeug: \S+ - - \[[^]]*\] "(?P<method>[A-Z]+) (?P<path>[^ ?"]+)[^"]*" (?P<status>\d+) '
                        r'\S+ (?P<queries>\d+) (?P<sql>[\d.]+) (?P<python>[\d.]+)')
RETRY_RE = re.compile(r"odoo\.service\.model: (?P<code>\w+), (?:\d+ tries left|maximum number of tries)")
# Loggers raised to INFO on the bench's server (the rest stays at WARNING): the request lines and
# the concurrency retries of Odoo's ``retrying`` (a retry sleeps 0-2 s first, 0-4 s the second time).
SERVER_LOG_HANDLERS = ("--log-handler", "werkzeug:INFO", "--log-handler", "odoo.service.model:INFO")


def _percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))] if values else None


def read_request_log(path, offset=0):
    """Server side of each endpoint, from Odoo's request lines: time in the worker (SQL + Python,
    what the client sees minus the wait for a worker and the network), queries, and the
    concurrency retries (serialization failures, lock not available, deadlocks) by SQLSTATE name.
    offset: where to start reading (past the warm-up's requests)."""
    by_endpoint, retries = {}, {}
    with open(path, errors="replace") as f:
        f.seek(offset)
        for line in f:
            match = REQUEST_RE.search(line)
            if match:
                key = "%s %s" % (match["method"], match["path"])
                by_endpoint.setdefault(key, []).append(
                    (1000 * (float(match["sql"]) + float(match["python"])), int(match["queries"])))
                continue
            match = RETRY_RE.search(line)
            if match:
                retries[match["code"]] = retries.get(match["code"], 0) + 1
    endpoints = []
    for key, rows in sorted(by_endpoint.items()):
        ms, queries = [r[0] for r in rows], [r[1] for r in rows]
        endpoints.append({"endpoint": key, "requests": len(rows), "server_p50_ms": round(_percentile(ms, 0.5), 1),
                          "server_p95_ms": round(_percentile(ms, 0.95), 1), "server_max_ms": round(max(ms), 1),
                          "queries_p50": _percentile(queries, 0.5), "queries_max": max(queries)})
    return endpoints, retries


def sample_lock_waits(db, stop, interval=0.05):
    """While ``stop`` is not set: every ``interval`` s, the backends of ``db`` waiting for a lock,
    counted by what they wait for (relation or transaction id) and the statement that waits.
    Returns {"samples": n, "waiting": {what: samples}}."""
    import psycopg2

    samples, waiting = 0, {}
    with psycopg2.connect(dbname=db) as cnx:
        cnx.autocommit = True
        with cnx.cursor() as cr:
            while not stop.wait(interval):
                cr.execute("""SELECT l.locktype, coalesce(l.relation::regclass::text, ''), left(a.query, 80)
                                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                               WHERE NOT l.granted AND a.datname = %s""", [db])
                samples += 1
                for locktype, relation, query in cr.fetchall():
                    key = "%s %s: %s" % (locktype, relation, query)
                    waiting[key] = waiting.get(key, 0) + 1
    return {"samples": samples, "interval_s": interval, "waiting": dict(sorted(waiting.items(), key=lambda kv: -kv[1]))}


def run_locust(url, plan_path, users, csv_prefix, max_seconds, hosts=(), arrival_rate=None, think=(2, 6)):
    """hosts: several Odoo nodes, each rep talking to one of them in turn (url is then the first).
    arrival_rate: reps starting per second (default: 10 a second, a saturation test)."""
    python = locust_python()
    env = dict(os.environ, DMS_LOAD_PLAN=plan_path, DMS_LOAD_HOSTS=",".join(hosts),
               DMS_LOAD_THINK="%s,%s" % think, DMS_LOAD_ARRIVAL_RATE=str(arrival_rate or ""))
    cmd = [python, "-m", "locust", "-f", LOCUSTFILE, "--headless", "--host", url, "-u", str(users),
           "-r", str(arrival_rate or min(users, 10)), "--run-time", "%ds" % max_seconds, "--csv", csv_prefix,
           "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30"]
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=False, stdout=subprocess.DEVNULL, timeout=max_seconds + 120)
    elapsed = time.perf_counter() - start
    with open(csv_prefix + "_stats.csv") as f:
        rows = list(csv.DictReader(f))
    with open(plan_path + ".outcome") as f:
        outcome = json.load(f)
    return rows, elapsed, outcome


def check_database(db, valid, invalid, visits, bad_visits, outcome):
    """Every valid order and visit in the database exactly once (an order with its lines, a visit
    with its order and check-out), no malformed one; what was lost on the way, if anything."""
    import psycopg2

    with psycopg2.connect(dbname=db) as cnx, cnx.cursor() as cr:
        cr.execute("""SELECT o.client_uuid, count(DISTINCT o.id), count(l.id)
                        FROM dms_secondary_order o LEFT JOIN dms_secondary_order_line l ON l.order_id = o.id
                       WHERE o.client_uuid = ANY(%s) GROUP BY o.client_uuid""", [list(valid) + list(invalid)])
        found = {u: (orders, lines) for u, orders, lines in cr.fetchall()}
        cr.execute("""SELECT v.client_uuid, count(*), min(o.client_uuid), bool_and(v.check_out_time IS NOT NULL)
                        FROM dms_visit v LEFT JOIN dms_secondary_order o ON o.id = v.order_id
                       WHERE v.client_uuid = ANY(%s) GROUP BY v.client_uuid""", [list(visits) + list(bad_visits)])
        found_visits = {u: (count, order_uuid, out) for u, count, order_uuid, out in cr.fetchall()}
    answered_ok, sent, unacknowledged = (set(outcome[k]) for k in ("answered_ok", "sent", "unacknowledged"))
    # given up: all attempts of its batch failed, and no later retry of the record was answered
    given_up = {u for u in [*valid, *visits] if u in unacknowledged and u not in answered_ok}
    everything = {**found, **found_visits}
    valid_all = [*valid, *visits]
    return {
        "valid_records": len(valid_all),
        "valid_answered_ok": len(answered_ok),
        "answered_ok_but_missing": sum(1 for u in answered_ok if u not in everything),
        "valid_never_answered_in_db": sum(1 for u in valid_all if u in everything and u not in answered_ok),
        "valid_never_sent": sum(1 for u in valid_all if u not in sent),
        "valid_unacknowledged_after_retries": len(given_up),
        "valid_lost_after_retries": sum(1 for u in given_up if u not in everything),
        "valid_missing": sum(1 for u in valid_all if u not in everything),
        # what the phone gave up on stays in its outbox for the next sync: missing, not lost
        "valid_left_in_outbox": sum(1 for u in given_up if u not in everything),
        "valid_lost": sum(1 for u in valid_all if u not in everything and u not in given_up),
        "invalid_records": len(invalid) + len(bad_visits),
        "invalid_created": sum(1 for u in [*invalid, *bad_visits] if u in everything),
        "orders_valid": len(valid),
        "orders_in_db": len(found),
        "duplicated_orders": sum(1 for orders, _lines in found.values() if orders > 1),
        "valid_with_wrong_lines": sum(1 for u, n in valid.items() if u in found and found[u][1] != n),
        "visits_valid": len(visits),
        "visits_in_db": len(found_visits),
        "duplicated_visits": sum(1 for count, _o, _out in found_visits.values() if count > 1),
        "visits_with_wrong_outcome": sum(
            1 for u, order_uuid in visits.items()
            if u in found_visits and (found_visits[u][1] != order_uuid or not found_visits[u][2])),
    }


def capacity(url, db, reps, product_ids, workers, orders=240, lines=5, clients=None):
    """Saturation capacity, measured on the running server once the modelled load is over: orders
    per second per worker pushed through the sync API (drafts, priced and with their schemes, in
    batches of 5) and, in the same run against the same server, sale.order
    created (and created + confirmed) through XML-RPC, the same number with the same lines, from the
    same number of parallel clients."""
    import concurrent.futures
    import urllib.request
    import xmlrpc.client

    clients = clients or 4 * workers
    rnd = random.Random(7)
    keys = [(key, outlet_ids) for key, outlet_ids in reps.values()]
    baskets = [[{"product_id": p, "qty": rnd.randint(1, 24)} for p in rnd.sample(product_ids, lines)]
               for _i in range(orders)]

    def push(i):
        key, outlet_ids = keys[i % len(keys)]
        batch = [{"uuid": str(uuid.uuid4()), "outlet_id": outlet_ids[(i + k) % len(outlet_ids)], "lines": basket}
                 for k, basket in enumerate(baskets[i * 5:(i + 1) * 5])]
        request = urllib.request.Request(url + "/dms/api/v1/secondary_orders", method="POST",
                                         data=json.dumps({"records": batch}).encode(),
                                         headers={"Authorization": "Bearer %s" % key,
                                                  "Content-Type": "application/json"})
        answer = json.loads(urllib.request.urlopen(request, timeout=300).read())
        return sum(1 for r in answer["results"] if r["status"] == "ok")

    local = threading.local()

    def rpc():
        if not hasattr(local, "models"):
            local.models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)
        return local.models

    partner_ids = [outlet_ids[0] for _key, outlet_ids in keys]

    def sale(i, confirm):
        order_id = rpc().execute_kw(db, 2, "admin", "sale.order", "create", [{
            "partner_id": partner_ids[i % len(partner_ids)],
            "order_line": [(0, 0, {"product_id": line["product_id"], "product_uom_qty": line["qty"]})
                           for line in baskets[i]]}])
        if confirm:
            rpc().execute_kw(db, 2, "admin", "sale.order", "action_confirm", [[order_id]])
        return 1

    def timed(func, count):
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            done = sum(pool.map(func, range(count)))
        return done, time.perf_counter() - start

    pushed, push_s = timed(push, orders // 5)
    created, create_s = timed(lambda i: sale(i, False), orders)
    confirmed, confirm_s = timed(lambda i: sale(i, True), orders)
    rate = {"api_push": pushed / push_s, "sale_create": created / create_s,
            "sale_create_confirm": confirmed / confirm_s}
    return {
        "clients": clients, "orders": orders, "lines_per_order": lines,
        "api_orders_per_s_per_worker": round(rate["api_push"] / workers, 2),
        "sale_create_per_s_per_worker": round(rate["sale_create"] / workers, 2),
        "sale_create_confirm_per_s_per_worker": round(rate["sale_create_confirm"] / workers, 2),
        "ratio_to_sale_create": round(rate["api_push"] / rate["sale_create"], 2),
        "ratio_to_sale_create_confirm": round(rate["api_push"] / rate["sale_create_confirm"], 2),
        "api_orders_created": pushed,
    }


# What a rep does in each profile: reps and orders by default, no-order visits per order, think time.
# evening: the phone's evening sync as the field app makes it (static/src/field_app/outbox.js: what
# waits in the outbox goes in batches of up to MAX_BATCH = 100 records and MAX_BATCH_BYTES of JSON
# per resource, orders before visits), so the day's 15 orders in one request and its 40 visits (with
# this bench's small photos) in the next; a batch whose answer was lost is sent again whole.
APP_MAX_BATCH = 100
APP_MAX_BATCH_BYTES = 512 * 1024
PROFILES = {
    "evening": {"reps": 100, "orders": 15, "no_order_visits": 25 / 15, "think": (1, 3), "batch": APP_MAX_BATCH},
    "saturation": {"reps": 50, "orders": 20, "no_order_visits": 0.5, "think": (2, 6), "batch": None},
}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench/run api_load", description=__doc__)
    parser.add_argument("--profile", choices=list(PROFILES), default="evening",
                        help="evening: reps arriving at --arrival-rate over the evening sync window, each "
                             "pulling then pushing its day (15 orders in 40 visits) with 1-3 s think time; "
                             "saturation: 50 reps starting at once with a compressed day (default: evening)")
    parser.add_argument("--arrival-rate", type=float, default=500 / 900,
                        help="evening: reps starting per second (default 500 in 15 minutes)")
    parser.add_argument("--reps", type=int, help="reps (default: evening 100, saturation 50)")
    parser.add_argument("--orders", type=int, help="orders per rep (default: evening 15, saturation 20)")
    parser.add_argument("--no-capacity", action="store_true",
                        help="skip the saturation capacity against sale.order through XML-RPC")
    parser.add_argument("--outlets", type=int, default=25, help="outlets per rep (default 25)")
    parser.add_argument("--products", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-seconds", type=int, default=900, help="locust run-time cap (default 900)")
    parser.add_argument("--lock-waits", action="store_true",
                        help="sample pg_locks every 50 ms during the load: who waits for a lock, on what")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--db", help="reuse this database, built by an earlier --keep run (kept)")
    args = parser.parse_args(argv)
    profile = PROFILES[args.profile]
    args.reps = args.reps or profile["reps"]
    args.orders = args.orders or profile["orders"]
    arrival_rate = args.arrival_rate if args.profile == "evening" else None

    db = args.db or common.temp_db_name("dms_bench_api")
    keep = args.keep or args.db
    try:
        install_s = 0.0 if args.db else common.timed_odoo(
            db, "-i", ",".join(common.dmsenv.ADDONS), "--without-demo=all")
        reps, product_ids, reason_ids = build(db, args.reps, args.outlets, args.products)
        plan, valid, invalid, visits, bad_visits, retries = make_plan(
            reps, args.orders, product_ids, reason_ids, seed=time.time_ns(),
            no_order_visits=profile["no_order_visits"], batch_size=profile["batch"])
        with tempfile.TemporaryDirectory() as tmp:
            plan_path = os.path.join(tmp, "plan.json")
            with open(plan_path, "w") as f:
                json.dump(plan, f)
            log = os.path.join(common.RESULTS, "api_load_odoo.log")
            process, url = common.dmsenv.start_odoo_server(db, workers=args.workers, log_path=log, script=PREFORK,
                                                           extra=SERVER_LOG_HANDLERS)
            try:
                warm_up(url, next(iter(reps.values()))[0], args.workers)
                listen_before = tcp_listen_counters()
                time.sleep(0.5)  # the warm-up's request lines written
                log_offset = os.path.getsize(log)
                stop_sampling, locks = threading.Event(), {}
                sampler = threading.Thread(target=lambda: locks.update(sample_lock_waits(db, stop_sampling)))
                if args.lock_waits:
                    sampler.start()
                try:
                    rows, elapsed, outcome = run_locust(url, plan_path, args.reps, os.path.join(tmp, "locust"),
                                                           args.max_seconds, arrival_rate=arrival_rate,
                                                           think=profile["think"])
                finally:
                    stop_sampling.set()
                    if args.lock_waits:
                        sampler.join()
                server_side, concurrency_retries = read_request_log(log, log_offset)
                listen = {k: v - listen_before[k] for k, v in tcp_listen_counters().items()}
                load_average = os.getloadavg()
                saturation = None if args.no_capacity else capacity(
                    url, db, reps, product_ids, args.workers)
            finally:
                common.dmsenv.stop_odoo_server(process)
            log_counts, log_details = read_server_log(log)
        check = check_database(db, valid, invalid, visits, bad_visits, outcome)
        mismatches = outcome["mismatches"]
    finally:
        if not keep:
            common.dmsenv.drop_db(db)

    results = []
    for row in rows:
        results.append({
            "name": row["Name"], "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "req_per_s": float(row["Requests/s"]), "p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]), "max_ms": float(row["Max Response Time"]),
        })
    total = next(r for r in results if r["name"] == "Aggregated")
    pushes = [r for r in results if r["name"].startswith("push") and r["name"] != "push resend"]
    records_planned = check["valid_records"] + check["invalid_records"] + retries
    counters = outcome["counters"]
    steps = sum(len(rep["steps"]) for rep in plan["reps"]) + 2 * len(plan["reps"])
    summary = {
        "profile": args.profile,
        "arrival_reps_per_s": round(arrival_rate, 3) if arrival_rate else "all at once (10/s)",
        "think_s": "%s-%s" % profile["think"],
        "reps": args.reps, "workers": args.workers, "orders_per_rep": args.orders,
        "records_planned": records_planned, "retried_records": retries,
        "malformed_records": check["invalid_records"],
        "seconds": round(elapsed, 1),
        "valid_records_answered_ok_per_s": round(len(outcome["answered_ok"]) / elapsed, 2),
        "requests_per_s": total["req_per_s"], "p50_ms": total["p50_ms"], "p95_ms": total["p95_ms"],
        "push_p95_ms": max(r["p95_ms"] for r in pushes), "p99_ms": total["p99_ms"],
        "endpoints_over_300ms_p95": [r["name"] for r in results if r["name"] != "Aggregated" and r["p95_ms"] > 300],
        "error_rate": round(total["failures"] / max(total["requests"], 1), 4),
        "resends": counters["resends"], "push_resends": counters["push_resends"],
        "pull_resends": counters["pull_resends"],
        "pushes_acknowledged_after_resend": counters["pushes_acknowledged_after_resend"],
        "requests_given_up": counters["pushes_given_up"] + counters["pulls_given_up"],
        "error_rate_after_resends": round((counters["pushes_given_up"] + counters["pulls_given_up"]) / steps, 4),
        "reps_finished": counters["reps_finished"],
        "answer_mismatches": len(mismatches), "concurrency_retries": sum(concurrency_retries.values()),
        **log_counts, **listen, "install_s": round(install_s, 1),
        "load_average_at_end": [round(x, 1) for x in load_average],
        **check,
    }
    common.print_table("Sync API load: %d reps, %d workers" % (args.reps, args.workers),
                       ["name", "requests", "failures", "req_per_s", "p50_ms", "p95_ms", "p99_ms", "max_ms"], results)
    common.print_table("Summary", list(summary), [summary])
    common.print_table("Server side (Odoo's request log: time in the worker, no queueing)",
                       list(server_side[0]) if server_side else ["endpoint"], server_side)
    if locks:
        print("\nLock waits: %s samples every %s s" % (locks["samples"], locks["interval_s"]))
        for what, count in list(locks["waiting"].items())[:15]:
            print("  %5d  %s" % (count, what))
    if saturation:
        common.print_table("Saturation capacity (same server, after the load)", list(saturation), [saturation])
    failed_attempts = [{"reason": reason, "count": count, "explanation": explain(KNOWN_FAILURES, reason)}
                       for reason, count in sorted(outcome["failed_attempts"].items(), key=lambda kv: -kv[1])]
    common.write_result("api_load" if args.profile == "evening" else "api_load_saturation", results,
                        summary=summary, capacity=saturation, failed_attempts=failed_attempts, **log_details,
                        server_side=server_side, concurrency_retries=concurrency_retries, lock_waits=locks or None,
                        mismatches=mismatches[:20], command="bench/run api_load --profile %s" % args.profile)
    # Nothing lost (the phone resends what failed on the way, and keeps in its outbox what it gave up
    # on: valid_left_in_outbox), nothing duplicated, nothing bad saved.
    problems = [k for k in ("valid_lost", "answered_ok_but_missing", "invalid_created", "duplicated_orders",
                            "valid_with_wrong_lines", "duplicated_visits", "visits_with_wrong_outcome")
                if check[k]] + (["answer_mismatches"] if mismatches else [])
    if problems:
        print("\nFAILED: %s" % ", ".join("%s=%s" % (k, summary[k]) for k in problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
