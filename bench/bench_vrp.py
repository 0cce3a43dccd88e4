"""Route quality: cost, gap to best-known and time on CVRPLIB and Solomon instances, through the
addon's adapter and with the raw PyVRP solver, at several time limits.

Options: --limits 1,5,30 (seconds), --instances NAME,... (default: every instance of at most 200
customers in ../shared/benchmarks/vrp), --vrp-dir DIR. Writes bench/results/vrp.json.
"""
import argparse
import glob
import os
import statistics
import time

from bench import common, vrp_solve

DEFAULT_DIR = os.path.join(os.path.dirname(common.ROOT), "shared", "benchmarks", "vrp")


def best_known(path):
    sol = os.path.splitext(path)[0] + ".sol"
    with open(sol) as f:
        for line in f:
            if line.lower().startswith("cost"):
                return float(line.split()[1])
    raise ValueError("no cost in %s" % sol)


def raw_solve(path, seconds, seed=1):
    """PyVRP called directly on the file's data: the limit the adapter is compared with."""
    import pyvrp
    from pyvrp.stop import MaxRuntime

    start = time.perf_counter()
    inst = vrp_solve.read_instance(path)
    if path.endswith(".vrp"):
        data = pyvrp.read(path, round_func="round" if inst["tw"] is None else "dimacs")
    else:  # Solomon text: build the same data directly
        model = pyvrp.Model()
        coords = inst["coords"]
        scale = vrp_solve.SCALE
        locs = [model.add_location(x=x, y=y) for x, y in coords]
        tw, service = inst["tw"], inst["service"]
        depot = model.add_depot(locs[0], tw_early=round(tw[0][0] * scale), tw_late=round(tw[0][1] * scale))
        for i in range(1, len(coords)):
            model.add_client(locs[i], delivery=[inst["demands"][i]], service_duration=round(service[i] * scale),
                             tw_early=round(tw[i][0] * scale), tw_late=round(tw[i][1] * scale))
        model.add_vehicle_type(num_available=inst["vehicles"], capacity=[inst["capacity"]], start_depot=depot,
                               end_depot=depot, tw_early=round(tw[0][0] * scale), tw_late=round(tw[0][1] * scale))
        for i, a in enumerate(locs):
            for j, b in enumerate(locs):
                if i != j:
                    d = int(vrp_solve.euclid(coords[i], coords[j]) * scale + 1e-9)
                    model.add_edge(a, b, distance=d, duration=d)
        data = model.data()
    result = pyvrp.solve(data, stop=MaxRuntime(seconds), seed=seed, display=False)
    cost = result.best.distance()
    if inst["tw"] is not None:
        cost /= vrp_solve.SCALE
    return cost, result.best.is_feasible(), time.perf_counter() - start


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/run vrp")
    parser.add_argument("--limits", default="1,5,30")
    parser.add_argument("--instances", default="")
    parser.add_argument("--vrp-dir", default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    limits = [float(x) for x in args.limits.split(",")]
    paths = sorted(glob.glob(os.path.join(args.vrp_dir, "*.vrp")) + glob.glob(os.path.join(args.vrp_dir, "*.txt")))
    if args.instances:
        wanted = set(args.instances.split(","))
        paths = [p for p in paths if os.path.splitext(os.path.basename(p))[0] in wanted]
    else:
        paths = [p for p in paths if len(vrp_solve.read_instance(p)["coords"]) <= 201]
    adapter = vrp_solve.load_adapter()
    rows = []
    for limit in limits:
        for path in paths:
            bks = best_known(path)
            ours = vrp_solve.solve_instance(path, limit, vrp=adapter)
            cost = ours.get("cost_truncated", ours["cost"])
            raw_cost, raw_feasible, raw_seconds = raw_solve(path, limit)
            rows.append({
                "instance": ours["instance"], "limit_s": limit, "best_known": bks,
                "cost": cost, "gap_pct": round(100 * (cost - bks) / bks, 2), "seconds": ours["seconds"],
                "feasible": ours["feasible"], "raw_cost": raw_cost,
                "raw_gap_pct": round(100 * (raw_cost - bks) / bks, 2), "raw_seconds": round(raw_seconds, 3),
                "raw_feasible": raw_feasible,
                "time_overhead_pct": round(100 * (ours["seconds"] - raw_seconds) / raw_seconds, 1),
            })
            print("  %-16s %5.0fs gap %6.2f%% (raw %6.2f%%)" % (rows[-1]["instance"], limit, rows[-1]["gap_pct"],
                                                             rows[-1]["raw_gap_pct"]), flush=True)
    common.print_table("Route quality (gap to best known)", list(rows[0]) if rows else [], rows)
    summary = []
    for limit in limits:
        at = [r for r in rows if r["limit_s"] == limit]
        cvrp100 = [r["gap_pct"] for r in at if r["instance"] in ("M-n101-k10.vrp", "X-n101-k25.vrp")]
        summary.append({
            "limit_s": limit,
            "mean_gap_pct": round(statistics.mean(r["gap_pct"] for r in at), 2),
            "raw_mean_gap_pct": round(statistics.mean(r["raw_gap_pct"] for r in at), 2),
            "mean_gap_100_cvrp_pct": round(statistics.mean(cvrp100), 2) if cvrp100 else None,
            "all_feasible": all(r["feasible"] for r in at),
            "mean_time_overhead_pct": round(statistics.mean(r["time_overhead_pct"] for r in at), 1),
        })
    common.print_table("Summary", list(summary[0]), summary)
    common.write_result("vrp", rows, summary=summary, limits=limits)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
