from . import (
    dms_channel,
    dms_outlet_class,
    dms_scheme,
    dms_scheme_combo_line,
    dms_scheme_slab,
    dms_secondary_order,
    dms_secondary_order_line,
    dms_territory,
    dms_territory_level,
    res_partner,
    res_users,
)
