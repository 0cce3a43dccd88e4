from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class DmsStockReturnLine(models.Model):
    _name = "dms.stock.return.line"
    _description = "Outlet Return Line"
    _order = "return_id, id"
    _check_company_auto = True

    return_id = fields.Many2one("dms.stock.return", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="return_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="return_id.currency_id")
    distributor_id = fields.Many2one(related="return_id.distributor_id", store=True, index=True)
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    lot_id = fields.Many2one("stock.lot", check_company=True,
                             domain="[('product_id', '=', product_id)]")
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", required=True, default=1.0)
    reason_id = fields.Many2one("dms.return.reason", required=True, ondelete="restrict")
    bucket = fields.Selection(related="reason_id.bucket")
    order_line_id = fields.Many2one(
        "dms.secondary.order.line", compute="_compute_order_line_id", store=True,
        readonly=False, check_company=True,
        domain="[('order_id', '=', parent.secondary_order_id), ('product_id', '=', product_id)]",
        help="Line of the return's secondary order the goods came on; its returned quantity is updated.")
    price_unit = fields.Float(
        compute="_compute_price_unit", store=True, readonly=True, digits="Product Price", string="Unit Price",
        help="Net price the outlet paid (order line), else the product's sales price. Set again from "
             "the order line at validation.")
    amount = fields.Monetary(compute="_compute_amount", store=True, string="Value")

    @api.depends("product_id", "return_id.secondary_order_id")
    def _compute_order_line_id(self):
        for line in self:
            order = line.return_id.secondary_order_id
            candidates = order.line_ids.filtered(lambda ol, p=line.product_id: ol.product_id == p)
            line.order_line_id = candidates.filtered(lambda ol: not ol.is_reward)[:1] or candidates[:1]

    @api.depends("order_line_id", "product_id")
    def _compute_price_unit(self):
        for line in self:
            ol = line.order_line_id
            if ol:
                line.price_unit = ol.product_uom_id._compute_price(
                    ol.price_unit * (1 - ol.discount / 100.0), line.product_id.uom_id)
            else:
                line.price_unit = line.product_id.lst_price

    @api.depends("qty", "price_unit")
    def _compute_amount(self):
        for line in self:
            line.amount = line.currency_id.round(line.qty * line.price_unit) if line.currency_id else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        returns = self.env["dms.stock.return"].browse({v["return_id"] for v in vals_list if v.get("return_id")})
        returns._check_draft()
        return super().create(vals_list)

    def write(self, vals):
        self.return_id._check_draft()
        if vals.get("return_id"):
            self.env["dms.stock.return"].browse(vals["return_id"])._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        self.return_id._check_draft()

    def _check_line(self):
        for line in self:
            ret = line.return_id
            if float_compare(line.qty, 0, precision_rounding=line.product_uom_id.rounding or 0.01) <= 0:
                raise ValidationError(self.env._(
                    "Return %(ret)s: quantity of %(product)s must be positive (Quantity).",
                    ret=ret.name, product=line.product_id.display_name))
            if line.product_id.tracking != "none" and not line.lot_id:
                raise ValidationError(self.env._(
                    "Return %(ret)s: %(product)s is tracked by lot, enter the returned lot (Lot).",
                    ret=ret.name, product=line.product_id.display_name))
            line._check_order_line()
        # a line cannot take back more than was delivered and not yet returned
        for order_line in self.order_line_id:
            returned = sum(self.filtered(lambda line, ol=order_line: line.order_line_id == ol).mapped("qty"))
            left = order_line.qty_delivered - order_line.qty_returned
            if float_compare(returned, left, precision_rounding=order_line.product_uom_id.rounding or 0.01) > 0:
                raise ValidationError(self.env._(
                    "Return %(ret)s: %(qty)s %(product)s returned, but order %(order)s has only %(left)s delivered "
                    "and not yet returned (Quantity).", ret=self.return_id[:1].name, qty=returned,
                    product=order_line.product_id.display_name, order=order_line.order_id.name, left=left))

    def _check_order_line(self):
        """The goods come back on a line of the return's own order (its returned quantity is written
        by the system); damaged or expired goods, claimed from the principal, only as a return of a
        delivered order of the return's distributor."""
        self.ensure_one()
        ret = self.return_id
        # sudo: reads the order and the line the return points at, to check they belong together;
        # the user may not read orders outside their territories
        order, order_line = ret.secondary_order_id.sudo(), self.order_line_id.sudo()
        if order_line and order_line.order_id != order:
            raise ValidationError(self.env._(
                "Return %(ret)s: %(product)s comes back on a line of order %(line_order)s, which is not a line "
                "of order %(order)s (Order Line).",
                ret=ret.name, product=self.product_id.display_name, line_order=order_line.order_id.name,
                order=order.name or self.env._("- (no Secondary Order)")))
        if order_line and order_line.product_id != self.product_id:
            raise ValidationError(self.env._(
                "Return %(ret)s: order line %(line)s is not a line of %(product)s (Order Line).",
                ret=ret.name, line=order_line.product_id.display_name, product=self.product_id.display_name))
        if order and order.distributor_id != ret.distributor_id:
            raise ValidationError(self.env._(
                "Return %(ret)s: order %(order)s was delivered by %(other)s, not %(distributor)s (Secondary Order).",
                ret=ret.name, order=order.name, other=order.distributor_id.display_name,
                distributor=ret.distributor_id.display_name))
        if not self.reason_id.claimable:
            return
        if not order:
            raise ValidationError(self.env._(
                "Return %(ret)s: %(product)s is returned as %(reason)s, which is claimed from the principal: "
                "give the delivered order the goods came on (Secondary Order).",
                ret=ret.name, product=self.product_id.display_name, reason=self.reason_id.name))
        if order.state != "delivered":
            raise ValidationError(self.env._(
                "Return %(ret)s: order %(order)s is not delivered, no goods of it can be returned as %(reason)s "
                "(Secondary Order).", ret=ret.name, order=order.name, reason=self.reason_id.name))
        if not order_line:
            raise ValidationError(self.env._(
                "Return %(ret)s: %(product)s is not on order %(order)s, it cannot be returned as %(reason)s "
                "on it (Product).", ret=ret.name, product=self.product_id.display_name, order=order.name,
                reason=self.reason_id.name))

    def _dms_price_from_order(self):
        """Value the lines at the net price the outlet paid on their order line (else the list
        price), whatever price was given."""
        for line in self:
            order_line = line.order_line_id.sudo()  # sudo: the line's own order line, see _check_order_line
            if order_line:
                line.price_unit = order_line.product_uom_id._compute_price(
                    order_line.price_unit * (1 - order_line.discount / 100.0), line.product_id.uom_id)
            else:
                line.price_unit = line.product_id.lst_price

    def _dms_update_qty_returned(self):
        for order_line in self.order_line_id:
            qty = sum(self.filtered(lambda line, ol=order_line: line.order_line_id == ol).mapped("qty"))
            # sudo: the returned quantity is written by the system on the order the user may
            # return goods of; reps may not write lines outside their territories.
            order_line.sudo().qty_returned += qty
        self.order_line_id._dms_accrue()  # the benefit of returned goods, accrued back
