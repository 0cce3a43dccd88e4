from . import dms_territory_xlsx
from . import dms_report_secondary_sales
from . import dms_report_sell_in_out
from . import dms_report_target
from . import dms_report_scheme
from . import dms_secondary_sales_register_xlsx
