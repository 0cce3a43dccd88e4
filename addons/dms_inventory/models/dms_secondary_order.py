from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.dms_sales.guard import dms_system_write, is_trusted

from ..fulfilment import quant_pool, skip_outlet_follower


class DmsSecondaryOrder(models.Model):
    _inherit = "dms.secondary.order"

    location_id = fields.Many2one(
        "stock.location", string="Source Location", compute="_compute_location_id", store=True,
        readonly=False, precompute=True, check_company=True,
        domain="[('dms_distributor_id', '=', distributor_id), ('usage', '=', 'internal')]",
        help="Where the goods are taken from: the distributor's saleable stock, or a van loaded "
             "from it for van sales.",
    )
    picking_ids = fields.One2many(
        "stock.picking", "dms_secondary_order_id", string="Deliveries", readonly=True,
        help="Stock transfers from the distributor's stock to the outlet.",
    )
    picking_count = fields.Integer(compute="_compute_picking_count", string="Delivery Count")

    @api.depends("distributor_id")
    def _compute_location_id(self):
        orders = self.filtered(lambda o: o.state == "draft" or not o.location_id)
        # the distributors' saleable locations found together (a pushed batch's orders share them)
        saleable = orders.distributor_id.commercial_partner_id._dms_bucket_locations("saleable")
        for order in orders:
            # no distributor yet (a new order on screen): no source location yet
            distributor = order.distributor_id.commercial_partner_id
            order.location_id = saleable[distributor] if distributor else False

    @api.constrains("location_id", "distributor_id")
    def _check_location_id(self):
        """Goods leave the distributor's own stock, never the company's or another distributor's."""
        for order in self.filtered("location_id"):
            location = order.location_id
            if location.usage != "internal" or location.dms_bucket not in (False, "saleable") or \
                    location.dms_distributor_id != order.distributor_id.commercial_partner_id:
                raise ValidationError(self.env._(
                    "Order %(order)s: %(location)s is not saleable stock of %(distributor)s (Source Location).",
                    order=order.name, location=location.display_name,
                    distributor=order.distributor_id.display_name))

    def write(self, vals):
        if "location_id" in vals and not is_trusted(self.env) and any(order.state != "draft" for order in self):
            raise UserError(self.env._(
                "Orders %s are no longer in draft: their source location is locked.",
                ", ".join(self.filtered(lambda o: o.state != "draft").mapped("name"))))
        return super().write(vals)

    @api.depends("picking_ids")
    def _compute_picking_count(self):
        for order in self:
            order.picking_count = len(order.picking_ids)

    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("id", "in", self.picking_ids.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Stock fulfilment
    # ------------------------------------------------------------------

    def _dms_stock_lines(self):
        """Lines that move the distributor's stock: storable products of stock-managed distributors."""
        return self.line_ids.filtered(
            lambda line: line.product_id.is_storable and line.product_uom_qty > 0
            and line.order_id.distributor_id.commercial_partner_id.dms_stock_managed
            and line.order_id.location_id)

    def action_confirm(self):
        # refuse before anything is written when the stock cannot cover the order; the hook
        # checks again under the same lock once schemes have added their free goods
        self.filtered(lambda o: o.state == "draft")._dms_check_stock_before_confirm()
        return super().action_confirm()

    def _dms_check_stock_before_confirm(self):
        lines = self._dms_stock_lines()
        strict = lines.filtered(
            lambda line: line.order_id.distributor_id.commercial_partner_id.dms_backorder_policy == "error")
        available = self._dms_lock_and_read_stock(strict)[0]
        for order, order_lines in strict.grouped("order_id").items():  # not a filter per order: n x n
            order._dms_check_availability(order_lines, available)

    def _dms_lock_and_read_stock(self, lines, read=True):
        """Lock the distributor quants of `lines` (see stock.quant._dms_lock_quants) with one query
        per source location and distributor, whatever the number of orders, and read what is free
        of them. Returns ({(location, distributor, product id): quantity free to reserve}, the
        quants locked as a pool for stock.quant._gather)."""
        groups = {}
        for line in lines:
            order = line.order_id
            key = (order.location_id, order.distributor_id.commercial_partner_id)
            groups[key] = groups.get(key, line.product_id) | line.product_id
        Quant = self.env["stock.quant"]
        available = {}
        locked = Quant
        for (location, distributor), products in groups.items():
            locked |= Quant._dms_lock_quants(products, location, distributor)
            if read:
                for product_id, qty in Quant._dms_available(products, location, distributor).items():
                    available[location, distributor, product_id] = qty
        return available, Quant._dms_quant_pool(locked, groups)

    def _action_confirm_hook(self):
        res = super()._action_confirm_hook()
        self._dms_reserve_stock()
        return res

    def _dms_reserve_stock(self):
        """One delivery per order from its source location to the outlet, owned by the distributor,
        reserved first-expiry-first-out. The distributor's quants are locked first so that two
        confirmations cannot both take the last units."""
        lines = self._dms_stock_lines()
        if not lines:
            return
        # sudo: the orders were just confirmed by a user allowed to; distributor staff and reps
        # have no stock rights, and everything below touches only these orders' own stock.
        Picking = self.env["stock.picking"].sudo()
        strict = lines.filtered(
            lambda line: line.order_id.distributor_id.commercial_partner_id.dms_backorder_policy == "error")
        available, pool = self._dms_lock_and_read_stock(lines, read=bool(strict))
        by_order = {}
        for line in lines:
            by_order.setdefault(line.order_id, []).append(line.id)
        Line = self.env["dms.secondary.order.line"]
        lines.product_id.mapped("display_name")  # the moves' names, computed for all products at once
        vals_list, moves_vals = [], []
        for order, line_ids in by_order.items():
            distributor = order.distributor_id.commercial_partner_id
            order_lines = Line.browse(line_ids)
            if distributor.dms_backorder_policy == "error":
                order._dms_check_availability(order_lines, available)
            picking_type = order.company_id._dms_picking_type("outgoing")
            dest = order.partner_id.with_company(order.company_id).property_stock_customer
            vals_list.append({
                "picking_type_id": picking_type.id,
                "location_id": order.location_id.id,
                "location_dest_id": dest.id,
                "partner_id": order.partner_id.id,
                "owner_id": distributor.id,
                "origin": order.name,
                "company_id": order.company_id.id,
                "dms_secondary_order_id": order.id,
            })
            moves_vals.append([{
                "name": line.product_id.display_name,
                "product_id": line.product_id.id,
                "product_uom": line.product_uom_id.id,
                "product_uom_qty": line.product_uom_qty,
                "location_id": order.location_id.id,
                "location_dest_id": dest.id,
                "restrict_partner_id": distributor.id,
                "partner_id": order.partner_id.id,
                "company_id": order.company_id.id,
                "dms_secondary_line_id": line.id,
            } for line in order_lines])
        # The deliveries' names drawn per operation type in one round trip (core draws one per
        # picking), and their moves created in one go after them: as commands of each picking, every
        # move's create would first compute its new picking's state, picking by picking.
        by_type = {}
        for vals in vals_list:
            by_type.setdefault(vals["picking_type_id"], []).append(vals)
        for type_id, type_vals in by_type.items():
            sequence = Picking.env["stock.picking.type"].browse(type_id).sequence_id
            if sequence:
                for vals, name in zip(type_vals, sequence._dms_next_many(len(type_vals)), strict=True):
                    vals["name"] = name
        with skip_outlet_follower(self.env):
            pickings = Picking.create(vals_list)
            Picking.env["stock.move"].create([
                dict(move_vals, picking_id=picking.id)
                for picking, order_moves in zip(pickings, moves_vals, strict=True) for move_vals in order_moves])
        # reserved out of the quants just locked, in one batch (see stock.picking._dms_confirm_and_reserve)
        pickings._dms_confirm_and_reserve(pool)

    def _dms_check_availability(self, order_lines, available):
        """Refuse the order when `available` ({(location, distributor, product id): free quantity},
        see _dms_lock_and_read_stock) does not cover its `order_lines`."""
        self.ensure_one()
        distributor = self.distributor_id.commercial_partner_id
        asked = {}
        for line in order_lines:
            qty = line.product_uom_id._compute_quantity(line.product_uom_qty, line.product_id.uom_id)
            asked[line.product_id] = asked.get(line.product_id, 0.0) + qty
        for product, qty in asked.items():
            on_hand = available.get((self.location_id, distributor, product.id), 0.0)
            if float_compare(qty, on_hand, precision_rounding=product.uom_id.rounding) > 0:
                raise UserError(self.env._(
                    "Order %(order)s: not enough %(product)s at %(distributor)s (%(location)s): "
                    "%(on_hand)s %(uom)s available, %(asked)s %(uom)s asked.",
                    order=self.name, product=product.display_name, distributor=distributor.display_name,
                    location=self.location_id.display_name, on_hand=on_hand, asked=qty, uom=product.uom_id.name))

    def _set_delivered_quantities(self):
        # sudo: the orders' own deliveries, whatever the user may read of stock
        shipped = self.sudo().filtered("picking_ids")
        for order in shipped:
            if all(picking.state == "cancel" for picking in order.picking_ids):
                raise UserError(self.env._(
                    "Order %(order)s: its delivery %(pickings)s was cancelled and nothing was delivered. "
                    "Cancel the order, or take a new one.",
                    order=order.name, pickings=", ".join(order.picking_ids.mapped("name"))))
        res = super()._set_delivered_quantities()
        # sudo: validating the orders' own deliveries, see _dms_reserve_stock
        pickings = shipped.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        if pickings:
            # the distributor's quants locked first: what is left to reserve and what leaves is
            # taken out of them with no lock or search per line (see stock.picking._dms_quant_pool)
            with quant_pool(self.env, pickings._dms_quant_pool()):
                pickings.action_assign()
                to_pick = pickings.move_ids.browse()  # sudo, as the pickings
                for picking in pickings:
                    moves = picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
                    if float_is_zero(sum(moves.mapped("quantity")), precision_digits=6):
                        raise UserError(self.env._(
                            "Order %(order)s: nothing of it is in stock at %(location)s, nothing can be delivered.",
                            order=picking.dms_secondary_order_id.name, location=picking.location_id.display_name))
                    to_pick |= moves
                # picked: the moves' lines in one write (a move's picked is computed from its lines;
                # setting it on the moves writes their lines move by move), moves without lines as core
                to_pick.move_line_ids.picked = True
                to_pick.filtered(lambda m: not m.move_line_ids).picked = True
                # deliver what is reserved; what is not becomes a backorder (policy 'backorder')
                pickings.with_context(skip_backorder=True, skip_sms=True)._dms_validate_keep_order()
        # what the moves delivered, also when the deliveries were validated before (proof of
        # delivery, Inventory): never the ordered quantity. Orders the validation just closed were
        # counted by it (stock.picking._action_done -> _dms_delivery_done): not twice.
        recount = shipped.filtered(lambda o: o.state != "delivered")
        if recount:
            recount._dms_set_qty_delivered_from_moves()
        return res

    def _dms_delivery_done(self):
        """A delivery of these orders was validated: confirmed orders with no delivery left open are
        delivered; delivered orders count what their moves delivered."""
        closed = self.filtered(lambda o: o.state == "confirmed" and all(
            picking.state in ("done", "cancel") for picking in o.picking_ids))
        if closed:
            closed.write({"state": "delivered"})
        delivered = self.filtered(lambda o: o.state == "delivered")
        if delivered:
            delivered._dms_set_qty_delivered_from_moves()

    def _dms_set_qty_delivered_from_moves(self):
        moves = self.env["stock.move"].sudo().search([  # sudo: quantities of these orders' own moves
            ("dms_secondary_line_id", "in", self.line_ids.ids), ("state", "=", "done")])
        done = {}
        for move in moves:
            line = move.dms_secondary_line_id
            done[line] = done.get(line, 0.0) + move.product_uom._compute_quantity(move.quantity, line.product_uom_id)
        by_qty = {}
        for line in self._dms_stock_lines():
            by_qty.setdefault(done.get(line, 0.0), []).append(line.id)
        with dms_system_write():  # what the done moves say, never what a client says
            for qty, line_ids in by_qty.items():  # one write per quantity, not one a line
                self.env["dms.secondary.order.line"].browse(line_ids).write({"qty_delivered": qty})
        self.line_ids._dms_accrue()  # the rest of a partial delivery, once its backorder is done

    def action_cancel(self):
        res = super().action_cancel()
        # sudo: cancelling the orders' own deliveries releases their reservation
        self.picking_ids.sudo().filtered(lambda p: p.state not in ("done", "cancel")).action_cancel()
        return res
