from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    dms_van_session_id = fields.Many2one(
        "dms.van.session", string="Van Session", index="btree_not_null", readonly=True, copy=False,
        help="Van sales day this transfer loads, unloads or writes off.",
    )
    dms_van_role = fields.Selection(
        [("load", "Load"), ("unload", "Unload"), ("writeoff", "Variance write-off")], string="Van Transfer",
        readonly=True, copy=False, help="What this transfer does for its van session.",
    )
    dms_collection_ids = fields.One2many(
        "dms.collection", "picking_id", string="Collections", readonly=True,
        help="Cash and cheques collected at this delivery stop.",
    )
