from odoo import fields, models


class DmsReplenishmentLine(models.Model):
    _name = "dms.replenishment.line"
    _description = "Distributor Replenishment Suggestion"
    _order = "distributor_id, product_id"
    _check_company_auto = True

    replenishment_id = fields.Many2one("dms.replenishment", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="replenishment_id.company_id", store=True, index=True)
    distributor_id = fields.Many2one(
        "res.partner", required=True, index=True, check_company=True)
    product_id = fields.Many2one("product.product", required=True, index=True, check_company=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    sold_qty = fields.Float(
        string="Sold in Window", digits="Product Unit of Measure", readonly=True,
        help="Delivered secondary sales over the run's window.")
    daily_velocity = fields.Float(
        string="Average Daily Sales", digits="Product Unit of Measure", readonly=True,
        help="Sold in window / window days.")
    daily_forecast = fields.Float(
        string="Forecast per Day", digits="Product Unit of Measure", readonly=True,
        help="Average smoothed (and weekday adjusted) forecast over lead time + days of cover.")
    on_hand = fields.Float(
        string="Saleable On Hand", digits="Product Unit of Measure", readonly=True,
        help="The distributor's own stock in its saleable bucket.")
    in_transit = fields.Float(
        digits="Product Unit of Measure", readonly=True,
        help="Stock in the distributor's transit bucket plus confirmed primary orders not yet delivered.")
    lead_time_days = fields.Float(string="Lead Time", readonly=True, help="Days until an order arrives.")
    cover_days = fields.Float(string="Target Cover", readonly=True, help="Days of sales to cover.")
    safety_stock = fields.Float(
        digits="Product Unit of Measure", readonly=True,
        help="Safety days x current daily forecast.")
    demand = fields.Float(
        string="Forecast Demand", digits="Product Unit of Measure", readonly=True,
        help="Forecast sales over lead time + target cover.")
    packaging_id = fields.Many2one(
        "product.packaging", string="Case", readonly=True, check_company=True,
        help="Sales packaging the order is placed in.")
    case_size = fields.Float(string="Units per Case", readonly=True, help="Orders are whole cases of this size.")
    moq = fields.Float(string="MOQ", digits="Product Unit of Measure", readonly=True,
                       help="Minimum order quantity of the product.")
    suggested_qty = fields.Float(
        string="Suggested Quantity", digits="Product Unit of Measure", readonly=True,
        help="Demand + safety stock - on hand - in transit, up to whole cases and the MOQ.")
    order_qty = fields.Float(
        string="To Order", digits="Product Unit of Measure",
        help="Quantity put on the primary order; starts as the suggestion, editable.")
    order_cases = fields.Float(
        string="Cases to Order", compute="_compute_order_cases", digits=(16, 2),
        help="To Order expressed in cases.")
    days_of_cover = fields.Float(
        string="Current Days of Cover", digits=(16, 1), readonly=True,
        help="Saleable on hand / current daily forecast (9999 without sales).")

    def _compute_order_cases(self):
        for line in self:
            line.order_cases = line.order_qty / line.case_size if line.case_size else 0.0
