"""Two Odoo nodes on one PostgreSQL primary, one reading from a streaming replica: the sync API's
load spread over both, its pulls answered from the replica, nothing lost or duplicated.

Starts a hot standby of the local cluster (scripts/replica, port 5433), builds the api_load network
on the primary (our addons, no demo data), waits until the replica has replayed it, then starts two
Odoo nodes with 2 workers each: node A on the primary only, node B with --db_replica_host and
--db_replica_port. Locust reps (bench/locust_api.py) take the nodes in turn: each pulls outlets and
products (readonly routes), then pushes its day of orders and visits. Counted on each PostgreSQL
server from pg_stat_database (transactions and rows read in the benchmark's database), and checked
in the primary as api_load does: every valid record once, no malformed one. The replica is stopped
at the end unless it was running before (or --keep-replica).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import psycopg2

from bench import bench_api_load as load
from bench import common

REPLICA = os.path.join(common.ROOT, "scripts", "replica")
SOCKETS = os.environ.get("DMS_REPLICA_SOCKETS", "/var/run/postgresql")
PORT = int(os.environ.get("DMS_REPLICA_PORT", "5433"))


def replica_running():
    try:
        psycopg2.connect(dbname="postgres", host=SOCKETS, port=PORT).close()
        return True
    except psycopg2.OperationalError:
        return False


def wait_replayed(timeout=600):
    """Until the replica has replayed what the primary has written so far; seconds waited."""
    with psycopg2.connect(dbname="postgres") as cnx, cnx.cursor() as cr:
        cr.execute("SELECT pg_current_wal_lsn()")
        target = cr.fetchone()[0]
    start = time.monotonic()
    with psycopg2.connect(dbname="postgres", host=SOCKETS, port=PORT) as cnx:
        cnx.autocommit = True
        with cnx.cursor() as cr:
            while time.monotonic() - start < timeout:
                cr.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
                if cr.fetchone()[0]:
                    return time.monotonic() - start
                time.sleep(0.5)
    raise RuntimeError("the replica did not replay up to %s within %d s" % (target, timeout))


def db_stats(db, **dsn):
    """Transactions and rows read in `db` on one server (a standby keeps its own counters)."""
    with psycopg2.connect(dbname="postgres", **dsn) as cnx, cnx.cursor() as cr:
        cr.execute("SELECT pg_stat_clear_snapshot()")
        cr.execute("""SELECT xact_commit + xact_rollback, tup_returned + tup_fetched
                        FROM pg_stat_database WHERE datname = %s""", [db])
        transactions, rows = cr.fetchone() or (0, 0)
    return {"transactions": transactions, "rows_read": rows}


def delta(after, before):
    return {k: after[k] - before[k] for k in after}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench/run replica", description=__doc__)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--orders", type=int, default=10, help="orders per rep (default 10)")
    parser.add_argument("--outlets", type=int, default=25, help="outlets per rep (default 25)")
    parser.add_argument("--products", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2, help="workers per node (default 2)")
    parser.add_argument("--max-seconds", type=int, default=900)
    parser.add_argument("--keep-replica", action="store_true", help="leave the replica running")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args(argv)

    was_running = replica_running()
    if not was_running:
        subprocess.run([REPLICA, "start"], check=True)
    db = common.temp_db_name("dms_bench_replica")
    processes = []
    try:
        install_s = common.timed_odoo(db, "-i", ",".join(common.dmsenv.ADDONS), "--without-demo=all")
        reps, product_ids, reason_ids = load.build(db, args.reps, args.outlets, args.products)
        plan, valid, invalid, visits, bad_visits, retries = load.make_plan(
            reps, args.orders, product_ids, reason_ids, seed=time.time_ns())
        replay_wait_s = wait_replayed()
        with tempfile.TemporaryDirectory() as tmp:
            plan_path = os.path.join(tmp, "plan.json")
            with open(plan_path, "w") as f:
                json.dump(plan, f)
            nodes = {}
            for name, extra in (("A (primary)", ()),
                                ("B (primary + replica)", ("--db_replica_host", SOCKETS,
                                                           "--db_replica_port", str(PORT)))):
                log = os.path.join(common.RESULTS, "replica_node_%s_odoo.log" % name[0].lower())
                process, url = common.dmsenv.start_odoo_server(db, workers=args.workers, log_path=log,
                                                               extra=extra, script=load.PREFORK)
                processes.append(process)
                nodes[name] = url
            key = next(iter(reps.values()))[0]
            for url in nodes.values():
                load.warm_up(url, key, args.workers)
            before = {"primary": db_stats(db), "replica": db_stats(db, host=SOCKETS, port=PORT)}
            rows, elapsed, outcome = load.run_locust(
                next(iter(nodes.values())), plan_path, args.reps, os.path.join(tmp, "locust"), args.max_seconds,
                hosts=list(nodes.values()))
            after = {"primary": db_stats(db), "replica": db_stats(db, host=SOCKETS, port=PORT)}
            load_average = os.getloadavg()
        for process in processes:
            common.dmsenv.stop_odoo_server(process)
        processes = []
        check = load.check_database(db, valid, invalid, visits, bad_visits, outcome)
    finally:
        for process in processes:
            common.dmsenv.stop_odoo_server(process)
        if not args.keep:
            common.dmsenv.drop_db(db)
        if not was_running and not args.keep_replica:
            subprocess.run([REPLICA, "stop"], check=False)

    servers = [{"server": server, **delta(after[server], before[server])} for server in ("primary", "replica")]
    results = [{"name": row["Name"], "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                "req_per_s": float(row["Requests/s"]), "p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"])} for row in rows]
    pulls = sum(r["requests"] for r in results if r["name"].startswith("pull ") and r["name"] != "pull resend")
    summary = {
        "reps": args.reps, "nodes": len(nodes), "workers_per_node": args.workers, "seconds": round(elapsed, 1),
        "pull_requests": pulls, "replica_transactions": servers[1]["transactions"],
        "replica_rows_read": servers[1]["rows_read"], "primary_transactions": servers[0]["transactions"],
        "answer_mismatches": len(outcome["mismatches"]), "install_s": round(install_s, 1),
        "replay_wait_s": round(replay_wait_s, 1), "load_average_at_end": [round(x, 1) for x in load_average],
        **{k: check[k] for k in ("valid_records", "valid_lost", "valid_left_in_outbox", "invalid_created",
                                 "duplicated_orders", "duplicated_visits", "valid_with_wrong_lines",
                                 "visits_with_wrong_outcome")},
    }
    common.print_table("Sync API on two nodes, one reading from the replica", list(results[0]), results)
    common.print_table("Reads per PostgreSQL server during the load", list(servers[0]), servers)
    common.print_table("Summary", list(summary), [summary])
    common.write_result("replica", results, summary=summary, servers=servers, nodes=list(nodes),
                        command="bench/run replica")
    problems = [k for k in ("valid_lost", "invalid_created", "duplicated_orders", "duplicated_visits",
                            "valid_with_wrong_lines", "visits_with_wrong_outcome", "answer_mismatches")
                if summary[k]]
    if not summary["replica_transactions"]:
        problems.append("replica_transactions=0 (no pull was answered from the replica)")
    if problems:
        print("\nFAILED: %s" % ", ".join(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
