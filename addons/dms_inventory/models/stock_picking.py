from odoo import api, fields, models

from ..company_check import company_check_groups
from ..fulfilment import deferred_move_lines, in_skip_outlet_follower, move_lines_reserved, quant_pool


class StockPicking(models.Model):
    _inherit = "stock.picking"

    dms_secondary_order_id = fields.Many2one(
        "dms.secondary.order", string="Secondary Order", index="btree_not_null", readonly=True, copy=False,
        help="The distributor's order to an outlet that this transfer delivers.",
    )
    dms_goods_receipt_id = fields.Many2one(
        "dms.goods.receipt", string="Goods Receipt", index="btree_not_null", readonly=True, copy=False,
        help="Distributor goods receipt this transfer belongs to (goods in transit, or put away at confirmation).")
    dms_stock_return_id = fields.Many2one(
        "dms.stock.return", string="Outlet Return", index="btree_not_null", readonly=True, copy=False,
        help="Return from an outlet that this transfer brings back into the distributor's stock.")

    def _check_company(self, fnames=None):
        # creating, confirming and validating a batch checks every picking's links: once per value
        # (see company_check)
        if len(self) < 2:
            return super()._check_company(fnames)
        for pickings, names in company_check_groups(self, fnames):
            super(StockPicking, pickings)._check_company(names)
        return None

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # Core makes the partner of every delivery to a customer a follower of it as it is created,
        # picking by picking (five queries each). A delivery out of a distributor's stock goes to the
        # distributor's outlet, which the company never writes to about its transfers (the secondary
        # order is the outlet's record): created inside fulfilment.skip_outlet_follower(), the outlet
        # is not subscribed. Any other subscription (the validating user, one added by hand) goes
        # through.
        if in_skip_outlet_follower(self.env) and partner_ids and not subtype_ids \
                and all(picking.dms_secondary_order_id for picking in self):
            partner_ids = [pid for pid in partner_ids if pid not in self.partner_id.ids]
            if not partner_ids:
                return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _action_done(self):
        res = super()._action_done()
        done = self.filtered(lambda p: p.state == "done")
        done._dms_create_goods_receipts()
        # sudo: the order records the outcome of its own deliveries, whoever validated them (a
        # driver's proof of delivery, a stock user without rights on secondary orders)
        orders = done.sudo().dms_secondary_order_id
        if orders:
            orders._dms_delivery_done()
        return res

    def _dms_create_goods_receipts(self):
        """A validated primary delivery to a distributor becomes a pending goods receipt."""
        primary = self.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.sale_id
            and p.sale_id.partner_id.commercial_partner_id.dms_role == "distributor"
            and p.sale_id.partner_id.commercial_partner_id.dms_stock_location_id)
        if primary:
            # sudo: receipts are created by the system for deliveries the user just validated;
            # whoever validates (a salesman, a stock user) needs no rights on distributor stock.
            self.env["dms.goods.receipt"].sudo()._dms_create_from_deliveries(primary.sudo())

    @api.model
    def _dms_create_done(self, picking_type, location, location_dest, owner, lines, **vals):
        """Create and validate a transfer of exactly `lines` (dicts with product, qty, optional lot,
        uom, location_dest, secondary line), owned by `owner`. Used for the moves this module makes
        on its own: goods in transit, put-away of receipts, outlet returns. Returns the picking."""
        # sudo: the callers (receipts, returns) checked the user's access to their own record;
        # distributor staff have no stock rights of their own.
        Picking = self.sudo()
        picking = Picking.create({
            "picking_type_id": picking_type.id,
            "location_id": location.id,
            "location_dest_id": location_dest.id,
            "owner_id": owner.id,
            "partner_id": vals.pop("partner_id", owner.id),
            "company_id": picking_type.company_id.id,
            **vals,
            "move_ids": [fields.Command.create({
                "name": line["product"].display_name,
                "product_id": line["product"].id,
                "product_uom": (line.get("uom") or line["product"].uom_id).id,
                "product_uom_qty": line["qty"],
                "location_id": location.id,
                "location_dest_id": (line.get("location_dest") or location_dest).id,
                "restrict_partner_id": owner.id,
                "company_id": picking_type.company_id.id,
            }) for line in lines],
        })
        picking.action_confirm()
        picking.move_ids.move_line_ids.unlink()
        self.env["stock.move.line"].sudo().create([{  # sudo: same technical transfer as above
            "move_id": move.id,
            "picking_id": picking.id,
            "product_id": move.product_id.id,
            "product_uom_id": move.product_uom.id,
            "location_id": move.location_id.id,
            "location_dest_id": move.location_dest_id.id,
            "lot_id": line.get("lot") and line["lot"].id,
            "owner_id": owner.id,
            "quantity": line["qty"],
            "picked": True,
            "company_id": move.company_id.id,
        } for move, line in zip(picking.move_ids, lines, strict=True)])
        picking.move_ids.picked = True
        picking.with_context(cancel_backorder=True)._action_done()
        return picking.with_env(self.env)

    def _dms_confirm_and_reserve(self, pool):
        """Confirm these deliveries and reserve them out of `pool` (see stock.quant._dms_quant_pool):
        core's reservation, move by move, with no quant search (stock.quant._gather) and the move
        lines of every move created in one batch at the end (stock.move.line.create), then what core
        does with the lines of the moves it reserved (putaway, entire packs, waves)."""
        with quant_pool(self.env, pool), deferred_move_lines(self.env) as deferred:
            self.action_confirm()
        if deferred:
            with move_lines_reserved(self.env):
                lines = self.env["stock.move.line"].create(deferred)
            lines._apply_putaway_strategy()
            if not self.env.context.get("bypass_entire_pack"):
                self._check_entire_pack()
            if hasattr(lines, "_auto_wave"):  # stock_picking_batch, when installed
                lines._auto_wave()
        # whatever confirming did not reserve (nothing when the stock covered every move)
        with quant_pool(self.env, pool):
            self.action_assign()

    def _dms_quant_pool(self):
        """Lock the owners' quants these deliveries can take (one query per source location and owner,
        see stock.quant._dms_lock_quants) and return them as a pool for ``fulfilment.quant_pool()``:
        validated under it, their lines leave those quants with no further lock query (see
        stock.quant._update_available_quantity)."""
        groups = {}
        for picking in self.filtered("owner_id"):
            # where the goods leave and where they arrive: the owner's quants at the outlets'
            # location only ever change with the same owner's deliveries, already one at a time
            # on the quants they leave
            for location in (picking.location_id, picking.location_dest_id):
                key = (location, picking.owner_id)
                groups[key] = groups.get(key, picking.move_ids.product_id) | picking.move_ids.product_id
        Quant = self.env["stock.quant"]
        locked = Quant
        for (location, owner), products in groups.items():
            locked |= Quant._dms_lock_quants(products, location, owner)
        return Quant._dms_quant_pool(locked, groups)

    def _dms_validate_keep_order(self):
        """Validate, then keep backorders linked to the secondary order."""
        self.button_validate()
        backorders = self.search([("backorder_id", "in", self.ids)]) if self else self
        by_order = {}
        for backorder in backorders:
            by_order.setdefault(backorder.backorder_id.dms_secondary_order_id, []).append(backorder.id)
        for order, ids in by_order.items():
            self.browse(ids).write({"dms_secondary_order_id": order.id})
