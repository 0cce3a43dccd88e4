from . import dms_outlet_due
from . import dms_scheme_budget_report
