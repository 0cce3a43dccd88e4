from . import test_dms_territory, test_scheme, test_scheme_engine, test_secondary_order
