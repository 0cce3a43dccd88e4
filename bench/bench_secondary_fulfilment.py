"""Secondary fulfilment: confirm and deliver N secondary orders out of a distributor's stock (lots,
FEFO, owner-stamped moves) vs the same lines as standard sale.orders confirmed and delivered by
sale_stock from the company's warehouse.

Creates its own database (the DMS addons, no demo data) unless --db is given, builds a distributor
managing its stock, outlets, products (half of them lot-tracked with expiry dates, two lots each)
and enough stock for both paths, then times, in batches of --batch orders: confirm + deliver of the
secondary orders, then confirm + validate the deliveries of the sale orders. Order creation is not
timed. One transaction, rolled back at the end.
"""
import argparse
import random
import time
from datetime import timedelta

from bench import common

OUTLETS = 40
PRODUCTS = 30


def build(env, orders, per_order, seed=42):
    from odoo import fields

    territory = env["dms.territory"].create({"name": "Bench Fulfilment Region", "code": "BENCHF"})
    pricelist = env["product.pricelist"].create({"name": "Bench fulfilment prices"})
    distributor = env["res.partner"].create({
        "name": "Bench Fulfilment Distributor", "is_company": True, "dms_role": "distributor",
        "dms_covered_territory_ids": [(6, 0, territory.ids)], "dms_secondary_pricelist_id": pricelist.id,
        "dms_stock_managed": True,
    })
    outlets = env["res.partner"].create([{
        "name": "Bench F Outlet %03d" % i, "is_company": True, "dms_role": "outlet",
        "dms_outlet_code": "BFO-%03d" % i, "dms_territory_id": territory.id, "dms_distributor_id": distributor.id,
    } for i in range(OUTLETS)])
    products = env["product.product"].create([{
        "name": "Bench F product %03d" % i, "default_code": "BFP-%03d" % i, "list_price": 10 + i,
        "is_storable": True, **({"tracking": "lot", "use_expiration_date": True} if i % 2 else {}),
    } for i in range(PRODUCTS)])
    now = fields.Datetime.now()
    lots = env["stock.lot"].create([{
        "name": "BF-%03d-%d" % (i, k), "product_id": p.id, "expiration_date": now + timedelta(days=60 + 200 * k),
    } for i, p in enumerate(products) if p.tracking == "lot" for k in range(2)])
    rnd = random.Random(seed)
    plan = [(outlets[n % OUTLETS], [(p, rnd.randint(1, 12)) for p in rnd.sample(list(products), per_order)])
            for n in range(orders)]
    need = {}
    for __, lines in plan:
        for product, qty in lines:
            need[product] = need.get(product, 0) + qty
    saleable = distributor._dms_bucket_location("saleable")
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    Quant = env["stock.quant"]
    by_product = {}
    for lot in lots:
        by_product.setdefault(lot.product_id, []).append(lot)
    for product, qty in need.items():
        for lot in by_product.get(product, [None]):
            share = qty if lot is None else qty // 2 + 1
            Quant._update_available_quantity(product, saleable, share, lot_id=lot, owner_id=distributor)
            Quant._update_available_quantity(product, warehouse.lot_stock_id, share, lot_id=lot)
    env.flush_all()
    return distributor, plan


def measure(env, func):
    import odoo

    env.flush_all()
    env.invalidate_all()
    q0, t0 = odoo.sql_db.sql_counter, time.perf_counter()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - t0, odoo.sql_db.sql_counter - q0


def prepare(root_env, env, orders, per_order, batch):
    """The orders of both paths, created (not timed), and a function fulfilling each in batches."""
    distributor, plan = build(root_env, orders, per_order)
    ctx = {"tracking_disable": True, "mail_create_nolog": True, "mail_create_nosubscribe": True}
    secondary = env["dms.secondary.order"].with_context(**ctx).create([{
        "distributor_id": distributor.id, "partner_id": outlet.id,
        "line_ids": [(0, 0, {"product_id": p.id, "product_uom_qty": q}) for p, q in lines],
    } for outlet, lines in plan])
    sales = env["sale.order"].with_context(**ctx).create([{
        "partner_id": outlet.id,
        "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": q}) for p, q in lines],
    } for outlet, lines in plan])

    def fulfil_secondary():
        for start in range(0, len(secondary), batch):
            chunk = secondary[start:start + batch]
            chunk.action_confirm()
            chunk.action_deliver()
            env.flush_all()
            env.invalidate_all()

    def fulfil_sale():
        for start in range(0, len(sales), batch):
            chunk = sales[start:start + batch]
            chunk.action_confirm()
            pickings = chunk.picking_ids
            pickings.action_assign()
            pickings.move_ids.picked = True
            pickings.with_context(skip_sms=True, skip_backorder=True).button_validate()
            env.flush_all()
            env.invalidate_all()

    return secondary, sales, fulfil_secondary, fulfil_sale


def run(db, orders, per_order, batch):
    with common.odoo_env(db) as root_env:
        env = root_env(user=root_env.ref("base.user_admin").id)
        secondary, sales, fulfil_secondary, fulfil_sale = prepare(root_env, env, orders, per_order, batch)

        _r, dms_s, dms_q = measure(env, fulfil_secondary)
        _r, sale_s, sale_q = measure(env, fulfil_sale)
        delivered = sum(secondary.line_ids.mapped("qty_delivered"))
        asked = sum(secondary.line_ids.mapped("product_uom_qty"))
        assert delivered == asked, (delivered, asked)
        assert all(p.state == "done" for p in secondary.picking_ids), "every delivery done"
        assert all(p.state == "done" for p in sales.picking_ids), "every sale delivery done"
        negative = env["stock.quant"].search_count([("owner_id", "=", secondary.distributor_id.id),
                                                    ("quantity", "<", 0)])
        assert not negative, negative
    lines = orders * per_order
    rows = [
        {"path": "secondary confirm+deliver", "orders": orders, "lines": lines, "seconds": dms_s,
         "orders_per_s": orders / dms_s, "queries": dms_q, "ratio": sale_s / dms_s},
        {"path": "sale.order confirm+deliver", "orders": orders, "lines": lines, "seconds": sale_s,
         "orders_per_s": orders / sale_s, "queries": sale_q, "ratio": 1.0},
    ]
    return rows, {"qty_delivered": delivered}


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/run secondary_fulfilment")
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--per-order", type=int, default=3, help="lines per order (default 3)")
    parser.add_argument("--batch", type=int, default=100, help="orders confirmed and delivered per call")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--db", help="existing database with the addons installed; implies --no-write")
    parser.add_argument("--write", action="store_true",
                        help="with --db: write the JSON all the same (a database installed without demo data)")
    args = parser.parse_args(argv)
    install_s = None
    if args.db:
        args.no_write = not args.write
        rows, checks = run(args.db, args.orders, args.per_order, args.batch)
    else:
        db = common.temp_db_name("dms_bench_fulfil")
        try:
            install_s = common.timed_odoo(db, "-i", ",".join(common.dmsenv.ADDONS), "--without-demo=all")
            rows, checks = run(db, args.orders, args.per_order, args.batch)
        finally:
            common.dmsenv.drop_db(db)
    common.print_table(
        "%d secondary orders confirmed and delivered from distributor stock vs sale.order through sale_stock "
        "(ratio = sale.order seconds / secondary seconds)" % args.orders,
        ["path", "orders", "lines", "seconds", "orders_per_s", "queries", "ratio"], rows)
    if not args.no_write:
        common.write_result("secondary_fulfilment", rows, orders=args.orders, per_order=args.per_order,
                            batch=args.batch, install_seconds=install_s, checks=checks)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
