from . import dms_secondary_order
from . import res_company
from . import res_partner
from . import stock_location
from . import stock_picking
