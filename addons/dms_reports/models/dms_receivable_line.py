from odoo import fields, models, tools
from odoo.tools import SQL


class DmsReceivableLine(models.Model):
    """Posted receivable journal items of distributors and of their outlets, one row per item:
    the rows of the statement of account and of the accountants' reconciliation aid."""
    _name = "dms.receivable.line"
    _description = "Distributor Receivable Item"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "move_name"

    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True)
    move_name = fields.Char(string="Number", readonly=True)
    move_type = fields.Selection(related="move_id.move_type", string="Entry Type")
    ref = fields.Char(string="Reference", readonly=True)
    date = fields.Date(readonly=True)
    date_maturity = fields.Date(string="Due Date", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True,
        help="Commercial partner the item is booked on: the distributor or one of its outlets.")
    distributor_id = fields.Many2one(
        "res.partner", readonly=True,
        help="The customer itself when it is a distributor, else the distributor serving the outlet.")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    kind = fields.Selection(
        [("invoice", "Invoice"), ("credit_note", "Credit Note"), ("payment", "Payment"), ("other", "Other")],
        readonly=True, help="Customer invoices, credit notes, payments (account.payment) or other entries.")
    payment_id = fields.Many2one("account.payment", readonly=True)
    claim_id = fields.Many2one("dms.claim", readonly=True, help="Scheme claim this credit note settles.")
    claim_state = fields.Selection(related="claim_id.state", string="Claim Status")
    balance = fields.Monetary(readonly=True, aggregator="sum", help="Debit minus credit, company currency.")
    invoiced = fields.Monetary(readonly=True, aggregator="sum")
    credited = fields.Monetary(readonly=True, aggregator="sum",
                               help="Credit notes, scheme claims included.")
    collected = fields.Monetary(readonly=True, aggregator="sum",
                                help="Payments received (account.payment).")
    amount_residual = fields.Monetary(string="Open Amount", readonly=True, aggregator="sum")
    is_open = fields.Boolean(string="Unreconciled", readonly=True)
    is_claim_open = fields.Boolean(
        string="Claim Not Offset", readonly=True,
        help="Credit note of an approved claim that is not reconciled yet.")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("""
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT aml.id,
                       aml.move_id,
                       aml.move_name,
                       move.ref,
                       aml.date,
                       aml.date_maturity,
                       cp.id AS partner_id,
                       CASE WHEN cp.dms_role IN ('distributor', 'wholesaler') THEN cp.id
                            ELSE cp.dms_distributor_id END AS distributor_id,
                       aml.company_id,
                       aml.company_currency_id AS currency_id,
                       kind.kind,
                       move.origin_payment_id AS payment_id,
                       claim.id AS claim_id,
                       aml.balance,
                       CASE WHEN kind.kind = 'invoice' THEN aml.balance ELSE 0 END AS invoiced,
                       CASE WHEN kind.kind = 'credit_note' THEN -aml.balance ELSE 0 END AS credited,
                       CASE WHEN kind.kind = 'payment' THEN -aml.balance ELSE 0 END AS collected,
                       aml.amount_residual,
                       (aml.amount_residual != 0) AS is_open,
                       (claim.state = 'approved' AND aml.amount_residual != 0) AS is_claim_open
                  FROM account_move_line aml
                  JOIN account_move move ON move.id = aml.move_id
                  JOIN account_account account ON account.id = aml.account_id
                  JOIN res_partner partner ON partner.id = aml.partner_id
                  JOIN res_partner cp ON cp.id = partner.commercial_partner_id
             LEFT JOIN dms_claim claim ON claim.credit_note_id = move.id
                 CROSS JOIN LATERAL (
                       SELECT CASE WHEN move.move_type IN ('out_invoice', 'out_receipt') THEN 'invoice'
                                   WHEN move.move_type = 'out_refund' THEN 'credit_note'
                                   WHEN move.origin_payment_id IS NOT NULL THEN 'payment'
                                   ELSE 'other' END AS kind
                 ) kind
                 WHERE move.state = 'posted'
                   AND account.account_type = 'asset_receivable'
                   AND (cp.dms_role IN ('distributor', 'wholesaler') OR cp.dms_distributor_id IS NOT NULL)
            )
        """, table=SQL.identifier(self._table)))
