"""Replenishment run: 50 distributors x 500 products over a year of daily secondary sales.

Creates its own database (the four addons, no demo data), builds two groups of 50 distributors
(group A sells 500 products, group B the first 50), bulk-inserts a year of delivered secondary
orders with SQL (one order a day per distributor; each product sells on one day in four, with a
weekday pattern) and owner-stamped opening stock, then times one replenishment run per group:
computing the suggestions (the forecast of every distributor x product; a line is stored for each
product to order) and creating the draft primary orders (standard sale.order creation, timed
apart). Query counts of the read phase must not depend on the number of products.
"""
import argparse
import os
import time

from bench import common

DAYS = 365


def build(env, distributors, products):
    """Two groups of distributors with one outlet each, products (half in cases of 12), stock."""
    company = env.company
    territory = env["dms.territory"].create({"name": "Bench Region", "code": "BENCH"})
    partners = env["res.partner"].create([{
        "name": "Bench Distributor %s%02d" % (group, i), "is_company": True, "dms_role": "distributor",
        "dms_covered_territory_ids": [(6, 0, territory.ids)],
    } for group in "AB" for i in range(distributors)])
    groups = {"A": partners[:distributors], "B": partners[distributors:]}
    outlets = env["res.partner"].create([{
        "name": "Bench Outlet %s" % p.name, "is_company": True, "dms_role": "outlet",
        "dms_outlet_code": "BO-%s" % p.id, "dms_territory_id": territory.id, "dms_distributor_id": p.id,
    } for p in partners])
    prods = env["product.product"].create([{
        "name": "Bench product %03d" % i, "default_code": "BR-%03d" % i, "list_price": 10 + i % 90,
        "standard_price": 8 + i % 70, "is_storable": True, "dms_moq": 24 if i % 5 == 0 else 0,
    } for i in range(products)])
    env["product.packaging"].create([{
        "name": "Case of 12", "product_id": p.id, "qty": 12, "sales": True} for p in prods[::2]])
    env.flush_all()
    cr = env.cr
    sizes = {"A": products, "B": min(50, products)}
    # bulk load: no foreign-key triggers while inserting rows whose keys were just created above
    cr.execute("SET LOCAL session_replication_role = replica")
    for group, dists in groups.items():
        group_outlets = outlets.filtered(lambda o, d=dists: o.dms_distributor_id in d)
        cr.execute("""
            INSERT INTO dms_secondary_order (name, state, company_id, distributor_id, partner_id, date_order,
                                             create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH/' || d.dist || '/' || day, 'delivered', %(company)s, d.dist, d.outlet,
                   (CURRENT_DATE - day) + TIME '12:00', 1, NOW(), 1, NOW()
              FROM unnest(%(dists)s::int[], %(outlets)s::int[]) AS d(dist, outlet),
                   generate_series(1, %(days)s) AS day""",
                   {"company": company.id, "dists": [o.dms_distributor_id.id for o in group_outlets],
                    "outlets": group_outlets.ids, "days": DAYS})
        cr.execute("""
            INSERT INTO dms_secondary_order_line (order_id, sequence, company_id, currency_id, state,
                   distributor_id, partner_id, date_order, product_id, product_uom_id, product_uom_qty,
                   qty_delivered, price_unit, create_uid, create_date, write_uid, write_date)
            SELECT o.id, 10, o.company_id, %(currency)s, 'delivered', o.distributor_id, o.partner_id,
                   o.date_order, p.pid, p.uom, q.qty, q.qty, 10, 1, NOW(), 1, NOW()
              FROM dms_secondary_order o
              JOIN unnest(%(products)s::int[], %(uoms)s::int[]) WITH ORDINALITY AS p(pid, uom, idx) ON TRUE
              CROSS JOIN LATERAL (SELECT 1 + (p.idx * 7 + o.distributor_id * 3) %% 9
                                    + CASE WHEN EXTRACT(ISODOW FROM o.date_order) >= 5 THEN 4 ELSE 0 END AS qty) q
             WHERE o.distributor_id = ANY(%(dists)s) AND p.idx <= %(size)s
               AND (p.idx + o.distributor_id + (o.date_order::date - DATE '2000-01-01')) %% 4 = 0""",
                   {"currency": company.currency_id.id, "products": prods.ids,
                    "uoms": [p.uom_id.id for p in prods], "dists": dists.ids, "size": sizes[group]})
        # opening stock, owned by the distributor, in its saleable bucket: some products covered
        saleable = {d.id: d._dms_bucket_location("saleable").id for d in dists}
        cr.execute("""
            INSERT INTO stock_quant (product_id, location_id, company_id, owner_id, quantity,
                                     reserved_quantity, in_date, create_uid, create_date, write_uid, write_date)
            SELECT p.pid, d.loc, %(company)s, d.dist, (p.idx * 13 + d.dist * 5) %% 90, 0, NOW(), 1, NOW(), 1, NOW()
              FROM unnest(%(dists)s::int[], %(locs)s::int[]) AS d(dist, loc),
                   unnest(%(products)s::int[]) WITH ORDINALITY AS p(pid, idx)
             WHERE p.idx <= %(size)s""",
                   {"company": company.id, "dists": list(saleable), "locs": list(saleable.values()),
                    "products": prods.ids, "size": sizes[group]})
    cr.execute("SET LOCAL session_replication_role = DEFAULT")
    cr.execute("ANALYZE dms_secondary_order_line")
    cr.execute("SELECT COUNT(*) FROM dms_secondary_order_line")
    lines = cr.fetchone()[0]
    env.invalidate_all()
    return groups, sizes, lines


def measure(env, func):
    import odoo

    env.flush_all()
    env.invalidate_all()
    q0, t0, c0 = odoo.sql_db.sql_counter, time.perf_counter(), time.process_time()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - t0, odoo.sql_db.sql_counter - q0, time.process_time() - c0


def run(db, distributors, products):
    rows = []
    with common.odoo_env(db) as env:
        t0 = time.perf_counter()
        groups, sizes, history = build(env, distributors, products)
        build_s = time.perf_counter() - t0
        for group in ("B", "A"):
            # dms_job_inline: measure the computation itself, not its queuing
            replenishment = env["dms.replenishment"].with_context(dms_job_inline=True).create({
                "distributor_ids": [(6, 0, groups[group].ids)], "window_days": 56, "seasonal": True})
            _vals, read_s, read_q, _cpu = measure(env, replenishment._dms_suggestion_values)
            _r, compute_s, compute_q, compute_cpu = measure(env, replenishment.action_compute)
            _r, orders_s, orders_q, orders_cpu = measure(env, replenishment.action_create_orders)
            order_lines = sum(len(o.order_line) for o in replenishment.order_ids)
            rows.append({
                "distributors": len(groups[group]), "products": sizes[group],
                "suggestions": len(replenishment.line_ids), "read_queries": read_q, "read_s": read_s,
                "compute_s": compute_s, "compute_cpu_s": compute_cpu, "compute_queries": compute_q,
                "orders": len(replenishment.order_ids), "order_lines": order_lines,
                "orders_s": orders_s, "orders_cpu_s": orders_cpu, "orders_queries": orders_q,
                "run_s": compute_s + orders_s,
            })
    return rows, build_s, history


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/run replenishment")
    parser.add_argument("--distributors", type=int, default=50)
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/replenishment.json")
    parser.add_argument("--db", help="use this existing database (addons installed, no demo); implies --no-write "
                                     "unless --write")
    parser.add_argument("--write", action="store_true", help="with --db: write the result file all the same")
    args = parser.parse_args(argv)
    install_s = None
    if args.db:
        args.no_write = args.no_write or not args.write
        rows, build_s, history = run(args.db, args.distributors, args.products)
    else:
        db = common.temp_db_name("dms_bench_replenish")
        try:
            install_s = common.timed_odoo(db, "-i", ",".join(common.dmsenv.ADDONS), "--without-demo=all")
            rows, build_s, history = run(db, args.distributors, args.products)
        finally:
            common.dmsenv.drop_db(db)
    columns = ["distributors", "products", "suggestions", "read_queries", "read_s", "compute_s", "compute_cpu_s",
               "compute_queries", "orders", "order_lines", "orders_s", "orders_cpu_s", "orders_queries", "run_s"]
    common.print_table("replenishment over %d days of history (%d secondary order lines, built in %.0fs)"
                       % (DAYS, history, build_s), columns, rows)
    small, large = rows
    goal = {"max_compute_seconds": 60.0, "read_queries_independent_of_products": True,
            "measured_on": "wall time, or Odoo process CPU time when the machine is shared"}
    # on a shared machine wall time includes waiting for the CPU: the Odoo process CPU time is the
    # figure compared (PostgreSQL time is in the wall time only)
    reached = min(large["compute_s"], large["compute_cpu_s"]) < goal["max_compute_seconds"] \
        and large["read_queries"] == small["read_queries"]
    load = os.getloadavg()
    print("\ngoal (50 x 500 suggestions computed < 60 s, read queries equal for 50 and 500 products): %s"
          "\nload average during the run: %.1f %.1f %.1f (machine shared with other jobs)"
          % (("reached" if reached else "NOT reached"), *load))
    if not args.no_write:
        common.write_result("replenishment", rows, days=DAYS, history_lines=history, build_seconds=build_s,
                            install_seconds=install_s, goal=goal, goal_reached=reached, load_average=load,
                            database="existing (--db)" if args.db else "temporary, installed by the benchmark")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
