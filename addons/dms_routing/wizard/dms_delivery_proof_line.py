from odoo import fields, models


class DmsDeliveryProofLine(models.TransientModel):
    _name = "dms.delivery.proof.line"
    _description = "Proof of Delivery Line"

    proof_id = fields.Many2one("dms.delivery.proof", required=True, ondelete="cascade")
    move_line_id = fields.Many2one("stock.move.line", string="Detailed Operation", required=True,
                                   help="The reserved goods (product, lot) this line delivers.")
    product_id = fields.Many2one(related="move_line_id.product_id")
    lot_id = fields.Many2one(related="move_line_id.lot_id")
    product_uom_id = fields.Many2one(related="move_line_id.product_uom_id")
    planned_qty = fields.Float(related="move_line_id.quantity", string="Loaded",
                               help="Quantity loaded for this stop.")
    delivered_qty = fields.Float(string="Delivered", digits="Product Unit of Measure",
                                 help="Quantity the customer accepted; the rest goes back to stock.")
