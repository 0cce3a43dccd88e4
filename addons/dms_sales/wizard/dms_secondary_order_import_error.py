from odoo import fields, models


class DmsSecondaryOrderImportError(models.TransientModel):
    _name = "dms.secondary.order.import.error"
    _description = "Secondary Order Import Error"
    _order = "row_number, id"

    wizard_id = fields.Many2one("dms.secondary.order.import", required=True, ondelete="cascade", index=True)
    row_number = fields.Integer(string="Row", help="Row in the file as a spreadsheet shows it: the header is row 1.")
    column = fields.Char()
    value = fields.Char(help="What the cell holds.")
    message = fields.Char(string="Error")
