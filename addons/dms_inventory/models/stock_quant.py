from odoo import api, fields, models
from odoo.tools import SQL

from .stock_location import BUCKETS


class StockQuant(models.Model):
    _inherit = "stock.quant"

    dms_bucket = fields.Selection(
        selection=[*BUCKETS, ("other", "Other Locations")], compute="_compute_dms_bucket", store=True, string="Bucket",
        help="Stock bucket of the distributor location holding this quant, to compare buckets side by side; "
             "distributor stock outside the buckets (a van, say) has a bucket of its own, never none.")
    dms_distributor_id = fields.Many2one(
        related="location_id.dms_distributor_id", store=True, index="btree_not_null", string="Distributor Of Location")

    @api.depends("location_id.dms_bucket", "location_id.dms_distributor_id")
    def _compute_dms_bucket(self):
        for quant in self:
            location = quant.location_id
            quant.dms_bucket = location.dms_bucket or ("other" if location.dms_distributor_id else False)

    def _get_removal_strategy(self, product_id, location_id):
        # Distributor stock always leaves first-expiry-first-out, whatever the product category says.
        if location_id.sudo().dms_distributor_id:  # sudo: reads a technical flag of the location
            return "fefo"
        return super()._get_removal_strategy(product_id, location_id)

    def _dms_lock_quants(self, products, location, owner):
        """Lock the owner's quants of `products` under `location` until the transaction ends, so that
        two transactions cannot both take the last units: the second waits, then fails to
        serialize and is retried, and sees what the first took."""
        if not products:
            return
        self.env["stock.quant"].flush_model()
        self.env.cr.execute(SQL(
            """SELECT q.id FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
                WHERE l.parent_path LIKE %s AND q.product_id IN %s AND q.owner_id = %s
                ORDER BY q.id FOR UPDATE OF q""",
            location.parent_path + "%", tuple(products.ids), owner.id))
        self.env["stock.quant"].invalidate_model(["quantity", "reserved_quantity"])

    def _dms_available(self, products, location, owner):
        """{product id: quantity free to reserve} of the owner's stock under `location`."""
        groups = self.env["stock.quant"].sudo()._read_group(  # sudo: quantities only, callers checked access
            [("product_id", "in", products.ids), ("location_id", "child_of", location.id),
             ("owner_id", "=", owner.id)],
            ["product_id"], ["quantity:sum", "reserved_quantity:sum"])
        return {product.id: qty - reserved for product, qty, reserved in groups}
