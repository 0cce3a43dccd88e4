"""Field sync API under load: 50 reps push a day's secondary orders to Odoo with 2 workers (locust).

Creates its own database (our addons, no demo data), a network of one territory per rep with its
outlets, products, and an API key per rep, then starts Odoo with --workers and runs locust headless
(in bench/.venv-locust, see bench/requirements-locust.txt): each rep pulls outlets and products,
then pushes its orders in batches of 1-5, with 5% of the records sent again (retries of a batch
whose answer was lost) and 2% malformed. Reports throughput, p50/p95 latency and error rate, then
checks in the database that every valid record exists exactly once and no malformed one does.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid

from bench import common

VENV = os.path.join(common.ROOT, "bench", ".venv-locust")
LOCUSTFILE = os.path.join(common.ROOT, "bench", "locust_api.py")


def locust_python():
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "-r",
                        os.path.join(common.ROOT, "bench", "requirements-locust.txt")], check=True)
    return python


def build(db, reps, outlets_per_rep, products_count):
    """The network and the users, committed. Returns {login: (key, outlet ids)}, product ids.
    On a database built before (--db), only new API keys are made."""
    with common.odoo_env(db) as env:
        users = env["res.users"].search([("login", "=like", "load_rep_%")], order="login")
        if users:
            Keys = env["res.users.apikeys"]
            plan = {user.login: (Keys.with_user(user).sudo()._generate("dms_api", "load", None),
                                 env["res.partner"].search([("dms_territory_id.user_ids", "in", user.ids)]).ids)
                    for user in users[:reps]}
            product_ids = env["product.product"].search([("default_code", "=like", "LP-%")]).ids
            env.cr.commit()
            return plan, product_ids
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
        env.cr.commit()
    return plan, product_ids


MALFORMED = [
    lambda r: {**r, "lines": [{"product_id": r["lines"][0]["product_id"], "qty": "ten"}]},
    lambda r: {**r, "note": "x" * 5000},
    lambda r: {**r, "outlet_id": 2_000_000_000},
    lambda r: {**r, "discount": 50},
    lambda r: {**r, "lines": []},
]


def make_plan(reps, orders_per_rep, product_ids, seed):
    """Per rep: batches of records with what each must answer; the list of valid and bad uuids."""
    rnd = random.Random(seed)
    plan, valid, invalid = [], {}, set()
    for login, (key, outlet_ids) in sorted(reps.items()):
        records = []
        for _k in range(orders_per_rep):
            record = {"uuid": str(uuid.UUID(int=rnd.getrandbits(128), version=4)), "outlet_id": rnd.choice(outlet_ids),
                      "lines": [{"product_id": p, "qty": rnd.randint(1, 24)}
                                for p in rnd.sample(product_ids, rnd.randint(2, 8))]}
            if rnd.random() < 0.02:
                record = rnd.choice(MALFORMED)(record)
                invalid.add(record["uuid"])
                records.append((record, "error"))
            else:
                valid[record["uuid"]] = len(record["lines"])
                records.append((record, "ok"))
        steps, i = [], 0
        while i < len(records):
            size = rnd.randint(1, 5)
            batch = records[i:i + size]
            steps.append({"retry": False, "records": [r for r, _e in batch], "expect": [e for _r, e in batch]})
            retried = [(r, "duplicate" if e == "ok" else "error") for r, e in batch if rnd.random() < 0.05]
            if retried:
                steps.append({"retry": True, "records": [r for r, _e in retried], "expect": [e for _r, e in retried]})
            i += size
        plan.append({"login": login, "key": key, "steps": steps})
    retries = sum(len(s["records"]) for rep in plan for s in rep["steps"] if s["retry"])
    return {"reps": plan}, valid, invalid, retries


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


def run_locust(url, plan_path, users, csv_prefix, max_seconds):
    python = locust_python()
    env = dict(os.environ, DMS_LOAD_PLAN=plan_path)
    cmd = [python, "-m", "locust", "-f", LOCUSTFILE, "--headless", "--host", url, "-u", str(users),
           "-r", str(min(users, 10)), "--run-time", "%ds" % max_seconds, "--csv", csv_prefix,
           "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30"]
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=False, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    with open(csv_prefix + "_stats.csv") as f:
        rows = list(csv.DictReader(f))
    with open(plan_path + ".outcome") as f:
        outcome = json.load(f)
    return rows, elapsed, outcome


def check_database(db, valid, invalid, answered_ok):
    import psycopg2

    with psycopg2.connect(dbname=db) as cnx, cnx.cursor() as cr:
        cr.execute("""SELECT o.client_uuid, count(DISTINCT o.id), count(l.id)
                        FROM dms_secondary_order o LEFT JOIN dms_secondary_order_line l ON l.order_id = o.id
                       WHERE o.client_uuid = ANY(%s) GROUP BY o.client_uuid""", [list(valid) + list(invalid)])
        found = {u: (orders, lines) for u, orders, lines in cr.fetchall()}
    return {
        "valid_records": len(valid),
        "valid_answered_ok": len(answered_ok),
        "answered_ok_but_missing": sum(1 for u in answered_ok if u not in found),
        "valid_never_answered_in_db": sum(1 for u in valid if u in found and u not in answered_ok),
        "valid_missing": sum(1 for u in valid if u not in found),
        "valid_with_wrong_lines": sum(1 for u, n in valid.items() if u in found and found[u][1] != n),
        "invalid_records": len(invalid),
        "invalid_created": sum(1 for u in invalid if u in found),
        "orders_in_db": len(found),
        "duplicated_orders": sum(1 for orders, _lines in found.values() if orders > 1),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench/run api_load", description=__doc__)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--orders", type=int, default=20, help="orders per rep (default 20)")
    parser.add_argument("--outlets", type=int, default=25, help="outlets per rep (default 25)")
    parser.add_argument("--products", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-seconds", type=int, default=360, help="locust run-time cap")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--db", help="reuse this database, built by an earlier --keep run (kept)")
    args = parser.parse_args(argv)

    db = args.db or common.temp_db_name("dms_bench_api")
    keep = args.keep or args.db
    try:
        install_s = 0.0 if args.db else common.timed_odoo(
            db, "-i", ",".join(common.dmsenv.ADDONS), "--without-demo=all")
        reps, product_ids = build(db, args.reps, args.outlets, args.products)
        plan, valid, invalid, retries = make_plan(reps, args.orders, product_ids, seed=time.time_ns())
        with tempfile.TemporaryDirectory() as tmp:
            plan_path = os.path.join(tmp, "plan.json")
            with open(plan_path, "w") as f:
                json.dump(plan, f)
            log = os.path.join(common.RESULTS, "api_load_odoo.log")
            process, url = common.dmsenv.start_odoo_server(db, workers=args.workers, log_path=log)
            try:
                warm_up(url, next(iter(reps.values()))[0], args.workers)
                rows, elapsed, outcome = run_locust(url, plan_path, args.reps, os.path.join(tmp, "locust"),
                                                       args.max_seconds)
            finally:
                common.dmsenv.stop_odoo_server(process)
            with open(log) as f:
                server_errors = sum(1 for line in f if " ERROR " in line or " CRITICAL " in line)
        check = check_database(db, valid, invalid, set(outcome["answered_ok"]))
        mismatches = outcome["mismatches"]
    finally:
        if not keep:
            common.dmsenv.drop_db(db)

    results = []
    for row in rows:
        results.append({
            "name": row["Name"], "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "req_per_s": float(row["Requests/s"]), "p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]),
            "max_ms": float(row["Max Response Time"]),
        })
    total = next(r for r in results if r["name"] == "Aggregated")
    pushes = [r for r in results if r["name"].startswith("push")]
    records_planned = len(valid) + len(invalid) + retries
    summary = {
        "reps": args.reps, "workers": args.workers, "orders_per_rep": args.orders,
        "records_planned": records_planned, "retried_records": retries, "malformed_records": len(invalid),
        "seconds": round(elapsed, 1),
        "valid_records_answered_ok_per_s": round(len(outcome["answered_ok"]) / elapsed, 2),
        "requests_per_s": total["req_per_s"], "p50_ms": total["p50_ms"], "p95_ms": total["p95_ms"],
        "push_p95_ms": max(r["p95_ms"] for r in pushes),
        "error_rate": round(total["failures"] / max(total["requests"], 1), 4),
        "answer_mismatches": len(mismatches), "server_errors_logged": server_errors, "install_s": round(install_s, 1),
        "load_average_at_end": round(os.getloadavg()[0], 1),
        **check,
    }
    common.print_table("Sync API load: %d reps, %d workers" % (args.reps, args.workers),
                       ["name", "requests", "failures", "req_per_s", "p50_ms", "p95_ms", "max_ms"], results)
    common.print_table("Summary", list(summary), [summary])
    common.write_result("api_load", results, summary=summary, mismatches=mismatches[:20])
    # Records of requests that failed on the way (timeouts under overload) may be missing: the phone
    # sends them again. What must never happen: an answered record missing, a duplicate, a bad one.
    ok = not (check["answered_ok_but_missing"] or check["invalid_created"] or check["duplicated_orders"]
              or check["valid_with_wrong_lines"] or mismatches)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
