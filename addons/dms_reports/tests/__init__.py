from . import test_territory_xlsx
from . import test_trip_xlsx
from . import test_reports_engine
from . import test_statement
from . import test_reconcile
from . import test_sales_xlsx
from . import test_subscription
