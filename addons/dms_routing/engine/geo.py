"""Road distances and geofences for routes and visits (no Odoo imports besides the shared
great-circle distance of dms_sales)."""
from odoo.addons.dms_sales.engine.geo import haversine_m


def road_distance_m(lat1, lon1, lat2, lon2, road_factor=1.3):
    """Haversine distance scaled by a road factor: the default when no routing engine is set."""
    if road_factor < 1:
        raise ValueError(f"road_factor must be at least 1, got {road_factor!r}")
    return haversine_m(lat1, lon1, lat2, lon2) * road_factor


def within_fence(point, centre, radius_m):
    """(inside, distance_m) for a check-in point against an outlet's geofence."""
    distance = haversine_m(point[0], point[1], centre[0], centre[1])
    return distance <= radius_m, distance
