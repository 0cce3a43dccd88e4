from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    dms_secondary_line_id = fields.Many2one(
        "dms.secondary.order.line", string="Secondary Order Line", index="btree_not_null", readonly=True,
        copy=True, help="Secondary order line this move delivers.")

    def _update_reserved_quantity(self, need, location_id, lot_id=None, package_id=None, owner_id=None,
                                  strict=True):
        # Out of a distributor's stock, only quants the distributor owns may be reserved.
        if not owner_id and self.restrict_partner_id and location_id.sudo().dms_distributor_id:  # sudo: flag only
            owner_id = self.restrict_partner_id
        return super()._update_reserved_quantity(
            need, location_id, lot_id=lot_id, package_id=package_id, owner_id=owner_id, strict=strict)

    def _prepare_merge_moves_distinct_fields(self):
        # two order lines of the same product stay two moves: each line counts its own delivery
        return [*super()._prepare_merge_moves_distinct_fields(), "dms_secondary_line_id"]

    def _trigger_scheduler(self):
        # Core searches an automatic reordering rule move by move. For secondary deliveries one
        # search first tells whether any rule exists for their products at all; most often none does
        # (distributor stock is replenished by dms.replenishment), and then nothing is searched per move.
        secondary = self.filtered("dms_secondary_line_id")
        if secondary and not self.env["stock.warehouse.orderpoint"].search_count([
                ("product_id", "in", secondary.product_id.ids), ("trigger", "=", "auto"),
                ("company_id", "in", secondary.company_id.ids)], limit=1):
            return super(StockMove, self - secondary)._trigger_scheduler()
        return super()._trigger_scheduler()
