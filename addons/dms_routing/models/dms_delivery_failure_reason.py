from odoo import fields, models


class DmsDeliveryFailureReason(models.Model):
    _name = "dms.delivery.failure.reason"
    _description = "Delivery Failure Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, help="Why a stop was not (fully) delivered.")
    sequence = fields.Integer(default=10, help="Order in the driver's list.")
    active = fields.Boolean(default=True, help="Archived reasons are no longer offered.")
