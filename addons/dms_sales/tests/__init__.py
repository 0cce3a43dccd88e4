from . import test_dms_territory
