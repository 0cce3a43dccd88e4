from . import dms_statement_wizard
from . import dms_reconcile_wizard
from . import dms_reconcile_wizard_line
from . import dms_secondary_sales_register_wizard
