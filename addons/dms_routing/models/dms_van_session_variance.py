from odoo import fields, models


class DmsVanSessionVariance(models.Model):
    _name = "dms.van.session.variance"
    _description = "Van Session Variance"
    _order = "session_id, product_id"

    session_id = fields.Many2one("dms.van.session", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="session_id.company_id", store=True, index=True)
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_loaded = fields.Float(string="Loaded", digits="Product Unit of Measure", readonly=True,
                              help="Done moves of the session's load transfer.")
    qty_sold = fields.Float(string="Sold", digits="Product Unit of Measure", readonly=True,
                            help="Done moves from the van to customers during the session.")
    qty_returned = fields.Float(string="Returned", digits="Product Unit of Measure", readonly=True,
                                help="Done moves from customers back into the van during the session.")
    qty_unloaded = fields.Float(string="Unloaded", digits="Product Unit of Measure", readonly=True,
                                help="Done moves of the session's unload transfers (saleable and damaged).")
    qty_variance = fields.Float(
        string="Variance", digits="Product Unit of Measure", readonly=True,
        help="Loaded - (Sold - Returned) - Unloaded: goods missing from the van (negative: surplus).")
