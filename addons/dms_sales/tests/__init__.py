from . import test_claim
from . import test_dms_territory
from . import test_primary_credit
from . import test_scheme
from . import test_scheme_engine
from . import test_secondary_order
from . import test_target
from . import test_ui
