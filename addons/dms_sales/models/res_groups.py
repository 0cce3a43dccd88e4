from odoo import api, models


class ResGroups(models.Model):
    _inherit = "res.groups"

    @api.constrains("users")
    def _check_dms_distributor_accountant(self):
        """Users added from the group's side (Invoicing) are checked as from theirs."""
        self.users._check_dms_distributor_accountant()
