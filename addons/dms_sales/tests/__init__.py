from . import test_dms_territory, test_secondary_order

# isort: split
from . import test_primary_credit
