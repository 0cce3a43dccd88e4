from . import dms_territory, dms_territory_level, res_partner
