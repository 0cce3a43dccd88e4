from . import test_distributor_location
from . import test_forecast
from . import test_fulfilment
from . import test_fulfilment_concurrency
from . import test_goods_receipt
from . import test_stock_return
