"""A million secondary order lines, fast: a small network through the ORM, then orders and
lines inserted by SQL (INSERT ... SELECT over generate_series), shared by the reporting benchmarks.

Lines are confirmed or delivered, spread over 12 months, 50 leaf territories under 5 regions, 5
distributors, OUTLETS outlets and PRODUCTS products (half sold in cases of 12, a third of their
lines in cases), a quarter of the lines with a 5% scheme discount. Order totals are not filled
(the reports read lines)."""
import time

from odoo.tools import SQL

OUTLETS = 1000
PRODUCTS = 200
REGIONS = 5
AREAS = 10


def build_network(env):
    company = env.company
    Territory = env["dms.territory"]
    regions = Territory.create([{"name": "Bench Region %d" % r, "code": "BR%d" % r} for r in range(REGIONS)])
    areas = Territory.create([{"name": "Bench Area %d-%d" % (r, a), "code": "BA%d-%d" % (r, a),
                               "parent_id": region.id} for r, region in enumerate(regions) for a in range(AREAS)])
    pricelist = env["product.pricelist"].create({"name": "Bench prices", "currency_id": company.currency_id.id})
    distributors = env["res.partner"].create([{
        "name": "Bench Distributor %d" % r, "is_company": True, "dms_role": "distributor",
        "dms_covered_territory_ids": [(6, 0, region.ids)], "dms_secondary_pricelist_id": pricelist.id,
    } for r, region in enumerate(regions)])
    channel = env.ref("dms_sales.dms_channel_modern_trade")
    classes = env["dms.outlet.class"].create([{"name": "Bench %s" % c} for c in "ABC"])
    env["res.partner"].create([{
        "name": "Bench Outlet %04d" % i, "is_company": True, "dms_role": "outlet", "dms_outlet_code": "BO-%04d" % i,
        "dms_territory_id": areas[i % len(areas)].id,
        "dms_distributor_id": distributors[(i % len(areas)) // AREAS].id,
        "dms_channel_id": channel.id, "dms_outlet_class_id": classes[i % 3].id,
    } for i in range(OUTLETS)])
    categ = env["product.category"].create({"name": "Bench goods"})
    products = env["product.product"].create([{
        "name": "Bench product %03d" % i, "default_code": "BP-%03d" % i, "list_price": 10 + i % 90,
        "categ_id": categ.id, "is_storable": True,
    } for i in range(PRODUCTS)])
    env["product.packaging"].create([{"name": "Case of 12", "product_id": p.id, "qty": 12, "sales": True}
                                     for p in products[::2]])
    scheme = env["dms.scheme"].create({
        "name": "Bench 5% (inserted by SQL)", "rule_type": "qty_slab", "active": False,
        "product_ids": [(6, 0, products[:1].ids)],
        "slab_ids": [(0, 0, {"threshold": 1000000, "discount_value": 5})]})
    rep = env["res.users"].create({"name": "Bench Rep", "login": "bench_rep",
                                   "groups_id": [(6, 0, env.ref("dms_sales.group_dms_rep").ids)]})
    env.flush_all()
    return {"pricelist": pricelist, "scheme": scheme, "rep": rep, "regions": regions, "areas": areas,
            "distributors": distributors}


def insert_lines(env, lines, per_order=10):
    """Insert `lines` secondary order lines (and lines / per_order orders) by SQL; seconds taken."""
    start = time.perf_counter()
    network = build_network(env)
    cr = env.cr
    orders = lines // per_order
    company = env.company
    cr.execute(SQL("""
        CREATE TEMP TABLE bench_outlet AS
        SELECT row_number() OVER (ORDER BY id) AS rn, id, dms_distributor_id, dms_territory_id, dms_channel_id,
               dms_outlet_class_id
          FROM res_partner WHERE dms_role = 'outlet' AND starts_with(name, 'Bench Outlet ');
        CREATE TEMP TABLE bench_product AS
        SELECT row_number() OVER (ORDER BY p.id) AS rn, p.id, t.uom_id, t.list_price,
               (SELECT pk.id FROM product_packaging pk WHERE pk.product_id = p.id LIMIT 1) AS packaging_id
          FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
         WHERE starts_with(p.default_code, 'BP-');
    """))
    cr.execute("SELECT count(*) FROM bench_outlet")
    n_outlets = cr.fetchone()[0]
    cr.execute(SQL("""
        INSERT INTO dms_secondary_order (name, state, company_id, distributor_id, partner_id, territory_id,
                                         channel_id, outlet_class_id, user_id, date_order, confirmation_date,
                                         pricelist_id, currency_id, origin, amount_untaxed, amount_tax,
                                         amount_total, amount_scheme, create_uid, write_uid, create_date,
                                         write_date)
        SELECT 'BENCH/' || g, CASE WHEN mod(g, 3) = 0 THEN 'confirmed' ELSE 'delivered' END, %(company)s,
               o.dms_distributor_id, o.id, o.dms_territory_id, o.dms_channel_id, o.dms_outlet_class_id, %(rep)s,
               date_trunc('day', now()) - mod(g, 365) * INTERVAL '1 day' + mod(g, 10) * INTERVAL '1 hour',
               now(), %(pricelist)s, %(currency)s, 'import', 0, 0, 0, 0, 1, 1, now(), now()
          FROM generate_series(1, %(orders)s) g
          JOIN bench_outlet o ON o.rn = mod(g, %(n_outlets)s) + 1
    """, company=company.id, rep=network["rep"].id, pricelist=network["pricelist"].id,
        currency=company.currency_id.id, orders=orders, n_outlets=n_outlets))
    cr.execute(SQL("""
        INSERT INTO dms_secondary_order_line (
            order_id, sequence, company_id, currency_id, state, distributor_id, partner_id, date_order,
            product_id, product_uom_id, product_uom_qty, product_packaging_id, product_packaging_qty,
            price_unit, discount, price_subtotal, price_tax, price_total, scheme_id, is_reward, scheme_amount,
            qty_delivered, qty_returned, benefit_claimed, create_uid, write_uid, create_date, write_date)
        SELECT o.id, k, o.company_id, o.currency_id, o.state, o.distributor_id, o.partner_id, o.date_order,
               p.id, p.uom_id, q.qty, q.packaging_id, CASE WHEN q.packaging_id IS NULL THEN 0 ELSE q.qty / 12 END,
               p.list_price, q.discount, p.list_price * q.qty * (1 - q.discount / 100), 0,
               p.list_price * q.qty * (1 - q.discount / 100),
               CASE WHEN q.discount > 0 THEN %(scheme)s END, FALSE, p.list_price * q.qty * q.discount / 100,
               CASE WHEN o.state = 'delivered' THEN q.qty ELSE 0 END, 0, 0, 1, 1, now(), now()
          FROM dms_secondary_order o
         CROSS JOIN generate_series(1, %(per_order)s) k
          JOIN bench_product p ON p.rn = mod(o.id * 7 + k * 13, %(n_products)s) + 1
         CROSS JOIN LATERAL (
             SELECT CASE WHEN p.packaging_id IS NOT NULL AND mod(k, 3) = 0 THEN p.packaging_id END AS packaging_id,
                    CASE WHEN p.packaging_id IS NOT NULL AND mod(k, 3) = 0 THEN 12.0 * (1 + mod(o.id + k, 3))
                         ELSE 1.0 + mod(o.id + k, 24) END AS qty,
                    CASE WHEN mod(k, 4) = 0 THEN 5.0 ELSE 0.0 END AS discount
         ) q
         WHERE starts_with(o.name, 'BENCH/')
    """, scheme=network["scheme"].id, per_order=per_order, n_products=PRODUCTS))
    cr.execute("ANALYZE dms_secondary_order")
    cr.execute("ANALYZE dms_secondary_order_line")
    env.invalidate_all()
    return network, time.perf_counter() - start


def peak_rss_reset():
    """Reset the peak RSS of this process (Linux): /proc/self/status VmHWM restarts from now."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def rss_mb(field="VmRSS"):
    """Current (VmRSS) or peak (VmHWM) resident memory of this process, in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return None
