from . import test_geo, test_trip_access
from . import test_vrp
from . import test_beat
from . import test_field_access
from . import test_journey_engine
from . import test_journey_plan
from . import test_ui
from . import test_visit
from . import test_visit_kpi
from . import test_van_session
from . import test_collection
from . import test_routing_security
from . import test_van_engine
from . import test_collection_concurrency
from . import test_trip_optimise
from . import test_delivery_proof
from . import test_partial_delivery
from . import test_field_scope
from . import test_trip_company_settings
from . import test_maps, test_maps_ui
from . import test_driver_access
from . import test_labels
from . import test_routing_jobs
from . import test_cheque
from . import test_cheque_concurrency
from . import test_mobile_statement_engine
from . import test_beat_discipline
