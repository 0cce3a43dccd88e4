"""Trip optimisation end to end: a day of N deliveries over V vehicles through the model method
the UI's Optimise button calls (stock.picking.batch._dms_optimise).

Creates its own database (the four addons, no demo data), a distributor in Dhaka with saleable
stock, N outlets spread over the city with opening hours, one delivery each (1-4 products, real
reserved stock moves), V vehicles of mixed capacity, then optimises and times it: total seconds,
queries, the solver's share (the solver time limit is --seconds), km and used capacity per trip.
Rolled back at the end.
"""
import argparse
import cProfile
import datetime
import pstats
import random
import time

from bench import common

DEPOT = (23.7808, 90.4170)  # Gulshan


def build(env, stops, vehicles, seed=7):
    from odoo.fields import Command

    rnd = random.Random(seed)
    territory = env["dms.territory"].create({"name": "Bench Dhaka", "code": "BENCH-T"})
    distributor = env["res.partner"].create({
        "name": "Bench Trip Distributor", "is_company": True, "dms_role": "distributor",
        "dms_covered_territory_ids": [(6, 0, territory.ids)],
        "partner_latitude": DEPOT[0], "partner_longitude": DEPOT[1]})
    outlets = env["res.partner"].create([{
        "name": "Bench trip outlet %03d" % i, "is_company": True, "dms_role": "outlet",
        "dms_outlet_code": "BT-%03d" % i, "dms_territory_id": territory.id, "dms_distributor_id": distributor.id,
        # about 12 x 14 km around Gulshan, Mirpur, Uttara, Dhanmondi
        "partner_latitude": 23.72 + rnd.random() * 0.12, "partner_longitude": 90.34 + rnd.random() * 0.10,
        "dms_opening_time": rnd.choice([8.0, 9.0, 10.0]), "dms_closing_time": rnd.choice([20.0, 21.0, 22.0]),
    } for i in range(stops)])
    products = env["product.product"].create([{
        "name": "Bench trip product %d" % i, "is_storable": True, "weight": w, "volume": v,
    } for i, (w, v) in enumerate([(2.0, 0.01), (5.0, 0.02), (8.0, 0.03), (12.0, 0.04)])])
    source = distributor._dms_bucket_location("saleable")
    for product in products:
        env["stock.quant"]._update_available_quantity(product, source, 100000)
    out_type = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1).out_type_id
    customers = env.ref("stock.stock_location_customers")
    pickings = env["stock.picking"].create([{
        "picking_type_id": out_type.id, "partner_id": outlet.id, "location_id": source.id,
        "location_dest_id": customers.id,
        "move_ids": [Command.create({
            "name": p.name, "product_id": p.id, "product_uom": p.uom_id.id, "product_uom_qty": rnd.randint(1, 3),
            "location_id": source.id, "location_dest_id": customers.id,
        }) for p in rnd.sample(list(products), rnd.randint(1, 4))],
    } for outlet in outlets])
    pickings.action_confirm()
    pickings.action_assign()
    brand = env["fleet.vehicle.model.brand"].create({"name": "Bench"})
    model = env["fleet.vehicle.model"].create({"name": "Bench van", "brand_id": brand.id})
    big = env["fleet.vehicle.model.category"].create({"name": "Bench 3t", "weight_capacity": 3000,
                                                      "volume_capacity": 20})
    small = env["fleet.vehicle.model.category"].create({"name": "Bench 1.5t", "weight_capacity": 1500,
                                                        "volume_capacity": 12})
    fleet = env["fleet.vehicle"].create([{
        "model_id": model.id, "license_plate": "BENCH-%d" % i, "category_id": (big if i % 2 else small).id,
    } for i in range(vehicles)])
    batches = env["stock.picking.batch"].create([{"vehicle_id": v.id, "picking_type_id": out_type.id}
                                                 for v in fleet])
    env.flush_all()
    return pickings, batches


def run(db, stops, vehicles, seconds, profile=False):
    import odoo

    with common.odoo_env(db) as root_env:
        env = root_env(user=root_env.ref("base.user_admin").id)
        # the routing settings are the company's (the former system parameters are ignored)
        root_env.company.write({"dms_trip_solver_seconds": seconds, "dms_trip_max_hours": 12,
                                "dms_trip_service_minutes": 5})
        env.user.tz = "Asia/Dhaka"
        pickings, batches = build(root_env, stops, vehicles)
        batches = batches.with_env(env)
        env.invalidate_all()
        q0, t0 = odoo.sql_db.sql_counter, time.perf_counter()
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        result = batches._dms_optimise(pickings.with_env(env), datetime.date(2026, 11, 23))
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        env.flush_all()
        total_s, queries = time.perf_counter() - t0, odoo.sql_db.sql_counter - q0
        assert batches.picking_ids == pickings, "every delivery planned"
        trips = [{
            "trip": b.name, "vehicle": b.vehicle_id.category_id.name, "stops": len(b.picking_ids),
            "km": round(b.dms_distance_km, 1), "hours": round(b.dms_duration_hours, 2),
            "weight_pct": round(b.used_weight_percentage, 1), "volume_pct": round(b.used_volume_percentage, 1),
        } for b in batches]
        row = {"stops": stops, "vehicles": vehicles, "solver_limit_s": seconds, "seconds": total_s,
               "solver_s": result.seconds, "overhead_s": total_s - result.seconds, "queries": queries,
               "queries_per_stop": queries / stops, "km": round(sum(batches.mapped("dms_distance_km")), 1),
               "trips_used": sum(1 for b in batches if b.picking_ids)}
        return row, trips


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/run trip_optimise")
    parser.add_argument("--stops", type=int, default=300)
    parser.add_argument("--vehicles", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0, help="solver time limit (default 30)")
    parser.add_argument("--db", help="existing database with the addons installed (implies --no-write)")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--write", action="store_true",
                        help="with --db: write the JSON all the same (a database installed without demo data)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the optimisation (with --db)")
    args = parser.parse_args(argv)
    if args.db:
        row, trips = run(args.db, args.stops, args.vehicles, args.seconds, args.profile)
        args.no_write = not args.write
    else:
        db = common.temp_db_name("dms_bench_trips")
        try:
            common.timed_odoo(db, "-i", ",".join(common.dmsenv.ADDONS), "--without-demo=all")
            row, trips = run(db, args.stops, args.vehicles, args.seconds)
        finally:
            common.dmsenv.drop_db(db)
    common.print_table("%d deliveries, %d vehicles: _dms_optimise end to end" % (args.stops, args.vehicles),
                       list(row), [row])
    common.print_table("trips", list(trips[0]), trips)
    if not args.no_write:
        common.write_result("trip_optimise", [row], trips=trips, stops=args.stops, vehicles=args.vehicles,
                            solver_seconds_limit=args.seconds)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
