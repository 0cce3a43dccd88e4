from . import dms_journey_plan_wizard
