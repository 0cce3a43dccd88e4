from . import (
    test_dms_territory,
    test_network_security,
    test_res_partner_network,
    test_secondary_order,
)
