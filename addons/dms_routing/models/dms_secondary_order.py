from odoo import fields, models


class DmsSecondaryOrder(models.Model):
    _inherit = "dms.secondary.order"

    dms_van_session_id = fields.Many2one(
        "dms.van.session", string="Van Session", index="btree_not_null", copy=False, check_company=True,
        help="Van sales day this order was sold from; its source location is then the van.",
    )
