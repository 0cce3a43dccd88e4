"""Sync API cost on the server alone: ms and queries per request and per record, one client, idle server.

What bench_api_load's latencies are made of, without the queueing: each request of the load model
(pull outlets and products, push a batch of orders or visits, the same batch again as a retry) is
sent in process to Odoo's WSGI application (``odoo.http.root``: routing, authentication by API key,
the controller, the JSON answer; no socket, no other client), on the network bench_api_load builds
(one territory per rep with its outlets, products with an outlet pricelist). Reported per endpoint:
the median over --repeat runs of the request's ms and queries, and per record for pushes.

--profile NAME: also a cProfile of one request of that endpoint (the functions taking the most
cumulative time) and its queries grouped by statement (numbers replaced), to see where the time goes.
--db: a database built by bench_api_load (--keep) or by an earlier run of this one (kept).
"""
import argparse
import collections
import cProfile
import io
import json
import pstats
import random
import re
import statistics
import sys
import threading
import time

from bench import common
from bench.bench_api_load import build, make_plan


class QueryLog:
    """Counts the statements the thread runs (numbers replaced, to group the same query)."""

    def __init__(self):
        self.active = False
        self.by_sql = collections.Counter()
        self.ms_by_sql = collections.Counter()

    def install(self):
        from odoo import sql_db

        execute = sql_db.Cursor.execute
        log = self

        def counting_execute(cursor, query, params=None, log_exceptions=True):
            if not log.active:
                return execute(cursor, query, params, log_exceptions)
            start = time.perf_counter()
            try:
                return execute(cursor, query, params, log_exceptions)
            finally:
                text = query.code if hasattr(query, "code") else str(query)
                key = re.sub(r"\s+", " ", re.sub(r"\b\d+\b", "N", text))[:160]
                log.by_sql[key] += 1
                log.ms_by_sql[key] += (time.perf_counter() - start) * 1000

        sql_db.Cursor.execute = counting_execute


# Where a push's time goes: (label, file suffix, function name); cumulative ms of the outermost calls
PARTS = [
    ("whole request (Odoo's WSGI app)", "odoo/http.py", "__call__"),
    ("API key check", "dms_api/controllers/main.py", "_dms_api_authenticate"),
    ("pydantic validation", "dms_api/engine/payload.py", "validate"),
    ("uuid lookup, batch", "dms_api/push.py", "_existing_many"),
    ("uuid lookup, per record", "dms_api/push.py", "_existing"),
    ("records one by one in savepoints (push_record)", "dms_api/push.py", "push_record"),
    ("orders: lookups + create (dms_api)", "dms_api/models/dms_secondary_order.py", "_dms_api_push_batch"),
    ("orders: per record (dms_api)", "dms_api/models/dms_secondary_order.py", "_dms_api_push"),
    ("visits: lookups + check-in/out (dms_api)", "dms_api/models/dms_visit.py", "_dms_api_push_batch"),
    ("visits: per record (dms_api)", "dms_api/models/dms_visit.py", "_dms_api_push"),
    ("order create (dms_sales)", "dms_sales/models/dms_secondary_order.py", "create"),
    ("order name (ir.sequence)", "base/models/ir_sequence.py", "next_by_code"),
    ("line prices", "dms_sales/models/dms_secondary_order_line.py", "_compute_price_unit"),
    ("line taxes", "dms_sales/models/dms_secondary_order_line.py", "_compute_tax_ids"),
    ("line amounts", "dms_sales/models/dms_secondary_order_line.py", "_compute_amount"),
    ("schemes", "dms_sales/models/dms_secondary_order.py", "_apply_schemes"),
    ("mail: creator as follower", "mail/models/mail_thread.py", "_message_auto_subscribe_followers"),
    ("mail: creation message", "mail/models/mail_thread.py", "_message_log_batch"),
    ("write guard (create)", "dms_sales/models/base.py", "_dms_check_guarded_create"),
    ("write guard (write)", "dms_sales/models/base.py", "_dms_check_guarded_write"),
    ("visit check-in", "dms_routing/models/dms_visit.py", "action_check_in"),
    ("visit check-out", "dms_routing/models/dms_visit.py", "action_check_out"),
    ("flush to the database", "odoo/api.py", "flush_all"),
    ("SQL (all statements)", "odoo/sql_db.py", "execute"),
]


def parts(stats):
    """{label: cumulative ms} of the PARTS found in a profile."""
    found = {}
    for (path, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
        for label, suffix, function in PARTS:
            if name == function and path.endswith(suffix):
                found[label] = found.get(label, 0.0) + cumulative * 1000
    return {label: round(found[label], 1) for label, _s, _f in PARTS if label in found}


def wsgi_client(db):
    import werkzeug.test

    import odoo

    # the configuration was parsed by build() (common.odoo_env): a second parse_config fails
    odoo.tools.config["db_name"] = db
    odoo.tools.config["dbfilter"] = "^%s$" % db
    odoo.modules.registry.Registry(db)  # loaded before the first timed request
    return werkzeug.test.Client(odoo.http.root)


def requests_of(plan, rep, batch):
    """The requests of one rep's day as the load model sends them, with orders and visits in batches
    of ``batch`` records: [(name, method, path, body)] in order."""
    headers_key = rep["key"]
    orders = [r for step in rep["steps"] if step["resource"] == "secondary_orders" and not step["retry"]
              for r, e in zip(step["records"], step["expect"], strict=True) if e == "ok"]
    visits = [r for step in rep["steps"] if step["resource"] == "visits" and not step["retry"]
              for r, e in zip(step["records"], step["expect"], strict=True) if e == "ok"]
    out = [("pull outlets", "GET", "/dms/api/v1/outlets?limit=500", None),
           ("pull products", "GET", "/dms/api/v1/products?limit=500", None)]
    for i in range(0, len(orders), batch):
        body = json.dumps({"records": orders[i:i + batch]})
        out.append(("push orders batch", "POST", "/dms/api/v1/secondary_orders", body))
        out.append(("push orders retry", "POST", "/dms/api/v1/secondary_orders", body))
    for i in range(0, len(visits), batch):
        body = json.dumps({"records": visits[i:i + batch]})
        out.append(("push visits batch", "POST", "/dms/api/v1/visits", body))
        out.append(("push visits retry", "POST", "/dms/api/v1/visits", body))
    return headers_key, out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench/run api_cost", description=__doc__)
    parser.add_argument("--db", help="reuse this database (built by bench_api_load --keep or an earlier run)")
    parser.add_argument("--reps", type=int, default=6, help="reps whose day is sent, one after the other")
    parser.add_argument("--batch", type=int, nargs="+", default=[5, 100],
                        help="at most this many records per push (default: 5, then 100: the field app's "
                             "outbox, a day's 15 orders in one request and its 40 visits in the next)")
    parser.add_argument("--profile", help="endpoint name to profile once (e.g. 'push orders batch')")
    parser.add_argument("--output", default="api_cost", help="result name (bench/results/NAME.json)")
    parser.add_argument("--label", help="what code was measured, stored in the result (e.g. 'before: main abc123')")
    args = parser.parse_args(argv)
    db = args.db or common.temp_db_name("dms_bench_cost")
    if not args.db:
        common.timed_odoo(db, "-i", ",".join(common.dmsenv.ADDONS), "--without-demo=all")
    reps, product_ids, reason_ids = build(db, max(args.reps, 30), 25, 60)
    client = wsgi_client(db)
    log = QueryLog()
    log.install()
    thread = threading.current_thread()
    samples = collections.defaultdict(list)  # (name, batch) -> [(ms, queries, records)]
    profiled = None
    for batch in args.batch:
        plan = make_plan(dict(sorted(reps.items())[:args.reps]), 15, product_ids, reason_ids,
                         seed=random.randrange(1 << 30), no_order_visits=25 / 15)[0]
        for rep in plan["reps"]:
            key, requests = requests_of(plan, rep, batch)
            headers = {"Authorization": "Bearer %s" % key}
            for name, method, path, body in requests:
                profile = args.profile == name and profiled is None and batch == args.batch[-1]
                thread.query_count = 0
                log.by_sql.clear()
                log.ms_by_sql.clear()
                log.active = profile
                profiler = cProfile.Profile() if profile else None
                start = time.perf_counter()
                if profiler:
                    profiler.enable()
                response = client.open(path, method=method, data=body, headers=headers,
                                       content_type="application/json" if body else None)
                if profiler:
                    profiler.disable()
                ms = (time.perf_counter() - start) * 1000
                log.active = False
                answer = json.loads(response.get_data())
                assert response.status_code == 200, (name, response.status_code, answer)
                records = len(answer.get("results") or answer.get("records") or [])
                if "results" in answer:
                    bad = [r for r in answer["results"] if r["status"] != "ok"]
                    assert not bad, bad[:2]
                samples[name, batch].append((ms, thread.query_count, records))
                if profile:
                    text = io.StringIO()
                    stats = pstats.Stats(profiler, stream=text)
                    stats.sort_stats("cumulative").print_stats(45)
                    profiled = {"endpoint": name, "batch": batch, "ms": round(ms, 1),
                                "queries": thread.query_count, "parts_ms": parts(stats),
                                "profile": text.getvalue(),
                                "sql": [{"count": n, "ms": round(log.ms_by_sql[k], 1), "sql": k}
                                        for k, n in log.by_sql.most_common(40)]}
    results = []
    for (name, batch), rows in samples.items():
        if name.startswith("pull") and batch != args.batch[0]:
            continue
        ms = statistics.median(r[0] for r in rows)
        queries = statistics.median(r[1] for r in rows)
        records = statistics.median(r[2] for r in rows)
        results.append({
            "name": name, "batch": batch if name.startswith("push") else None, "requests": len(rows),
            "records_median": records, "ms_median": round(ms, 1), "ms_p90": round(
                sorted(r[0] for r in rows)[int(0.9 * (len(rows) - 1))], 1),
            "queries_median": queries,
            "ms_per_record": round(ms / records, 1) if name.startswith("push") and records else None,
            "queries_per_record": round(queries / records, 1) if name.startswith("push") and records else None,
        })
    columns = ["name", "batch", "requests", "records_median", "ms_median", "ms_p90", "queries_median",
               "ms_per_record", "queries_per_record"]
    common.print_table("Sync API cost per request, server alone (in process, one client)", columns, results)
    if profiled:
        print("\nProfile of one '%s' (%d records, %.1f ms, %d queries)" % (
            profiled["endpoint"], profiled["batch"], profiled["ms"], profiled["queries"]))
        for label, ms in profiled["parts_ms"].items():
            print("%8.1f ms  %s" % (ms, label))
        print(profiled["profile"])
        for row in profiled["sql"]:
            print("%4d %7.1f ms  %s" % (row["count"], row["ms"], row["sql"]))
    common.write_result(args.output, results, label=args.label, profile=profiled, db_reused=bool(args.db),
                        command="bench/run api_cost " + " ".join(argv if argv is not None else sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
