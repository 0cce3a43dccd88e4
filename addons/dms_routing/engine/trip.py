"""Trip planning around the VRP adapter (no Odoo imports): travel matrices from coordinates or an
OSRM `table` service, stops kept at a locked position, and the timetable of a route."""
import json
import math
import urllib.error
import urllib.request

from odoo.addons.dms_sales.engine.geo import EARTH_RADIUS_M, haversine_m


class MatrixError(Exception):
    """The routing service could not give a matrix; the message says why."""


def haversine_matrices(points, road_factor=1.3, speed_kmh=25.0):
    """(distances in metres, durations in seconds) between (lat, lng) points, as ints.

    The same figures as `road_distance_m` pair by pair, computed once per pair (the distance is
    symmetric) with each point's coordinates checked and converted once: 300 stops make 90,000
    pairs."""
    if speed_kmh <= 0:
        raise ValueError(f"speed_kmh must be positive, got {speed_kmh!r}")
    if road_factor < 1:
        raise ValueError(f"road_factor must be at least 1, got {road_factor!r}")
    for lat, lng in points:
        haversine_m(lat, lng, lat, lng)  # refuses a missing or out of range coordinate
    metres_per_s = speed_kmh * 1000 / 3600
    prepared = [(math.radians(lat), math.cos(math.radians(lat)), lng) for lat, lng in points]
    size = len(points)
    distances = [[0] * size for _i in range(size)]
    sin, asin, sqrt, radians = math.sin, math.asin, math.sqrt, math.radians
    diameter = 2 * EARTH_RADIUS_M
    for i, (phi1, cos1, lng1) in enumerate(prepared):
        row = distances[i]
        for j in range(i + 1, size):
            phi2, cos2, lng2 = prepared[j]
            a = sin((phi2 - phi1) / 2) ** 2 + cos1 * cos2 * sin(radians(lng2 - lng1) / 2) ** 2
            row[j] = distances[j][i] = int(round(diameter * asin(min(1.0, sqrt(a))) * road_factor))
    durations = [[int(round(d / metres_per_s)) for d in row] for row in distances]
    return distances, durations


def osrm_table_url(base_url, points, profile="driving"):
    coords = ";".join("%.6f,%.6f" % (lng, lat) for lat, lng in points)
    return "%s/table/v1/%s/%s?annotations=duration,distance" % (base_url.rstrip("/"), profile, coords)


def osrm_matrices(base_url, points, timeout=10.0, profile="driving"):
    """(distances in metres, durations in seconds) from an OSRM `table` service.

    Raises MatrixError when the service is unreachable, answers an error, or leaves a pair
    without a route."""
    url = osrm_table_url(base_url, points, profile)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            payload = json.loads(response.read().decode())
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise MatrixError("OSRM service %s is unreachable: %s" % (base_url, getattr(exc, "reason", exc))) from exc
    except ValueError as exc:
        raise MatrixError("OSRM service %s did not answer JSON: %s" % (base_url, exc)) from exc
    if payload.get("code") != "Ok":
        raise MatrixError("OSRM service %s answered %s: %s"
                          % (base_url, payload.get("code"), payload.get("message", "")))
    n = len(points)
    durations, distances = payload.get("durations"), payload.get("distances")
    if not durations or not distances or len(durations) != n or len(distances) != n:
        raise MatrixError("OSRM service %s answered a table of the wrong size (expected %d x %d, with "
                          "durations and distances)." % (base_url, n, n))
    for i in range(n):
        for j in range(n):
            if durations[i][j] is None or distances[i][j] is None:
                raise MatrixError("OSRM service %s found no road between points %d and %d." % (base_url, i, j))
    return ([[int(round(v)) for v in row] for row in distances],
            [[int(round(v)) for v in row] for row in durations])


def place_locked(order, locked):
    """The solver's `order` of keys with `locked` {key: position (1-based)} put back at their
    positions; the other keys keep their relative order around them."""
    free = [k for k in order if k not in locked]
    total = len(free) + len(locked)
    result = [None] * total
    for key, position in sorted(locked.items(), key=lambda kv: kv[1]):
        index = min(max(position, 1), total) - 1
        while result[index] is not None:  # two locks on one position: the next free slot
            index = (index + 1) % total
        result[index] = key
    it = iter(free)
    return [k if k is not None else next(it) for k in result]


def schedule(order, stops, distances, durations, start):
    """Timetable of one route: [(key, arrival, departure, distance from previous)], back distance,
    end time, and the keys reached after their window closed. `stops` maps key -> vrp.Stop."""
    rows, late = [], []
    here, clock = 0, start
    for key in order:
        stop = stops[key]
        clock += durations[here][stop.location]
        arrival = max(clock, stop.tw_start)
        if stop.tw_end is not None and arrival > stop.tw_end:
            late.append(key)
        departure = arrival + stop.service
        rows.append((key, arrival, departure, distances[here][stop.location]))
        here, clock = stop.location, departure
    back = distances[here][0] if order else 0
    end = clock + (durations[here][0] if order else 0)
    return rows, back, end, late
