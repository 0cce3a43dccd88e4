from . import test_geo, test_trip_access
