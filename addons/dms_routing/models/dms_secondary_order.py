from odoo import fields, models
from odoo.exceptions import UserError


class DmsSecondaryOrder(models.Model):
    _inherit = "dms.secondary.order"

    dms_van_session_id = fields.Many2one(
        "dms.van.session", string="Van Session", index="btree_not_null", copy=False, check_company=True,
        help="Van sales day this order was sold from; its source location is then the van.",
    )

    def _dms_check_outlet_credit(self):
        """An outlet whose credit a bounced cheque put on hold gets no order confirmed."""
        # sudo: the hold is a manager's field, read only to enforce it
        held = self.partner_id.commercial_partner_id.sudo().filtered("dms_cheque_credit_hold")
        if held:
            raise UserError(self.env._(
                "Outlet %(outlet)s is on credit hold after a bounced cheque: a Distribution Manager must "
                "lift the hold (Credit Hold on the outlet) before its orders are confirmed.",
                outlet=held[0].display_name))
        return super()._dms_check_outlet_credit()
