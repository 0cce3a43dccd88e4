#!/usr/bin/env python3
"""Solve a VRPLIB (CVRP or VRPTW) or Solomon instance with the route optimiser the addon uses.

    python3 bench/vrp_solve.py --instance ../shared/benchmarks/vrp/X-n101-k25.vrp --seconds 5

Prints one JSON object: `cost` in the file's own distance convention (each arc rounded to the
nearest integer for CVRPLIB EUC_2D; unrounded Euclidean for Solomon and VRPTW files),
`cost_truncated` for time-window files (each arc truncated to 0.1, the convention of their
best-known values), `routes` (lists of customer ids, depot = 0), `feasible`, `seconds`.
It needs no Odoo: the adapter (addons/dms_routing/engine/vrp.py) is plain Python over PyVRP.
"""
import argparse
import importlib.util
import json
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCALE = 10  # time-window instances: integers in tenths, each arc truncated to 0.1


def load_adapter():
    path = os.path.join(ROOT, "addons", "dms_routing", "engine", "vrp.py")
    spec = importlib.util.spec_from_file_location("dms_routing_vrp", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def read_instance(path):
    """-> dict(coords, demands, capacity, vehicles, tw (list of (early, late)) or None, service list or None)."""
    with open(path) as f:
        text = f.read()
    if "NODE_COORD_SECTION" in text:
        return _read_vrplib(text)
    return _read_solomon(text)


def _read_vrplib(text):
    header, sections, current = {}, {}, None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if line.endswith("_SECTION"):
            current = line
            sections[current] = []
        elif ":" in line and current is None:
            key, value = line.split(":", 1)
            header[key.strip().upper()] = value.strip().strip('"')
        elif current:
            sections[current].append(line.split())
    coords = [(float(x), float(y)) for _i, x, y in sections["NODE_COORD_SECTION"]]
    demands = [int(d) for _i, d in sections.get("DEMAND_SECTION", [])] or [0] * len(coords)
    depots = [int(r[0]) for r in sections.get("DEPOT_SECTION", []) if int(r[0]) > 0] or [1]
    if depots != [1]:
        raise ValueError("only instances whose depot is node 1 are supported")
    tw = [(float(a), float(b)) for _i, a, b in sections["TIME_WINDOW_SECTION"]] \
        if "TIME_WINDOW_SECTION" in sections else None
    service = None
    if tw is not None:
        rows = sections.get("SERVICE_TIME_SECTION")
        service = [float(r[1]) for r in rows] if rows else \
            [0.0] + [float(header.get("SERVICE_TIME", 0))] * (len(coords) - 1)
    vehicles = int(header.get("VEHICLES", 0)) or len(coords) - 1
    return {"coords": coords, "demands": demands, "capacity": int(header["CAPACITY"]), "vehicles": vehicles,
            "tw": tw, "service": service, "rounding": "round" if tw is None else "truncate"}


def _read_solomon(text):
    lines = [ln.split() for ln in text.splitlines() if ln.strip()]
    vehicles = capacity = None
    rows = []
    for i, parts in enumerate(lines):
        if parts[0].upper() == "NUMBER" and vehicles is None:
            vehicles, capacity = int(lines[i + 1][0]), int(lines[i + 1][1])
        elif parts[0].isdigit() and len(parts) == 7:
            rows.append([float(p) for p in parts])
    rows.sort(key=lambda r: r[0])
    return {
        "coords": [(r[1], r[2]) for r in rows], "demands": [int(r[3]) for r in rows], "capacity": capacity,
        "vehicles": vehicles, "tw": [(r[4], r[5]) for r in rows], "service": [r[6] for r in rows],
        "rounding": "truncate",
    }


def euclid(a, b):
    return math.hypot(a[0] - b[0], a[1] - b[1])


def build_problem(vrp, inst):
    coords = inst["coords"]
    n = len(coords)
    if inst["tw"] is None:  # CVRPLIB: each arc rounded to the nearest integer
        dist = [[round(euclid(coords[i], coords[j])) for j in range(n)] for i in range(n)]
        stops = tuple(vrp.Stop(key=i, location=i, demand=(inst["demands"][i],)) for i in range(1, n))
        vehicles = tuple(vrp.Vehicle(key=k, capacity=(inst["capacity"],)) for k in range(inst["vehicles"]))
        return vrp.Problem(dist, dist, stops, vehicles)
    # time windows: tenths, each arc truncated to 0.1; travel time equals distance
    dist = [[int(euclid(coords[i], coords[j]) * SCALE + 1e-9) for j in range(n)] for i in range(n)]
    tw, service = inst["tw"], inst["service"]
    stops = tuple(
        vrp.Stop(key=i, location=i, demand=(inst["demands"][i],), service=round(service[i] * SCALE),
                 tw_start=round(tw[i][0] * SCALE), tw_end=round(tw[i][1] * SCALE))
        for i in range(1, n))
    depot_end = round(tw[0][1] * SCALE)
    vehicles = tuple(vrp.Vehicle(key=k, capacity=(inst["capacity"],), shift_start=round(tw[0][0] * SCALE),
                                 shift_end=depot_end) for k in range(inst["vehicles"]))
    return vrp.Problem(dist, dist, stops, vehicles, depot_tw=(round(tw[0][0] * SCALE), depot_end))


def route_cost(coords, routes, arc):
    total = 0
    for route in routes:
        path = [0, *route, 0]
        total += sum(arc(coords[a], coords[b]) for a, b in zip(path, path[1:], strict=False))
    return total


def solve_instance(path, seconds, seed=1, vrp=None):
    vrp = vrp or load_adapter()
    inst = read_instance(path)
    result = vrp.solve(build_problem(vrp, inst), seconds=seconds, seed=seed)
    routes = [[visit.key for visit in route.visits] for route in result.routes if route.visits]
    out = {"instance": os.path.basename(path), "routes": routes, "feasible": result.feasible,
           "seconds": round(result.seconds, 3), "vehicles_used": len(routes)}
    coords = inst["coords"]
    if inst["tw"] is None:
        out["cost"] = route_cost(coords, routes, lambda a, b: round(euclid(a, b)))
    else:
        out["cost"] = round(route_cost(coords, routes, euclid), 3)
        out["cost_truncated"] = round(result.distance / SCALE, 1)
    if result.issues:
        out["issues"] = [i.message for i in result.issues]
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instance", required=True, help="VRPLIB .vrp or Solomon .txt file")
    parser.add_argument("--seconds", type=float, default=5.0, help="time limit (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(json.dumps(solve_instance(args.instance, args.seconds, args.seed)))


if __name__ == "__main__":
    main()
