from . import test_territory_xlsx
from . import test_trip_xlsx
