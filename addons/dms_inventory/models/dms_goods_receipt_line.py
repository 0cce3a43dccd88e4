from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class DmsGoodsReceiptLine(models.Model):
    _name = "dms.goods.receipt.line"
    _description = "Distributor Goods Receipt Line"
    _order = "receipt_id, id"
    _check_company_auto = True

    receipt_id = fields.Many2one(
        "dms.goods.receipt", required=True, readonly=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="receipt_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="receipt_id.currency_id")
    distributor_id = fields.Many2one(related="receipt_id.distributor_id", store=True, index=True)
    state = fields.Selection(related="receipt_id.state", store=True, string="Receipt Status")
    product_id = fields.Many2one("product.product", required=True, readonly=True, check_company=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    lot_id = fields.Many2one("stock.lot", readonly=True, check_company=True)
    expiration_date = fields.Datetime(related="lot_id.expiration_date", string="Expiry")
    sale_line_id = fields.Many2one("sale.order.line", string="Primary Order Line", readonly=True)
    qty_shipped = fields.Float(string="Shipped", digits="Product Unit of Measure", readonly=True,
                               help="Quantity the company's delivery shipped.")
    qty_received = fields.Float(
        string="Received", digits="Product Unit of Measure",
        help="Quantity that arrived, damaged goods included. Less than shipped is a shortage.")
    qty_damaged = fields.Float(
        string="Damaged", digits="Product Unit of Measure",
        help="Part of the received quantity that arrived damaged: it goes to the damaged bucket.")
    qty_good = fields.Float(string="Good", compute="_compute_qty", store=True, digits="Product Unit of Measure",
                            help="Received and not damaged: goes to saleable stock.")
    qty_short = fields.Float(string="Short", compute="_compute_qty", store=True, digits="Product Unit of Measure",
                             help="Shipped but not received.")
    has_discrepancy = fields.Boolean(compute="_compute_qty", store=True, string="Discrepancy",
                                     help="Short or damaged.")
    price_unit = fields.Float(
        compute="_compute_price_unit", store=True, digits="Product Price", string="Unit Price",
        help="Untaxed net price of the primary order line, in company currency: values the discrepancies.")
    amount_discrepancy = fields.Monetary(compute="_compute_amount_discrepancy", store=True,
                                         string="Discrepancy Amount")

    @api.depends("qty_shipped", "qty_received", "qty_damaged")
    def _compute_qty(self):
        for line in self:
            rounding = line.product_uom_id.rounding or 0.01
            line.qty_short = max(line.qty_shipped - line.qty_received, 0.0)
            line.qty_good = max(line.qty_received - line.qty_damaged, 0.0)
            line.has_discrepancy = bool(
                float_compare(line.qty_short, 0, precision_rounding=rounding) > 0
                or float_compare(line.qty_damaged, 0, precision_rounding=rounding) > 0)

    @api.depends("sale_line_id")
    def _compute_price_unit(self):
        for line in self:
            sale_line = line.sale_line_id
            if sale_line:
                price = sale_line.product_uom._compute_price(sale_line.price_reduce_taxexcl, line.product_id.uom_id)
                line.price_unit = sale_line.currency_id._convert(
                    price, line.receipt_id.company_id.currency_id, line.receipt_id.company_id,
                    fields.Date.context_today(line))
            else:
                line.price_unit = line.product_id.standard_price

    @api.depends("qty_short", "qty_damaged", "price_unit")
    def _compute_amount_discrepancy(self):
        for line in self:
            line.amount_discrepancy = (line.qty_short + line.qty_damaged) * line.price_unit

    def write(self, vals):
        if {"qty_received", "qty_damaged"} & vals.keys() and any(line.state != "pending" for line in self):
            raise ValidationError(self.env._(
                "Goods receipt %s is confirmed: its received quantities are locked.",
                ", ".join(self.filtered(lambda line: line.state != "pending").receipt_id.mapped("name"))))
        return super().write(vals)

    def _check_quantities(self):
        for line in self:
            rounding = line.product_uom_id.rounding or 0.01
            if float_compare(line.qty_received, 0, precision_rounding=rounding) < 0 or \
                    float_compare(line.qty_received, line.qty_shipped, precision_rounding=rounding) > 0:
                raise ValidationError(self.env._(
                    "Goods receipt %(receipt)s: %(product)s received %(received)s, it must be between 0 and the "
                    "%(shipped)s shipped (Received).", receipt=line.receipt_id.name,
                    product=line.product_id.display_name, received=line.qty_received, shipped=line.qty_shipped))
            if float_compare(line.qty_damaged, 0, precision_rounding=rounding) < 0 or \
                    float_compare(line.qty_damaged, line.qty_received, precision_rounding=rounding) > 0:
                raise ValidationError(self.env._(
                    "Goods receipt %(receipt)s: %(product)s damaged %(damaged)s, it must be between 0 and the "
                    "%(received)s received (Damaged).", receipt=line.receipt_id.name,
                    product=line.product_id.display_name, damaged=line.qty_damaged, received=line.qty_received))
