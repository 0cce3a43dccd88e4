from . import test_territory_xlsx
from . import test_report_secondary_sales
from . import test_report_sell_in_out
from . import test_report_target
from . import test_report_scheme
from . import test_report_overview
from . import test_register_xlsx
from . import test_xlsx_stream
