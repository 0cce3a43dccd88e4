from . import dms_statement_wizard
from . import dms_reconcile_wizard
from . import dms_reconcile_wizard_line
