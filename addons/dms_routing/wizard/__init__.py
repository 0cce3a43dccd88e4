from . import dms_journey_plan_wizard
from . import dms_delivery_proof
from . import dms_delivery_proof_line
from . import dms_trip_optimise
from . import dms_cheque_deposit
from . import dms_cheque_bounce
from . import dms_visit_skip_wizard
