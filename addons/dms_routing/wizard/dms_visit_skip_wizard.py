from odoo import fields, models


class DmsVisitSkipWizard(models.TransientModel):
    """My Day's Skip button: the rep picks why the planned visit is skipped."""

    _name = "dms.visit.skip.wizard"
    _description = "Skip a Visit"

    visit_id = fields.Many2one("dms.visit", required=True, ondelete="cascade",
                               help="The planned visit to skip.")
    reason_id = fields.Many2one(
        "dms.visit.skip.reason", required=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Why the outlet is not visited.")
    company_id = fields.Many2one(related="visit_id.company_id")

    def action_skip(self):
        self.ensure_one()
        # the visit's own action re-checks the state, the rep and the reason, as the user
        self.visit_id.action_skip(self.reason_id.id)
        return {"type": "ir.actions.act_window_close"}
