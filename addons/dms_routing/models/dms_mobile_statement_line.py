from odoo import fields, models


class DmsMobileStatementLine(models.Model):
    _name = "dms.mobile.statement.line"
    _description = "Mobile Money Statement Line"
    _order = "statement_id, line"
    _check_company_auto = True

    statement_id = fields.Many2one("dms.mobile.statement", required=True, index=True, ondelete="cascade",
                                   readonly=True)
    company_id = fields.Many2one(related="statement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    line = fields.Integer(readonly=True, help="Line of the file (the header is line 1).")
    date = fields.Date(readonly=True)
    transaction_id = fields.Char(string="Transaction ID", readonly=True)
    amount = fields.Monetary(readonly=True)
    sender = fields.Char(readonly=True)
    status = fields.Selection([
        ("matched", "Reconciled"),
        ("no_collection", "No collection with this transaction id"),
        ("amount", "Amount differs from the collection"),
        ("already", "Collection already reconciled"),
        ("duplicate", "Transaction repeated in this file"),
    ], readonly=True, required=True)
    collection_id = fields.Many2one(
        "dms.collection", readonly=True,
        help="The collection matched: its money is booked in this statement's company (Booked In), the "
             "collection itself may be a document of the principal's company.")
    collection_amount = fields.Monetary(related="collection_id.amount", string="Collected")
