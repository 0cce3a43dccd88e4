from odoo import models, tools
from odoo.tools import SQL


class IrModelAccess(models.Model):
    _inherit = "ir.model.access"

    @tools.ormcache("self.env.uid", "mode")
    def _get_allowed_models(self, mode="read"):
        """Portal users write nothing over RPC through our groups: the Distributor Staff group gives
        portal distributor staff reading rights only, and what they may change (confirm a goods
        receipt, ...) goes through the portal's controllers, which check it. Wizards stay creatable:
        their actions check what they do."""
        allowed = super()._get_allowed_models(mode)
        if mode == "read" or not self.env.user.share:
            return allowed
        rows = self.env.execute_query(SQL(
            """
            SELECT m.model
              FROM ir_model_access a
              JOIN ir_model m ON m.id = a.model_id
             WHERE a.perm_%s
               AND a.active
               AND (a.group_id IS NULL OR a.group_id IN %s)
               AND (m.transient OR a.group_id IS NULL OR a.group_id NOT IN (
                        SELECT res_id FROM ir_model_data WHERE model = 'res.groups' AND module LIKE %s))
             GROUP BY m.model
            """, SQL(mode), tuple(self.env.user._get_group_ids()) or (None,), "dms\\_%"))
        return frozenset(row[0] for row in rows)
