from odoo import fields, models

BUCKETS = [
    ("saleable", "Saleable"),
    ("damaged", "Damaged"),
    ("expired", "Expired"),
    ("blocked", "Blocked"),
    ("transit", "In Transit"),
]


class StockLocation(models.Model):
    _inherit = "stock.location"

    dms_distributor_id = fields.Many2one(
        "res.partner", string="Distributor", index="btree_not_null", ondelete="restrict",
        help="Distributor who owns the stock kept in this location.",
    )
    dms_bucket = fields.Selection(
        BUCKETS, string="Stock Bucket", index="btree_not_null",
        help="Which part of the distributor's stock this location holds: only saleable stock is "
             "reserved for secondary orders; returns go to the bucket their reason code names.",
    )
