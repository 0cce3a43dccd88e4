"""Secondary order import: N lines through the import wizard vs the same lines as sale.order.line.

Creates its own database (the four addons, no demo data), builds a network of outlets and
products, generates a CSV file of N order lines (--lines, default 100000; about --per-order lines
per order, a third of them in cases), imports it through the wizard (the code the UI runs), then
creates the same orders as standard sale.order records (same outlets, pricelist, products,
quantities and line counts, one create() per batch of orders like the import). Both run as the
admin user in one transaction, rolled back at the end. --profile prints a cProfile of the import.
"""
import argparse
import base64
import cProfile
import csv
import io
import pstats
import random
import time

from bench import common

OUTLETS = 60
PRODUCTS = 500
SALE_BATCH = 1000


def build_network(env):
    """Territory, distributor with a pricelist, outlets, products (half with a case), a tax."""
    company = env.company
    territory = env["dms.territory"].create({"name": "Bench Region", "code": "BENCH"})
    pricelist = env["product.pricelist"].create({"name": "Bench outlet prices", "currency_id": company.currency_id.id})
    distributor = env["res.partner"].create({
        "name": "Bench Distributor", "is_company": True, "dms_role": "distributor",
        "dms_covered_territory_ids": [(6, 0, territory.ids)], "dms_secondary_pricelist_id": pricelist.id,
    })
    outlets = env["res.partner"].create([{
        "name": "Bench Outlet %03d" % i, "is_company": True, "dms_role": "outlet", "dms_outlet_code": "BO-%03d" % i,
        "dms_territory_id": territory.id, "dms_distributor_id": distributor.id,
    } for i in range(OUTLETS)])
    tax = env["account.tax"].create({"name": "Bench VAT 15%", "amount": 15, "type_tax_use": "sale"})
    products = env["product.product"].create([{
        "name": "Bench product %03d" % i, "default_code": "BP-%03d" % i, "list_price": 10 + i % 90,
        "is_storable": True, "taxes_id": [(6, 0, tax.ids)],
    } for i in range(PRODUCTS)])
    env["product.packaging"].create([{
        "name": "Case of 12", "product_id": p.id, "qty": 12, "sales": True} for p in products[::2]])
    env["product.pricelist.item"].create([{
        "pricelist_id": pricelist.id, "applied_on": "0_product_variant", "product_id": p.id,
        "compute_price": "fixed", "fixed_price": 8 + i % 90,
    } for i, p in enumerate(products[:200])])
    env.flush_all()
    return distributor, outlets, products, pricelist


def generate(lines, per_order, outlets, products, seed=42):
    """The file's rows, and the same orders as (ref, date, outlet, [(product, qty in units, case?)])."""
    rnd = random.Random(seed)
    rows, orders = [], []
    number = 0
    while number < lines:
        count = min(rnd.randint(max(1, per_order - 5), per_order + 5), lines - number)
        ref = "B-%07d" % len(orders)
        date = "2026-01-%02d" % (1 + len(orders) % 28)
        outlet = outlets[len(orders) % len(outlets)]
        picked = rnd.sample(range(len(products)), count)
        order_lines = []
        for k, index in enumerate(picked):
            product = products[index]
            case = index % 2 == 0 and k % 3 == 0
            quantity = rnd.randint(1, 20)
            rows.append((ref, date, outlet.dms_outlet_code, product.default_code, quantity, "case" if case else "unit"))
            order_lines.append((product, quantity * 12 if case else quantity, case))
        orders.append((ref, date, outlet, order_lines))
        number += count
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_ref", "date", "outlet_code", "product_code", "quantity", "unit"])
    writer.writerows(rows)
    return out.getvalue().encode(), orders


def measure(env, func):
    import odoo

    env.flush_all()
    env.invalidate_all()
    q0, t0 = odoo.sql_db.sql_counter, time.perf_counter()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - t0, odoo.sql_db.sql_counter - q0


def run(db, lines, per_order, profile, skip_sale=False):
    with common.odoo_env(db) as root_env:
        env = root_env(user=root_env.ref("base.user_admin").id)
        distributor, outlets, products, pricelist = build_network(root_env)
        content, orders = generate(lines, per_order, outlets, products)
        # dms_job_inline: measure the import itself, in this process, not its queuing
        wizard = env["dms.secondary.order.import"].with_context(dms_job_inline=True).create({
            "distributor_id": distributor.id, "file": base64.b64encode(content), "filename": "bench.csv"})

        def do_import():
            if not profile:
                return wizard.action_import()
            profiler = cProfile.Profile()
            profiler.enable()
            try:
                return wizard.action_import()
            finally:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)

        _result, import_s, import_q = measure(env, do_import)
        assert wizard.state == "done", wizard.summary
        assert wizard.line_count == lines, (wizard.line_count, lines)
        imported = wizard.order_ids
        amount_imported = sum(imported.mapped("amount_untaxed"))

        packagings = {p.product_id.id: p for p in env["product.packaging"].search(
            [("product_id", "in", products.ids)])}

        def create_sale_orders():
            SaleOrder = env["sale.order"].with_context(
                tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
            created = 0
            for start in range(0, len(orders), SALE_BATCH):
                SaleOrder.create([{
                    "partner_id": outlet.id, "pricelist_id": pricelist.id, "date_order": date,
                    "client_order_ref": ref,
                    "order_line": [(0, 0, {
                        "product_id": product.id, "product_uom_qty": qty,
                        **({"product_packaging_id": packagings[product.id].id} if case else {}),
                    }) for product, qty, case in order_lines],
                } for ref, date, outlet, order_lines in orders[start:start + SALE_BATCH]])
                env.flush_all()
                env.invalidate_all()
                created += len(orders[start:start + SALE_BATCH])
            return created

        if skip_sale:
            return [{"path": "secondary import (wizard)", "orders": len(orders), "lines": lines, "seconds": import_s,
                     "lines_per_s": lines / import_s, "queries": import_q}], {}
        _created, sale_s, sale_q = measure(env, create_sale_orders)
        sale_lines = env["sale.order.line"].search_count([("order_id.client_order_ref", "like", "B-")])
        assert sale_lines == lines, (sale_lines, lines)
        amount_sale = sum(env["sale.order"].search([("client_order_ref", "like", "B-")]).mapped("amount_untaxed"))
    rows = [
        {"path": "secondary import (wizard)", "orders": len(orders), "lines": lines, "seconds": import_s,
         "lines_per_s": lines / import_s, "queries": import_q, "ratio": sale_s / import_s},
        {"path": "sale.order create", "orders": len(orders), "lines": lines, "seconds": sale_s,
         "lines_per_s": lines / sale_s, "queries": sale_q, "ratio": 1.0},
    ]
    return rows, {"amount_untaxed_import": amount_imported, "amount_untaxed_sale": amount_sale}


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/run secondary_import")
    parser.add_argument("--lines", type=int, default=100000)
    parser.add_argument("--per-order", type=int, default=10, help="average lines per order (default 10)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the import")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/secondary_import.json")
    parser.add_argument("--db", help="use this existing database (with the addons installed) instead of a new one: "
                                     "for quick profiling; implies --no-write")
    args = parser.parse_args(argv)
    if args.db:
        rows, checks = run(args.db, args.lines, args.per_order, args.profile, skip_sale=True)
        common.print_table("import only", list(rows[0]), rows)
        return
        args.no_write, install_s = True, None
    else:
        db = common.temp_db_name("dms_bench_import")
        try:
            install_s = common.timed_odoo(db, "-i", ",".join(common.dmsenv.ADDONS), "--without-demo=all")
            rows, checks = run(db, args.lines, args.per_order, args.profile)
        finally:
            common.dmsenv.drop_db(db)
    common.print_table(
        "%d secondary order lines: import wizard vs sale.order (ratio = sale.order seconds / import seconds)"
        % args.lines, ["path", "orders", "lines", "seconds", "lines_per_s", "queries", "ratio"], rows)
    goal = {"min_ratio": 5.0, "min_lines_per_s": 2000.0}
    reached = rows[0]["ratio"] >= goal["min_ratio"] and rows[0]["lines_per_s"] >= goal["min_lines_per_s"]
    print("\ngoal (>= %.0fx sale.order and >= %.0f lines/s): %s" % (
        goal["min_ratio"], goal["min_lines_per_s"], "reached" if reached else "NOT reached"))
    print("untaxed totals: import %.2f, sale.order %.2f" % (checks["amount_untaxed_import"],
                                                           checks["amount_untaxed_sale"]))
    if not args.no_write:
        common.write_result("secondary_import", rows, lines=args.lines, per_order=args.per_order,
                            install_seconds=install_s, goal=goal, goal_reached=reached, checks=checks)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
