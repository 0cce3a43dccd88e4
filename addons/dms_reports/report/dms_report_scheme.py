from odoo import api, fields, models, tools
from odoo.tools import SQL
from odoo.tools.sql import table_kind

CLAIM_STATES = [("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved"),
                ("settled", "Settled"), ("cancelled", "Cancelled")]


class DmsReportScheme(models.Model):
    """What trade schemes cost and what distributors claimed back: one row per scheme-bearing line
    of a confirmed or delivered secondary order (its discount or free goods value) and one row per
    claim line (its amount, by claim status)."""

    _name = "dms.report.scheme"
    _description = "Scheme Cost and Claims Analysis"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "dms.report.secondary.sales": [
            "date", "company_id", "currency_id", "scheme_id", "distributor_id", "territory_id", "product_id",
            "scheme_discount", "free_goods_value",
        ],
        "dms.claim.line": [
            "claim_id", "company_id", "currency_id", "scheme_id", "distributor_id", "source", "amount",
            "order_line_id",
        ],
        "dms.claim": ["state", "date_to"],
        "dms.secondary.order.line": ["date_order", "product_id", "order_id"],
        "dms.secondary.order": ["territory_id"],
    }

    kind = fields.Selection(
        [("benefit", "Scheme Benefit"), ("claim", "Claim")], readonly=True,
        help="Scheme Benefit: what a scheme gave on a secondary order line. Claim: a line of a distributor's claim.")
    date = fields.Datetime(
        readonly=True, help="Order date; for claim lines without an order line, the end of the claimed period.")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    scheme_id = fields.Many2one("dms.scheme", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    territory_id = fields.Many2one("dms.territory", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    claim_id = fields.Many2one("dms.claim", readonly=True)
    claim_state = fields.Selection(CLAIM_STATES, string="Claim Status", readonly=True)
    claim_source = fields.Selection(
        [("scheme", "Scheme Benefit"), ("return_damage", "Damaged Return"),
         ("return_expiry", "Expired Return"), ("adjustment", "Adjustment")], string="Claim Line Source", readonly=True)
    scheme_discount = fields.Monetary(readonly=True)
    free_goods_value = fields.Monetary(readonly=True)
    scheme_cost = fields.Monetary(
        readonly=True, help="Scheme discount plus free goods value.")
    claimed_amount = fields.Monetary(
        string="Claimed", readonly=True, help="Amount of claim lines (cancelled claims included: filter by status).")

    @api.model
    def _query(self):
        return SQL("""
            SELECT r.id * 2 AS id,
                   'benefit' AS kind,
                   r.date AS date,
                   r.company_id AS company_id,
                   r.currency_id AS currency_id,
                   r.scheme_id AS scheme_id,
                   r.distributor_id AS distributor_id,
                   r.territory_id AS territory_id,
                   r.product_id AS product_id,
                   NULL::integer AS claim_id,
                   NULL::varchar AS claim_state,
                   NULL::varchar AS claim_source,
                   r.scheme_discount AS scheme_discount,
                   r.free_goods_value AS free_goods_value,
                   r.scheme_discount + r.free_goods_value AS scheme_cost,
                   0.0 AS claimed_amount
              FROM dms_report_secondary_sales r
             WHERE r.scheme_id IS NOT NULL
            UNION ALL
            SELECT cl.id * 2 + 1,
                   'claim',
                   COALESCE(ol.date_order, c.date_to::timestamp),
                   cl.company_id,
                   cl.currency_id,
                   cl.scheme_id,
                   cl.distributor_id,
                   o.territory_id,
                   ol.product_id,
                   cl.claim_id,
                   c.state,
                   cl.source,
                   0.0,
                   0.0,
                   0.0,
                   cl.amount
              FROM dms_claim_line cl
              JOIN dms_claim c ON c.id = cl.claim_id
              LEFT JOIN dms_secondary_order_line ol ON ol.id = cl.order_line_id
              LEFT JOIN dms_secondary_order o ON o.id = ol.order_id
        """)

    def init(self):
        # built on the secondary sales view: make sure it exists, whatever the order models load in
        if not table_kind(self.env.cr, "dms_report_secondary_sales"):
            self.env["dms.report.secondary.sales"].init()
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
