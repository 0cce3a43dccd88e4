from odoo import models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def write(self, vals):
        # Validating a transfer with an owner writes that owner on every line (stock.picking
        # _action_done); core then unreserves and reserves each line again, a few queries a line, even
        # when the owner does not change, as on every delivery out of a distributor's stock. A write
        # that changes no line's owner leaves the owner out.
        if "owner_id" in vals and self:
            owner = vals["owner_id"]
            owner_id = owner.id if isinstance(owner, models.BaseModel) else (owner or False)
            if all(line.owner_id.id == owner_id for line in self):
                vals = {key: value for key, value in vals.items() if key != "owner_id"}
                if not vals:
                    return True
        return super().write(vals)
