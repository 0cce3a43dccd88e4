"""Journey plan generation: 200 reps x 3 months of planned visits.

Creates its own database (the four addons, no demo data), builds 10 regions of 20 territories,
one rep per territory with 30 outlets and 6 weekly beats of 5 outlets (Saturday to Thursday),
two public holidays on the company calendar and a leave for every tenth rep. Then, through
``dms.visit._generate_journey_plan`` (what the wizard and the cron run), as the admin user:
1 month, then 3 months (in savepoints rolled back), then 3 months again on top (idempotent: creates
nothing). Reports seconds, visits, queries and queries per 1,000 visits: the visits go in with one
INSERT per 10,000, so the query count stays flat whatever the number of visits.
"""
import argparse
import datetime
import time

from bench import common

REGIONS, TERRITORIES_PER_REGION = 10, 20
OUTLETS_PER_REP, BEAT_SIZE = 30, 5
DAYS = ("on_saturday", "on_sunday", "on_monday", "on_tuesday", "on_wednesday", "on_thursday")
START = datetime.date(2026, 1, 3)


def build(env, reps_count):
    from odoo import Command

    calendar = env.company.resource_calendar_id
    calendar.tz = "Asia/Dhaka"
    for day in (datetime.date(2026, 2, 21), datetime.date(2026, 3, 26)):
        env["resource.calendar.leaves"].create({
            "name": "Bench holiday", "calendar_id": calendar.id, "resource_id": False,
            "date_from": datetime.datetime.combine(day, datetime.time()) - datetime.timedelta(hours=6),
            "date_to": datetime.datetime.combine(day, datetime.time(17, 59, 59))})
    group = env.ref("dms_sales.group_dms_rep")
    reps = env["res.users"].with_context(no_reset_password=True).create([{
        "name": "Bench Rep %03d" % i, "login": "bench_rep_%03d" % i, "groups_id": [Command.set(group.ids)],
    } for i in range(reps_count)])
    regions = env["dms.territory"].create([{"name": "Bench Region %02d" % r, "code": "BR%02d" % r}
                                           for r in range(REGIONS)])
    territories = env["dms.territory"].create([{
        "name": "Bench Territory %03d" % i, "code": "BT%03d" % i, "parent_id": regions[i % REGIONS].id,
        "user_ids": [Command.link(rep.id)],
    } for i, rep in enumerate(reps)])
    distributor = env["res.partner"].create({
        "name": "Bench Distributor", "is_company": True, "dms_role": "distributor",
        "dms_covered_territory_ids": [Command.set(regions.ids)]})
    outlets = env["res.partner"].create([{
        "name": "Bench Outlet %03d-%02d" % (t, o), "is_company": True, "dms_role": "outlet",
        "dms_territory_id": territory.id, "dms_distributor_id": distributor.id,
        "partner_latitude": 23.7 + t * 0.001, "partner_longitude": 90.35 + o * 0.001,
    } for t, territory in enumerate(territories) for o in range(OUTLETS_PER_REP)])
    beats = []
    for t, (rep, territory) in enumerate(zip(reps, territories, strict=True)):
        mine = outlets[t * OUTLETS_PER_REP:(t + 1) * OUTLETS_PER_REP]
        for b, day in enumerate(DAYS):
            beats.append({
                "name": "Bench beat %03d-%s" % (t, day), "user_id": rep.id, "territory_id": territory.id,
                "distributor_id": distributor.id, day: True, "date_start": START,
                "line_ids": [Command.create({"partner_id": o.id, "sequence": s})
                             for s, o in enumerate(mine[b * BEAT_SIZE:(b + 1) * BEAT_SIZE])],
            })
    beats = env["dms.beat"].create(beats)
    env["dms.rep.leave"].create([{"user_id": rep.id, "date_from": "2026-02-02", "date_to": "2026-02-05"}
                                 for rep in reps[::10]])
    env.flush_all()
    return beats


def measure(env, func):
    import odoo

    env.flush_all()
    env.invalidate_all()
    q0, t0 = odoo.sql_db.sql_counter, time.perf_counter()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - t0, odoo.sql_db.sql_counter - q0


def run(db, reps_count):
    rows = []
    with common.odoo_env(db) as root_env:
        t0 = time.perf_counter()
        beats = build(root_env, reps_count)
        build_s = time.perf_counter() - t0
        env = root_env(user=root_env.ref("base.user_admin").id)
        Visit = env["dms.visit"]
        beats = beats.with_env(env)
        ranges = [("1 month", START, START + datetime.timedelta(days=27)),
                  ("3 months", START, START + datetime.timedelta(days=90))]
        for label, date_from, date_to in ranges:
            with env.cr.savepoint(flush=False) as savepoint:
                created, seconds, queries = measure(env, lambda f=date_from, t=date_to: Visit._generate_journey_plan(
                    f, t, beats))
                rows.append(_row(label, len(created), seconds, queries))
                savepoint.rollback()
            env.invalidate_all()
        label, date_from, date_to = ranges[-1]
        created, seconds, queries = measure(env, lambda: Visit._generate_journey_plan(date_from, date_to, beats))
        rows.append(_row("3 months (kept)", len(created), seconds, queries))
        created, seconds, queries = measure(env, lambda: Visit._generate_journey_plan(date_from, date_to, beats))
        rows.append(_row("3 months again (idempotent)", len(created), seconds, queries))
        total = Visit.search_count([("planned_date", ">=", date_from), ("planned_date", "<=", date_to)])
    return rows, {"build_seconds": build_s, "beats": len(beats), "visits_in_db": total}


def _row(label, visits, seconds, queries):
    return {"run": label, "visits": visits, "seconds": seconds, "visits_per_s": visits / seconds if seconds else 0,
            "queries": queries, "queries_per_1000_visits": 1000.0 * queries / visits if visits else None}


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/run journey_plan")
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/journey_plan.json")
    parser.add_argument("--db", help="use this existing database (addons installed, no demo) instead of a new one; "
                                     "implies --no-write")
    args = parser.parse_args(argv)
    if args.db:
        rows, checks = run(args.db, args.reps)
        args.no_write, install_s = True, None
    else:
        db = common.temp_db_name("dms_bench_journey")
        try:
            install_s = common.timed_odoo(db, "-i", ",".join(common.dmsenv.ADDONS), "--without-demo=all")
            rows, checks = run(db, args.reps)
        finally:
            common.dmsenv.drop_db(db)
    common.print_table(
        "Journey plan: %d reps, 6 weekly beats of %d outlets each (%d beats)" % (args.reps, BEAT_SIZE, checks["beats"]),
        ["run", "visits", "seconds", "visits_per_s", "queries", "queries_per_1000_visits"], rows)
    month, quarter = rows[0], rows[1]
    print("\n1 month: %d queries for %d visits; 3 months: %d queries for %d visits (the first run also warms caches)"
          % (month["queries"], month["visits"], quarter["queries"], quarter["visits"]))
    print("building the network took %.1f s; visits in the database after the runs: %d"
          % (checks["build_seconds"], checks["visits_in_db"]))
    if not args.no_write:
        common.write_result("journey_plan", rows, reps=args.reps, beats=checks["beats"],
                            install_seconds=install_s, checks=checks)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
