"""Baseline: install time of the four addons, and create + confirm a sale.order with 1/10/100 lines.

The install runs on an empty database in two steps (Odoo dependencies, then our four addons) so
our own share is visible. The sale order figures are the standard Odoo path that later
benchmarks (secondary orders, replenishment) compare against. Options: --repeat N (default 5).
"""
import argparse
import statistics
import time

from bench import common

ODOO_DEPENDENCIES = [
    "sale_management", "stock", "account", "sale_stock", "product_expiry",
    "stock_fleet", "base_geolocalize", "report_xlsx",
]
SIZES = (1, 10, 100)


def bench_install(db):
    deps = common.timed_odoo(db, "-i", ",".join(ODOO_DEPENDENCIES))
    ours = common.timed_odoo(db, "-i", ",".join(common.dmsenv.ADDONS))
    return [
        {"step": "Odoo dependencies (with demo data)", "seconds": deps},
        {"step": "dms_sales, dms_inventory, dms_routing, dms_reports", "seconds": ours},
        {"step": "total, empty database to ready", "seconds": deps + ours},
    ]


def bench_sale_order(db, repeat):
    import odoo

    rows = []
    with common.odoo_env(db) as env:
        partner = env["res.partner"].create({"name": "Bench Distributor", "dms_role": "distributor"})
        products = env["product.product"].create([
            {"name": "Bench product %03d" % i, "is_storable": True, "list_price": 10 + i} for i in range(max(SIZES))
        ])
        env.flush_all()
        for size in SIZES:
            samples = []
            for _i in range(repeat + 1):  # the first run warms caches and is dropped
                q0, t0 = odoo.sql_db.sql_counter, time.perf_counter()
                order = env["sale.order"].create({
                    "partner_id": partner.id,
                    "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": 2}) for p in products[:size]],
                })
                env.flush_all()
                q1, t1 = odoo.sql_db.sql_counter, time.perf_counter()
                order.action_confirm()
                env.flush_all()
                q2, t2 = odoo.sql_db.sql_counter, time.perf_counter()
                assert order.state == "sale" and len(order.picking_ids.move_ids) == size
                samples.append((t1 - t0, q1 - q0, t2 - t1, q2 - q1))
                env.invalidate_all()
            samples = samples[1:]
            rows.append({
                "lines": size,
                "create_s": statistics.median(s[0] for s in samples),
                "create_queries": int(statistics.median(s[1] for s in samples)),
                "confirm_s": statistics.median(s[2] for s in samples),
                "confirm_queries": int(statistics.median(s[3] for s in samples)),
                "total_s": statistics.median(s[0] + s[2] for s in samples),
            })
    return rows


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/run baseline")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    db = common.temp_db_name("dms_bench")
    try:
        install = bench_install(db)
        common.print_table("Install on an empty database", ["step", "seconds"], install)
        orders = bench_sale_order(db, args.repeat)
        common.print_table(
            "sale.order create + confirm (median of %d)" % args.repeat,
            ["lines", "create_s", "create_queries", "confirm_s", "confirm_queries", "total_s"], orders)
    finally:
        common.dmsenv.drop_db(db)
    common.write_result("baseline", {"install": install, "sale_order": orders}, repeat=args.repeat)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
