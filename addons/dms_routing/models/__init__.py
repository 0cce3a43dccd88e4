from . import dms_delivery_failure_reason
from . import res_config_settings
from . import stock_picking
from . import stock_picking_batch
