from odoo import api, fields, models


class DmsCollectorDocument(models.AbstractModel):
    """What the documents of a collector's money share (collections, cash deposits): a reference
    numbered per company by the sequence named after the model, the collector, the day, the
    company's currency and a chatter."""

    _name = "dms.collector.document"
    _description = "Collector Document"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="New")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Collector", required=True, index=True, tracking=True,
        default=lambda self: self.env.user, domain="[('share', '=', False)]")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "New") == "New":
                vals["name"] = self.env["ir.sequence"].with_company(vals.get("company_id")).next_by_code(
                    self._name) or "New"
        return super().create(vals_list)
