from odoo import Command, api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_distributor_id = fields.Many2one(
        "res.partner", string="Distributor", readonly=True, index=True, copy=False,
        help="The distributor whose own books this company is: its outlet bills, payments and journals.")
    dms_scheme_budget_mode = fields.Selection(
        [("stop", "Stop"), ("warn", "Warn")], string="At a Scheme's Budget", required=True, default="stop",
        help="Stop: a secondary order that would take a scheme past its budget is not confirmed. "
             "Warn: it is confirmed, and a note on the order and on the scheme says by how much.")
    dms_scheme_accrual_account_id = fields.Many2one(
        "account.account", string="Accrued Scheme Liability", check_company=True,
        domain="[('account_type', '=', 'liability_current')]",
        help="Current liability credited with the scheme benefit of goods as deliveries are recorded, and "
             "debited by the claim's credit note when the claim is approved. Empty: nothing is accrued.")
    dms_scheme_accrual_journal_id = fields.Many2one(
        "account.journal", string="Scheme Accrual Journal", check_company=True,
        domain="[('type', '=', 'general')]",
        help="Miscellaneous journal of the scheme accrual entries. Empty: nothing is accrued.")
    dms_incentive_expense_account_id = fields.Many2one(
        "account.account", string="Incentive Expense Account", check_company=True,
        help="Debited by each posted sales incentive payout.")
    dms_incentive_payable_account_id = fields.Many2one(
        "account.account", string="Accrued Incentives Account", check_company=True,
        help="Credited by each posted sales incentive payout: what is owed to the reps until paid.")
    dms_incentive_journal_id = fields.Many2one(
        "account.journal", string="Incentive Journal", check_company=True, domain="[('type', '=', 'general')]",
        help="Journal of the incentive entries. Empty: the company's first miscellaneous journal.")

    @api.model
    def _dms_enable_pricelists(self):
        """Distributors' outlet prices are pricelists, so the pricelist feature stays on: without it,
        saving Settings (which recomputes every feature group) archives every pricelist. Turned on the
        way Odoo does when a feature needs it (product's res.currency for multi-currency): internal
        users get the group, then each company gets its default pricelist. Run at install and update
        (data file), so databases installed before also get it."""
        group_user = self.env.ref("base.group_user")
        pricelist_group = self.env.ref("product.group_product_pricelist")
        if pricelist_group in group_user.implied_ids:
            return False
        group_user._apply_group(pricelist_group)
        self.env["res.company"]._activate_or_create_pricelists()
        return True

    def _dms_adopt_default_taxes(self, principal):
        """Give this company (a distributor's books) the default sale and purchase tax rates of
        `principal` when both are in the same country and this company's chart has a tax of that
        rate: a chart's own default may not be the rate the principal bills (l10n_bd makes 10% the
        default; the standard VAT, which a principal in Bangladesh sets, is 15%). Products given the
        chart's default tax in this company (as loading a chart does) get the new one instead.
        Nothing changes when the rates already agree. Returns whether a default changed."""
        self.ensure_one()
        if not principal or principal == self or self.country_id != principal.country_id:
            return False
        Tax = self.env["account.tax"]
        changed = False
        for default_field, product_field in (("account_sale_tax_id", "taxes_id"),
                                             ("account_purchase_tax_id", "supplier_taxes_id")):
            model = principal[default_field]
            old = self[default_field]
            key = (model.type_tax_use, model.amount_type, model.amount, model.price_include)
            if not model or (old and (old.type_tax_use, old.amount_type, old.amount, old.price_include) == key):
                continue
            new = Tax.search([
                *Tax._check_company_domain(self), ("type_tax_use", "=", model.type_tax_use),
                ("amount_type", "=", model.amount_type), ("amount", "=", model.amount),
                ("price_include", "=", model.price_include)], order="sequence, id", limit=1)
            if not new:
                continue
            self[default_field] = new
            if old:
                # sudo: products are shared by every company; only this company's tax on them is
                # swapped, the one the chart's loading gave them
                products = self.env["product.template"].sudo().with_context(active_test=False).search(
                    [(product_field, "in", old.ids)])
                products.write({product_field: [Command.unlink(old.id), Command.link(new.id)]})
            changed = True
        return changed
