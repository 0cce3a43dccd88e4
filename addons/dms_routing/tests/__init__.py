from . import test_geo, test_trip_access
from . import test_vrp
from . import test_trip_optimise
from . import test_delivery_proof
