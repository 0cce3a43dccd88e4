from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsStatementWizard(models.TransientModel):
    _name = "dms.statement.wizard"
    _description = "Distributor Statement of Account"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Items before this day make the opening balance.")
    date_to = fields.Date(
        string="To", required=True, default=fields.Date.context_today,
        help="Last day of the statement; the ageing is computed on this day, by due date.")
    distributor_ids = fields.Many2many(
        "res.partner", string="Distributors", required=True,
        domain="[('dms_role', 'in', ('distributor', 'wholesaler')), ('is_company', '=', True)]",
        help="One statement per distributor, from the receivable items of its commercial partner.")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "distributor_ids" in fields_list and not res.get("distributor_ids") \
                and self.env.context.get("active_model") == "res.partner":
            partners = self.env["res.partner"].browse(self.env.context.get("active_ids", [])).commercial_partner_id
            res["distributor_ids"] = [(6, 0, partners.ids)]
        return res

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._(
                    "Statement of account: From (%(date_from)s) is after To (%(date_to)s).",
                    date_from=wizard.date_from, date_to=wizard.date_to))

    def _report_data(self):
        self.ensure_one()
        return {"date_from": fields.Date.to_string(self.date_from), "date_to": fields.Date.to_string(self.date_to)}

    def _print(self, xmlid):
        self.ensure_one()
        # refuse here, before the download starts, rather than in the rendering
        self.distributor_ids._dms_check_statement_access()
        return self.env.ref(xmlid).report_action(self.distributor_ids.commercial_partner_id, data=self._report_data())

    def action_print_pdf(self):
        return self._print("dms_reports.dms_statement_report")

    def action_print_xlsx(self):
        return self._print("dms_reports.dms_statement_xlsx")
