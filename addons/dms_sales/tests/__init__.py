from . import test_dms_territory, test_secondary_order
