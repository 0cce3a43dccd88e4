from . import test_geo, test_trip_access
from . import test_vrp
