from . import test_distributor_location
from . import test_forecast
from . import test_distributor_stock
from . import test_replenishment
from . import test_stock_audit
