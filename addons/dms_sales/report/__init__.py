from . import dms_outlet_due
