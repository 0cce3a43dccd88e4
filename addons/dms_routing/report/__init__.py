from . import dms_visit_kpi
