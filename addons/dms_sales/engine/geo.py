"""Great-circle distance (no Odoo imports): outlet duplicates here, geofences and routes in
dms_routing, which builds on this module."""
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
