from . import dms_beat
from . import dms_beat_line
from . import dms_no_order_reason
from . import dms_rep_leave
from . import dms_visit
from . import res_company
from . import res_config_settings
