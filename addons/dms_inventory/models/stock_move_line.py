from odoo import api, models

from ..company_check import company_check_groups
from ..fulfilment import current_deferred_move_lines


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        # Core reserves move by move and creates each move's lines at once: a line insert, its move's
        # quantity and state and its picking's state read again, for every line. Reserving a batch
        # of secondary deliveries (stock.picking._dms_confirm_and_reserve) collects the lines instead: the quants
        # are reserved here at once, as core's create would (so the next move sees them taken), and
        # the lines are created together at the end, their quants not reserved a second time.
        deferred = current_deferred_move_lines(self.env)
        if deferred is None or not vals_list:
            return super().create(vals_list)
        moves = self.env["stock.move"].browse([vals.get("move_id") for vals in vals_list])
        # only the batch's own deliveries: any other move reserved meanwhile (a procurement the
        # confirmation triggers) keeps core's way
        if not all(moves._ids) or any(not move.dms_secondary_line_id or move._should_bypass_reservation()
                                      for move in moves):
            return super().create(vals_list)
        Quant = self.env["stock.quant"]
        for move, vals in zip(moves, vals_list, strict=True):
            product = move.product_id
            uom = self.env["uom.uom"].browse(vals.get("product_uom_id") or product.uom_id.id)
            quantity = uom._compute_quantity(vals.get("quantity", 0.0), product.uom_id, rounding_method="HALF-UP")
            if quantity:
                Quant._update_reserved_quantity(
                    product, self.env["stock.location"].browse(vals["location_id"]), quantity,
                    lot_id=self.env["stock.lot"].browse(vals.get("lot_id") or []),
                    package_id=self.env["stock.quant.package"].browse(vals.get("package_id") or []),
                    owner_id=self.env["res.partner"].browse(vals.get("owner_id") or []))
        deferred.extend(vals_list)
        return self.browse()

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

    def _check_company(self, fnames=None):
        # validating a batch checks every line's links: once per value (see company_check)
        if len(self) < 2:
            return super()._check_company(fnames)
        for lines, names in company_check_groups(self, fnames):
            super(StockMoveLine, lines)._check_company(names)
        return None
