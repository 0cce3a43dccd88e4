from . import test_claim, test_dms_territory, test_secondary_order, test_target
