from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _dms_home_action(self):
        """Distribution managers start on the Overview dashboard."""
        self.ensure_one()
        if self.has_group("dms_sales.group_dms_manager"):
            return self.env.ref("dms_reports.dms_report_overview_action")
        return super()._dms_home_action()
