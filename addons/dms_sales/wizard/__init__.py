from . import base_partner_merge_automatic_wizard, dms_secondary_order_import, dms_secondary_order_import_error
from . import dms_secondary_order_import_job
from . import dms_target_cascade
from . import dms_incentive_compute
from . import dms_books_accountant
