from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _dms_home_action(self):
        """Distribution managers start on the Overview dashboard; accountants (Invoicing) who cover
        no territory on Distributor Receivables."""
        self.ensure_one()
        if self.has_group("dms_sales.group_dms_manager"):
            return self.env.ref("dms_reports.dms_report_overview_action")
        if (self.has_group("account.group_account_invoice") and not self.has_group("dms_routing.group_dms_driver")
                and not (self.dms_territory_ids or self.dms_managed_territory_ids)):
            return self.env.ref("dms_reports.dms_receivable_line_action")
        return super()._dms_home_action()
