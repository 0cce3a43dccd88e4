from odoo import fields, models

from ..company_check import company_check_groups


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

    def _check_company(self, fnames=None):
        # confirming and validating a batch checks every move's links: once per value (see company_check)
        if len(self) < 2:
            return super()._check_company(fnames)
        for moves, names in company_check_groups(self, fnames):
            super(StockMove, moves)._check_company(names)
        return None

    def _merge_moves(self, merge_into=False):
        # Core groups every move of the pickings by its distinct fields to find moves to merge.
        # Moves of secondary order lines merge only with a move of the same line (a distinct field,
        # see above): when no picking of theirs holds two open moves of one line, there is nothing
        # to merge, and core would return the moves as they are.
        if not merge_into and self and all(move.dms_secondary_line_id and move.picking_id
                                           and move.product_qty >= 0 for move in self):
            open_moves = self.picking_id.move_ids.filtered(lambda m: m.state not in ("done", "cancel", "draft"))
            lines = [(move.picking_id.id, move.dms_secondary_line_id.id) for move in open_moves]
            if all(line for __, line in lines) and len(set(lines)) == len(lines):
                return self
        return super()._merge_moves(merge_into=merge_into)

    def _push_apply(self):
        # Core searches a push rule move by move, up the destination's parent locations, and
        # writes each move's chained moves even when there are none. Deliveries of secondary orders
        # go to the outlets' location: when no push rule (of any route or company) starts there or
        # above, core would find none for them, and they have no chained move to unlink.
        secondary = self.filtered(lambda m: m.dms_secondary_line_id and not m.move_dest_ids)
        # sudo: only whether any rule exists, whatever the user's companies
        if secondary and not self.env["stock.rule"].sudo().search_count([
                ("location_src_id", "parent_of", secondary.location_dest_id.ids),
                ("action", "in", ("push", "pull_push"))], limit=1):
            return super(StockMove, self - secondary)._push_apply()
        return super()._push_apply()
