from odoo.tests import TransactionCase, tagged

NOT_BD = ("the main company is not a Bangladeshi company with Odoo's l10n_bd chart (%s): the database was "
          "not created with country BD. Create it with scripts/createdb (scripts/test, scripts/serve, bench "
          "and docker compose do), i.e. Odoo's exp_create_database(..., country_code='bd'), then install.")


@tagged("post_install", "-at_install")
class TestDemoPrincipal(TransactionCase):
    """The principal (main company) is what every DMS database is created as: a Bangladeshi company in
    BDT on Odoo's own Bangladesh chart (l10n_bd, auto-installed with account) with 15% VAT; with demo
    data it is Bengal Consumer Goods Ltd. of Dhaka and the demo postings are in that chart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.demo = cls.env.ref("base.module_dms_sales").demo

    def test_bangladeshi_company_with_the_bd_chart(self):
        company = self.company
        found = "country %s, currency %s, chart %s" % (company.country_id.code, company.currency_id.name,
                                                       company.chart_template)
        self.assertEqual(company.country_id.code, "BD", NOT_BD % found)
        self.assertEqual(company.currency_id.name, "BDT", NOT_BD % found)
        self.assertEqual(company.chart_template, "bd", NOT_BD % found)
        self.assertEqual(self.env.ref("base.module_l10n_bd").state, "installed")
        self.assertEqual(company.account_fiscal_country_id.code, "BD")
        vat = self.env["account.tax"].search([("company_id", "=", company.id), ("type_tax_use", "=", "sale"),
                                              ("amount_type", "=", "percent"), ("amount", "=", 15.0)])
        self.assertEqual(vat.get_external_id()[vat.id], "account.%d_VAT_S_IN_BD_15" % company.id)
        # the default receivable comes from l10n_bd's template, not from the generic chart
        receivable = company.partner_id.with_company(company).property_account_receivable_id
        self.assertEqual(receivable.get_external_id()[receivable.id], "account.%d_l10n_bd_100201" % company.id)

    def test_demo_principal_in_dhaka(self):
        if not self.demo:
            self.skipTest("database without the demo data of dms_sales: the principal is not renamed")
        company = self.company
        self.assertEqual(company.name, "Bengal Consumer Goods Ltd.")
        self.assertEqual((company.city, company.zip, company.country_id.code), ("Dhaka", "1208", "BD"))
        self.assertTrue(company.vat)
        self.assertEqual(company.partner_id.name, company.name)
        # the standard 15% VAT is the default (l10n_bd's default is 10%)
        for tax, use in ((company.account_sale_tax_id, "sale"), (company.account_purchase_tax_id, "purchase")):
            self.assertEqual((tax.type_tax_use, tax.amount_type, tax.amount, tax.price_include),
                             (use, "percent", 15.0, False), "default %s tax: %s" % (use, tax.display_name))

    def test_demo_distributor_books_with_the_principals_vat(self):
        """Karnaphuli Traders bills its outlets in its own company (Set Up Books): that company, in
        Bangladesh on l10n_bd's chart too, has the principal's 15% VAT as its default taxes, and
        the demo products carry it there, not l10n_bd's 10% default."""
        distributor = self.env.ref("dms_sales.res_partner_karnaphuli_distributor_demo", raise_if_not_found=False)
        if not distributor:
            self.skipTest("database without the demo data of dms_sales")
        books = distributor.dms_books_company_id
        self.assertEqual((books.country_id.code, books.chart_template), ("BD", "bd"))
        for field, use in (("account_sale_tax_id", "sale"), ("account_purchase_tax_id", "purchase")):
            tax = books[field]
            self.assertEqual((tax.company_id, tax.type_tax_use, tax.amount_type, tax.amount, tax.price_include),
                             (books, use, "percent", 15.0, False), "default %s tax: %s" % (use, tax.display_name))
        soap = self.env.ref("dms_sales.product_product_soap_glow_demo")
        self.assertEqual(soap.taxes_id.filtered(lambda t: t.company_id == books), books.account_sale_tax_id)
        self.assertEqual(soap.supplier_taxes_id.filtered(lambda t: t.company_id == books),
                         books.account_purchase_tax_id)

    def test_demo_products_prices_and_postings_in_bdt_with_vat(self):
        if not self.demo:
            self.skipTest("database without the demo data of dms_sales")
        company = self.company
        vat = company.account_sale_tax_id
        products = self.env["product.product"].search([("default_code", "!=", False), ("id", "in", [
            self.env.ref("dms_sales.product_product_soap_glow_demo").id,
            self.env.ref("dms_sales.product_product_shampoo_demo").id])])
        self.assertEqual(len(products), 2)
        for product in products:
            self.assertEqual(product.with_company(company).taxes_id.filtered(lambda t: t.company_id == company),
                             vat, product.display_name)
            self.assertEqual(product.currency_id.name, "BDT")
        pricelist = self.env.ref("dms_sales.product_pricelist_padma_demo")
        self.assertEqual(pricelist.currency_id.name, "BDT")
        # primary orders to the distributors carry the 15% VAT, in BDT
        orders = self.env["sale.order"].search([("company_id", "=", company.id),
                                                ("partner_id.dms_role", "=", "distributor")])
        self.assertTrue(orders, "the demo has primary orders")
        self.assertEqual(orders.currency_id.name, "BDT")
        self.assertEqual(orders.order_line.tax_id, vat)
        # every demo posting of the principal (Odoo's and ours) is in BDT and in l10n_bd's chart
        moves = self.env["account.move"].search([("company_id", "=", company.id), ("state", "=", "posted")])
        self.assertGreater(len(moves.filtered(lambda m: m.partner_id.dms_role == "distributor")), 2)
        self.assertEqual(moves.currency_id.name, "BDT")
        lines = moves.line_ids
        self.assertEqual(lines.account_id.company_ids, company)
        xmlids = lines.account_id.get_external_id()
        bd_prefix = "account.%d_l10n_bd_" % company.id
        generic_data = self.env["account.chart.template"]._get_chart_template_data("generic_coa")
        generic = {"account.%d_%s" % (company.id, xmlid) for xmlid in generic_data["account.account"]}
        self.assertFalse(generic & set(xmlids.values()), "no account of the generic chart")
        for account_type in ("asset_receivable", "income"):
            accounts = lines.account_id.filtered(lambda a, t=account_type: a.account_type == t and xmlids[a.id])
            self.assertTrue(accounts and all(xmlids[a.id].startswith(bd_prefix) for a in accounts),
                            "%s: %s" % (account_type, [xmlids[a.id] for a in accounts]))
        # the accounts without an xmlid are the ones the dms demo adds to that chart (scheme
        # accruals, incentives), numbered like it
        others = lines.account_id.filtered(lambda a: not xmlids[a.id])
        self.assertTrue(all(len(a.code) == 6 for a in others), others.mapped("code"))

    def test_primary_invoice_with_vat_in_the_bd_chart(self):
        """A delivered primary order of the demo, invoiced: 15% VAT on l10n_bd's output VAT account."""
        if not self.demo:
            self.skipTest("database without the demo data of dms_sales")
        company = self.company
        order = self.env["sale.order"].search([("company_id", "=", company.id), ("invoice_status", "=", "to invoice"),
                                               ("partner_id.dms_role", "=", "distributor")], limit=1)
        if not order:
            self.skipTest("no delivered primary order (dms_inventory's demo delivers them)")
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.currency_id.name, "BDT")
        self.assertEqual(invoice.invoice_line_ids.tax_ids, company.account_sale_tax_id)
        self.assertAlmostEqual(invoice.amount_tax, round(invoice.amount_untaxed * 0.15, 2), delta=0.05)
        tax_line = invoice.line_ids.filtered(lambda line: line.display_type == "tax")
        self.assertEqual(tax_line.account_id.get_external_id()[tax_line.account_id.id],
                         "account.%d_l10n_bd_200902" % company.id)
