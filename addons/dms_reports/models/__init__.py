from . import dms_receivable_line
from . import dms_reconcile_log
from . import dms_report_subscription
from . import res_partner
from . import res_users
