from . import test_distributor_location
from . import test_forecast
