from . import (
    dms_channel,
    dms_claim,
    dms_claim_line,
    dms_outlet_class,
    dms_scheme,
    dms_secondary_order,
    dms_secondary_order_line,
    dms_target,
    dms_territory,
    dms_territory_level,
    res_partner,
    res_users,
)
