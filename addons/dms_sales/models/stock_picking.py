from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def button_validate(self):
        # Checked here too so the user hears it before any backorder or immediate-transfer wizard.
        self._dms_check_sale_credit()
        return super().button_validate()

    def _action_done(self):
        # Every validation path ends here (wizards, backorders, direct calls).
        self._dms_check_sale_credit()
        return super()._action_done()

    def _dms_check_sale_credit(self):
        """Refuse to ship goods of a sale order that is over its distributor's credit limit without
        approval, e.g. one confirmed before the limit was lowered: exposure is computed anew."""
        for picking in self.filtered(lambda p: p.picking_type_code == "outgoing"):
            # sudo: whoever may validate the delivery (an inventory user who may not read this sale
            # order, say) is held to the same limit; only the order's totals and its distributor's
            # credit figures are read, and the block message names them
            order = picking.sudo().sale_id
            if order.state == "sale":
                order._dms_check_credit(picking=picking)
