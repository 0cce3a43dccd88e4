from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The routing settings moved from system parameters to the companies: copy them over."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"]._dms_migrate_trip_params()
