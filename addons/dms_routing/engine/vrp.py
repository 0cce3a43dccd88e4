"""Vehicle routing: a thin adapter between plain data and the PyVRP solver (no Odoo imports).

The addon's trip optimiser and `bench/vrp_solve.py` both go through `solve()`. Everything is in
integers, as PyVRP wants: distances in the caller's unit (metres for the addon), durations and
times in the caller's unit (seconds for the addon), loads per capacity dimension (e.g. grams and
cm3). The caller supplies the distance and duration matrices (haversine x road factor, an OSRM
table, or the instance's own convention), so the adapter knows nothing about geography.

Why PyVRP: measured on the shared CVRPLIB/Solomon instances (see the module README), it gave the
smallest gaps at every time limit, and it is MIT licensed.

Locks: a stop locked to a vehicle is only reachable by that vehicle (every other vehicle gets a
routing profile where edges into the stop are prohibitive), and the result is checked: a lock the
solver could not keep makes the solution infeasible instead of being silently broken.
"""
import time
from dataclasses import dataclass, field

UNREACHABLE = 1 << 40  # far beyond any real distance, and well inside PyVRP's int64 costs


@dataclass(frozen=True)
class Stop:
    key: object  # the caller's id (a picking id, a customer number)
    location: int  # index into the matrices (0 is the depot)
    demand: tuple = ()  # one amount per capacity dimension
    service: int = 0  # time spent at the stop
    tw_start: int = 0
    tw_end: int | None = None  # None: open until the end of the shift
    vehicle_key: object = None  # locked to this vehicle, when set


@dataclass(frozen=True)
class Vehicle:
    key: object
    capacity: tuple = ()  # one amount per capacity dimension
    shift_start: int = 0
    shift_end: int | None = None  # latest return to the depot
    max_duration: int | None = None  # maximum route duration, depot to depot


@dataclass(frozen=True)
class Problem:
    distances: list  # square matrix of ints, depot at index 0
    durations: list  # same shape; pass `distances` again when travel time equals distance
    stops: tuple
    vehicles: tuple
    depot_tw: tuple = (0, None)


@dataclass
class Visit:
    key: object
    arrival: int  # start of service (after any waiting)
    departure: int
    load_after: tuple = ()  # load still on board after this stop


@dataclass
class Route:
    vehicle_key: object
    visits: list = field(default_factory=list)
    distance: int = 0
    duration: int = 0
    load: tuple = ()  # total delivered
    start: int = 0
    end: int = 0


@dataclass
class Issue:
    key: object  # the stop (or vehicle) concerned
    constraint: str  # 'capacity', 'time_window', 'lock', 'unassigned'
    message: str


@dataclass
class Result:
    routes: list
    unassigned: list
    feasible: bool
    distance: int
    seconds: float
    issues: list = field(default_factory=list)


def check(problem):
    """Problems that no solver can fix, found before solving: each names the stop and constraint."""
    issues = []
    n = len(problem.distances)
    if any(len(row) != n for row in problem.distances) or len(problem.durations) != n:
        raise ValueError("distance and duration matrices must be square and of the same size")
    if not problem.vehicles:
        issues.append(Issue(None, "vehicle", "No vehicle is available."))
        return issues
    vehicles = {v.key: v for v in problem.vehicles}
    dims = max([len(s.demand) for s in problem.stops] + [len(v.capacity) for v in problem.vehicles] + [0])
    for stop in problem.stops:
        if not 0 < stop.location < n:
            raise ValueError("stop %r: location %r is outside the matrix" % (stop.key, stop.location))
        demand = _pad(stop.demand, dims)
        candidates = [vehicles[stop.vehicle_key]] if stop.vehicle_key in vehicles else problem.vehicles
        if stop.vehicle_key is not None and stop.vehicle_key not in vehicles:
            issues.append(Issue(stop.key, "lock", "Stop %s is locked to vehicle %s, which is not available."
                                % (stop.key, stop.vehicle_key)))
            continue
        if not any(_fits(demand, _pad(v.capacity, dims)) for v in candidates):
            issues.append(Issue(stop.key, "capacity", "Stop %s needs %s, more than any vehicle can carry (%s)."
                                % (stop.key, _fmt(demand), " / ".join(_fmt(_pad(v.capacity, dims))
                                                                      for v in candidates))))
        tw_end = stop.tw_end
        if tw_end is not None and tw_end < stop.tw_start:
            issues.append(Issue(stop.key, "time_window", "Stop %s closes (%s) before it opens (%s)."
                                % (stop.key, tw_end, stop.tw_start)))
            continue
        # reachable on time straight from the depot, and back before the shift ends?
        ok = False
        for v in candidates:
            arrive = max(v.shift_start + problem.durations[0][stop.location], stop.tw_start)
            back = arrive + stop.service + problem.durations[stop.location][0]
            if (tw_end is None or arrive <= tw_end) and (v.shift_end is None or back <= v.shift_end) \
                    and (v.max_duration is None or back - v.shift_start <= v.max_duration):
                ok = True
                break
        if not ok:
            issues.append(Issue(stop.key, "time_window",
                                "Stop %s cannot be served in its time window (%s-%s) within any vehicle's shift."
                                % (stop.key, stop.tw_start, "" if tw_end is None else tw_end)))
    return issues


def solve(problem, seconds=5.0, seed=1):
    """Assign stops to vehicles and order them. Never drops a stop silently: stops that cannot be
    served are in `unassigned` with an `Issue` saying why, and `feasible` is False."""
    from pyvrp import Model
    from pyvrp.stop import MaxRuntime

    start_clock = time.perf_counter()
    issues = check(problem)
    bad = {i.key for i in issues}
    stops = [s for s in problem.stops if s.key not in bad]
    if not stops or not problem.vehicles:
        unassigned = [s.key for s in problem.stops if s.key in bad or not problem.vehicles]
        return Result([], unassigned, not issues, 0, time.perf_counter() - start_clock, issues)

    dims = max([len(s.demand) for s in stops] + [len(v.capacity) for v in problem.vehicles] + [0])
    model = Model()
    n = len(problem.distances)
    locations = [model.add_location(x=0, y=0) for _i in range(n)]
    depot_tw_end = problem.depot_tw[1]
    depot = model.add_depot(locations[0], tw_early=problem.depot_tw[0],
                            **({"tw_late": depot_tw_end} if depot_tw_end is not None else {}))
    clients = []
    for stop in stops:
        kwargs = {"tw_late": stop.tw_end} if stop.tw_end is not None else {}
        clients.append(model.add_client(
            locations[stop.location], delivery=list(_pad(stop.demand, dims)), service_duration=stop.service,
            tw_early=stop.tw_start, name=str(stop.key), **kwargs))

    locked = {s.vehicle_key for s in stops if s.vehicle_key is not None}
    # Identical vehicles share one vehicle type; with locks each vehicle needs its own profile, so
    # its own type.
    groups = {}
    for vehicle in problem.vehicles:
        spec = (_pad(vehicle.capacity, dims), vehicle.shift_start, vehicle.shift_end, vehicle.max_duration)
        groups.setdefault(vehicle.key if locked else spec, []).append(vehicle)
    groups = list(groups.values())
    profiles = {}
    for members in groups:
        vehicle = members[0]
        kwargs = {}
        if vehicle.shift_end is not None:
            kwargs["tw_late"] = vehicle.shift_end
        if vehicle.max_duration is not None:
            kwargs["shift_duration"] = vehicle.max_duration
        if locked:
            kwargs["profile"] = profiles[vehicle.key] = model.add_profile(name=str(vehicle.key))
        model.add_vehicle_type(
            num_available=len(members), capacity=list(_pad(vehicle.capacity, dims)), start_depot=depot,
            end_depot=depot, tw_early=vehicle.shift_start, name=str(vehicle.key), **kwargs)

    stop_of_location = {}
    for stop in stops:
        stop_of_location.setdefault(stop.location, []).append(stop)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            dist, dur = problem.distances[i][j], problem.durations[i][j]
            if not locked:
                model.add_edge(locations[i], locations[j], distance=dist, duration=dur)
                continue
            for vehicle in problem.vehicles:
                blocked = any(s.vehicle_key not in (None, vehicle.key) for s in stop_of_location.get(j, ()))
                model.add_edge(locations[i], locations[j], distance=UNREACHABLE if blocked else dist,
                               duration=dur, profile=profiles[vehicle.key])

    result = model.solve(stop=MaxRuntime(seconds), seed=seed, display=False)
    best = result.best
    routes, assigned = [], set()
    free = [list(members) for members in groups]
    for route in best.routes():
        vehicle = free[route.vehicle_type()].pop(0)
        out = Route(vehicle_key=vehicle.key, distance=route.distance(), duration=route.duration(),
                    load=tuple(route.delivery()), start=route.start_time(), end=route.end_time())
        on_board = list(route.delivery())
        for activity in route.schedule():
            if not activity.is_client():
                continue
            stop = stops[activity.idx]
            on_board = [a - b for a, b in zip(on_board, _pad(stop.demand, dims), strict=True)]
            out.visits.append(Visit(stop.key, activity.start_time, activity.end_time, tuple(on_board)))
            assigned.add(stop.key)
            if stop.vehicle_key is not None and stop.vehicle_key != vehicle.key:
                issues.append(Issue(stop.key, "lock", "Stop %s is locked to vehicle %s but could only be planned "
                                    "on %s." % (stop.key, stop.vehicle_key, vehicle.key)))
        if route.excess_load() and any(route.excess_load()):
            issues.append(Issue(vehicle.key, "capacity", "Vehicle %s is loaded over its capacity." % vehicle.key))
        if route.time_warp():
            issues.append(Issue(vehicle.key, "time_window", "Vehicle %s's route misses time windows or its shift."
                                % vehicle.key))
        routes.append(out)
    unassigned = [s.key for s in problem.stops if s.key not in assigned]
    for key in unassigned:
        if key not in bad:
            issues.append(Issue(key, "unassigned", "Stop %s could not be fitted into any route." % key))
    feasible = best.is_feasible() and not issues
    return Result(routes, unassigned, feasible, sum(r.distance for r in routes),
                  time.perf_counter() - start_clock, issues)


def _pad(values, dims):
    values = tuple(int(v) for v in values)
    return values + (0,) * (dims - len(values))


def _fits(demand, capacity):
    return all(d <= c for d, c in zip(demand, capacity, strict=True))


def _fmt(values):
    return "(" + ", ".join(str(v) for v in values) + ")"
