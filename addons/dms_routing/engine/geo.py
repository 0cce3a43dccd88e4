"""Great-circle distances for geofences and route costs (no Odoo imports)."""
import math

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), metres


def haversine_m(lat1, lon1, lat2, lon2):
    """Distance in metres between two (latitude, longitude) points given in degrees."""
    for value, name, bound in ((lat1, "lat1", 90), (lat2, "lat2", 90), (lon1, "lon1", 180), (lon2, "lon2", 180)):
        if value is None or not -bound <= value <= bound:
            raise ValueError("%s must be a coordinate between -%d and %d, got %r" % (name, bound, bound, value))
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def road_distance_m(lat1, lon1, lat2, lon2, road_factor=1.3):
    """Haversine distance scaled by a road factor: the default when no routing engine is set."""
    if road_factor < 1:
        raise ValueError(f"road_factor must be at least 1, got {road_factor!r}")
    return haversine_m(lat1, lon1, lat2, lon2) * road_factor


def within_fence(point, centre, radius_m):
    """(inside, distance_m) for a check-in point against an outlet's geofence."""
    distance = haversine_m(point[0], point[1], centre[0], centre[1])
    return distance <= radius_m, distance
