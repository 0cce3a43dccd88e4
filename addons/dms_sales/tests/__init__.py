from . import test_dms_territory, test_secondary_order, test_secondary_order_import
