from . import engine
from . import models
from . import demo


def post_init_hook(env):
    env["res.partner"]._dms_init_distributor_locations()
    # orders taken before this module had no distributor location to default to
    orders = env["dms.secondary.order"].search([("location_id", "=", False)])
    orders._compute_location_id()
