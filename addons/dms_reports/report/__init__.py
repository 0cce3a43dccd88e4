from . import dms_territory_xlsx
from . import dms_trip_xlsx
