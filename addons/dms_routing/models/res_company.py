from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_visit_fence_radius = fields.Integer(
        string="Visit Geofence Radius (m)", default=100,
        help="A check-in farther than this from the outlet's coordinates is flagged as out of fence "
             "(never refused).")
