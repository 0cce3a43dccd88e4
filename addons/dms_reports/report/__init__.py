from . import dms_territory_xlsx
