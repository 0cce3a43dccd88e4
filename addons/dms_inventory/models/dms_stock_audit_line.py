from odoo import api, fields, models
from odoo.exceptions import UserError


class DmsStockAuditLine(models.Model):
    _name = "dms.stock.audit.line"
    _description = "Distributor Stock Audit Line"
    _order = "audit_id, location_id, product_id, lot_id, id"
    _check_company_auto = True

    audit_id = fields.Many2one("dms.stock.audit", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="audit_id.company_id", store=True, index=True)
    distributor_id = fields.Many2one(related="audit_id.distributor_id", store=True, index=True)
    state = fields.Selection(related="audit_id.state", string="Audit State")
    location_id = fields.Many2one(
        "stock.location", required=True, check_company=True,
        domain="[('dms_distributor_id', '=', distributor_id), ('dms_bucket', '!=', False)]")
    bucket = fields.Selection(related="location_id.dms_bucket", store=True, string="Bucket")
    product_id = fields.Many2one(
        "product.product", required=True, index=True, check_company=True,
        domain="[('is_storable', '=', True)]")
    product_barcode = fields.Char(related="product_id.barcode", string="Barcode")
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    tracking = fields.Selection(related="product_id.tracking", string="Tracking")
    lot_id = fields.Many2one(
        "stock.lot", check_company=True, domain="[('product_id', '=', product_id)]")
    expiration_date = fields.Datetime(related="lot_id.expiration_date", string="Expiry")
    expected_qty = fields.Float(
        string="Expected", digits="Product Unit of Measure", readonly=True,
        help="Quantity in stock when the audit started (or was refreshed).")
    counted_qty = fields.Float(string="Counted", digits="Product Unit of Measure", help="Quantity found.")
    is_counted = fields.Boolean(
        string="Counted?", help="Set once a quantity is entered: uncounted lines are not adjusted.")
    variance_qty = fields.Float(
        string="Variance", digits="Product Unit of Measure", compute="_compute_variance", store=True,
        help="Counted minus expected, for counted lines.")
    unit_cost = fields.Float(
        digits="Product Price", readonly=True,
        help="Product cost when the line was created.")
    currency_id = fields.Many2one(related="audit_id.currency_id", string="Currency")
    variance_value = fields.Monetary(
        compute="_compute_variance", store=True, help="Variance x unit cost.")

    _sql_constraints = [
        ("counted_positive", "CHECK(counted_qty >= 0)", "A counted quantity cannot be negative."),
    ]

    @api.depends("expected_qty", "counted_qty", "is_counted", "unit_cost")
    def _compute_variance(self):
        for line in self:
            line.variance_qty = line.counted_qty - line.expected_qty if line.is_counted else 0.0
            line.variance_value = line.variance_qty * line.unit_cost

    @api.onchange("counted_qty")
    def _onchange_counted_qty(self):
        self.is_counted = True

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "counted_qty" in vals and "is_counted" not in vals:
                vals["is_counted"] = True
            if "unit_cost" not in vals and vals.get("product_id"):
                vals["unit_cost"] = self.env["product.product"].browse(vals["product_id"]).standard_price
        lines = super().create(vals_list)
        lines._check_editable()
        return lines

    def write(self, vals):
        if "counted_qty" in vals and "is_counted" not in vals:
            vals = dict(vals, is_counted=True)
        if set(vals) - {"expected_qty", "unit_cost"}:
            self._check_editable()
        return super().write(vals)

    def _check_editable(self):
        for line in self:
            if line.audit_id.state not in ("draft", "in_progress"):
                raise UserError(self.env._(
                    "Audit %(name)s is closed: its count lines cannot change.", name=line.audit_id.name))
