from odoo import fields, models


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    dms_distributor_ids = fields.One2many(
        "res.partner", "dms_secondary_pricelist_id", string="Outlet Pricelist of",
        context={"active_test": False}, readonly=True,
        help="Distributors charging their outlets from this pricelist. Their staff read it; the staff "
             "of other distributors do not.")
