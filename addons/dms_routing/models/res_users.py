from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _dms_home_action(self):
        """The start screen of a Distribution user who has no Home Action of their own: drivers
        land on My Stops, reps and supervisors on today's My Day. Modules above add theirs
        (dms_reports: managers on the Overview). Empty for everyone else (Odoo's default)."""
        self.ensure_one()
        if self.has_group("dms_routing.group_dms_driver"):
            return self.env.ref("dms_routing.stock_picking_action_dms_my_stops")
        if self.has_group("dms_sales.group_dms_rep"):
            return self.env.ref("dms_routing.dms_visit_action_my_day")
        return self.env["ir.actions.actions"]
