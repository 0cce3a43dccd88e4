from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """Users without a Home Action of their own start on their Distribution role's screen
        (res.users._dms_home_action) instead of the first app; a Home Action set on the user
        always wins."""
        info = super().session_info()
        user = self.env.user
        if info.get("home_action_id") or not user or user._is_public() or user.share:
            return info
        action = user._dms_home_action()
        if action:
            info["home_action_id"] = action.id
        return info
