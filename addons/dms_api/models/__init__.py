from . import dms_api_tombstone
from . import account_move
from . import dms_scheme
from . import dms_secondary_order
from . import product_pricelist_item
from . import product_product
from . import res_partner
from . import stock_quant
