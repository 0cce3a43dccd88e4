from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


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
        for order in self:
            if order.state == "draft" or not order.location_id:
                # no distributor yet (a new order on screen): no source location yet
                distributor = order.distributor_id.commercial_partner_id
                order.location_id = distributor._dms_bucket_location("saleable") if distributor else False

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
        for order in lines.order_id:
            distributor = order.distributor_id.commercial_partner_id
            if distributor.dms_backorder_policy != "error":
                continue
            order_lines = lines.filtered(lambda line, o=order: line.order_id == o)
            self.env["stock.quant"]._dms_lock_quants(order_lines.product_id, order.location_id, distributor)
            order._dms_check_availability(order_lines)

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
        Quant = self.env["stock.quant"]
        vals_list = []
        for order in lines.order_id:
            distributor = order.distributor_id.commercial_partner_id
            order_lines = lines.filtered(lambda line, o=order: line.order_id == o)
            Quant._dms_lock_quants(order_lines.product_id, order.location_id, distributor)
            if distributor.dms_backorder_policy == "error":
                order._dms_check_availability(order_lines)
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
                "move_ids": [fields.Command.create({
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
                }) for line in order_lines],
            })
        pickings = Picking.create(vals_list)
        pickings.action_confirm()
        pickings.action_assign()

    def _dms_check_availability(self, order_lines):
        self.ensure_one()
        distributor = self.distributor_id.commercial_partner_id
        available = self.env["stock.quant"]._dms_available(order_lines.product_id, self.location_id, distributor)
        asked = {}
        for line in order_lines:
            qty = line.product_uom_id._compute_quantity(line.product_uom_qty, line.product_id.uom_id)
            asked[line.product_id] = asked.get(line.product_id, 0.0) + qty
        for product, qty in asked.items():
            on_hand = available.get(product.id, 0.0)
            if float_compare(qty, on_hand, precision_rounding=product.uom_id.rounding) > 0:
                raise UserError(self.env._(
                    "Order %(order)s: not enough %(product)s at %(distributor)s (%(location)s): "
                    "%(on_hand)s %(uom)s available, %(asked)s %(uom)s asked.",
                    order=self.name, product=product.display_name, distributor=distributor.display_name,
                    location=self.location_id.display_name, on_hand=on_hand, asked=qty, uom=product.uom_id.name))

    def _set_delivered_quantities(self):
        stock_lines = self._dms_stock_lines()
        super()._set_delivered_quantities()
        pickings = self.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        if not pickings:
            return
        # sudo: validating the orders' own deliveries, see _dms_reserve_stock
        pickings = pickings.sudo()
        pickings.action_assign()
        for picking in pickings:
            moves = picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
            if float_is_zero(sum(moves.mapped("quantity")), precision_digits=6):
                raise UserError(self.env._(
                    "Order %(order)s: nothing of it is in stock at %(location)s, nothing can be delivered.",
                    order=picking.dms_secondary_order_id.name, location=picking.location_id.display_name))
            moves.picked = True
        # deliver what is reserved; what is not becomes a backorder (policy 'backorder')
        pickings.with_context(skip_backorder=True, skip_sms=True)._dms_validate_keep_order()
        if stock_lines:
            self._dms_set_qty_delivered_from_moves()

    def _dms_set_qty_delivered_from_moves(self):
        moves = self.env["stock.move"].sudo().search([  # sudo: quantities of these orders' own moves
            ("dms_secondary_line_id", "in", self.line_ids.ids), ("state", "=", "done")])
        done = {}
        for move in moves:
            line = move.dms_secondary_line_id
            done[line] = done.get(line, 0.0) + move.product_uom._compute_quantity(move.quantity, line.product_uom_id)
        for line in self._dms_stock_lines():
            line.qty_delivered = done.get(line, 0.0)

    def action_cancel(self):
        res = super().action_cancel()
        # sudo: cancelling the orders' own deliveries releases their reservation
        self.picking_ids.sudo().filtered(lambda p: p.state not in ("done", "cancel")).action_cancel()
        return res
