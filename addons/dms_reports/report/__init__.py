from . import dms_territory_xlsx
from . import dms_trip_xlsx
from . import dms_statement_report
from . import dms_statement_xlsx
from . import dms_target_xlsx
from . import dms_claim_xlsx
