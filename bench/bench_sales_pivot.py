"""Secondary sales analysis pivot: read_group by territory x month over N lines (default 1,000,000).

Creates its own database (the four addons, no demo data), inserts the lines by SQL
(bench/secondary_lines.py), then, as a Distribution Manager and as a rep (record rules apply),
times what the pivot view asks: `read_group` on dms.report.secondary.sales grouped by territory
and order month (lazy=False, the pivot's call) with net, quantity in cases and count, and the
same grouped by region. Best of --repeat runs, with the query plan of the manager's query.
Goal: < 2 s.
"""
import argparse
import os
import time

from bench import common
from bench import secondary_lines as data

GOAL = {"max_seconds": 2.0}
MEASURES = ["price_subtotal:sum", "qty_cases:sum", "__count"]


def timed(func, repeat):
    best = None
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return result, best


def run(db, lines, repeat):
    from odoo.tools import SQL

    with common.odoo_env(db) as root_env:
        network, insert_s = data.insert_lines(root_env, lines)
        manager = root_env["res.users"].create({
            "name": "Bench Manager", "login": "bench_manager",
            "groups_id": [(6, 0, root_env.ref("dms_sales.group_dms_manager").ids)]})
        rep = network["rep"]
        network["areas"][0].user_ids = [(4, rep.id)]
        root_env.flush_all()
        rows = []
        for label, user, groupby in (
            ("manager: territory x month", manager, ["territory_id", "date:month"]),
            ("manager: region x month", manager, ["region_id", "date:month"]),
            ("rep (1 of 50 areas): territory x month", rep, ["territory_id", "date:month"]),
        ):
            Report = root_env(user=user.id)["dms.report.secondary.sales"]

            def read(report=Report, groupby=groupby):
                report.env.invalidate_all()
                return report.read_group([], MEASURES, groupby, lazy=False)

            groups, seconds = timed(read, repeat)
            rows.append({"query": label, "lines": sum(g["__count"] for g in groups), "groups": len(groups),
                         "seconds": seconds})
        # the plan of the manager's territory x month query, for the record
        Report = root_env(user=manager.id)["dms.report.secondary.sales"]
        query = Report._search([])
        sql = query.select(SQL("%s, date_trunc('month', %s), SUM(%s)", SQL.identifier(query.table, "territory_id"),
                               SQL.identifier(query.table, "date"), SQL.identifier(query.table, "price_subtotal")))
        root_env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s GROUP BY 1, 2", sql))
        plan = [line for (line,) in root_env.cr.fetchall()]
        total = Report.read_group([], ["price_subtotal:sum"], [], lazy=False)[0]["price_subtotal"]
        root_env.cr.execute("SELECT SUM(price_subtotal) FROM dms_secondary_order_line WHERE state IN ('confirmed', "
                            "'delivered')")
        source_total = root_env.cr.fetchone()[0]
        assert abs(total - source_total) <= 1e-6 * source_total, (total, source_total)
    return rows, insert_s, plan


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/run sales_pivot")
    parser.add_argument("--lines", type=int, default=1000000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/sales_pivot.json")
    parser.add_argument("--db", help="an existing database with the addons installed (the run is rolled back); "
                                     "writes no result unless --write")
    parser.add_argument("--write", action="store_true", help="with --db: write the result file all the same")
    args = parser.parse_args(argv)
    install_s = None
    if args.db:
        args.no_write = not args.write
        rows, insert_s, plan = run(args.db, args.lines, args.repeat)
    else:
        db = common.temp_db_name("dms_bench_pivot")
        try:
            install_s = common.timed_odoo(db, "-i", ",".join(common.dmsenv.ADDONS), "--without-demo=all")
            rows, insert_s, plan = run(db, args.lines, args.repeat)
        finally:
            common.dmsenv.drop_db(db)
    common.print_table("secondary sales analysis read_group, %d lines (best of %d)" % (args.lines, args.repeat),
                       ["query", "lines", "groups", "seconds"], rows)
    print("\nplan (manager, territory x month):\n  " + "\n  ".join(plan))
    reached = all(row["seconds"] < GOAL["max_seconds"] for row in rows)
    print("\ngoal (< %.0f s): %s" % (GOAL["max_seconds"], "reached" if reached else "NOT reached"))
    if not args.no_write:
        common.write_result("sales_pivot", rows, lines=args.lines, repeat=args.repeat, insert_seconds=insert_s,
                            install_seconds=install_s, load_average=os.getloadavg(), goal=GOAL,
                            goal_reached=reached, plan=plan)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
