from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DmsReportsCommon


@tagged("post_install", "-at_install")
class TestAccountantHomeUi(DmsReportsCommon, HttpCase):
    """An accountant of the principal: Invoicing (account.group_account_invoice) reads every claim and
    receivable; Distribution Supervisor, the smallest Distribution group showing the Reporting menu."""

    browser_size = "1400x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.home_accountant = new_test_user(
            cls.env, "dms_home_accountant", groups="account.group_account_invoice,dms_sales.group_dms_supervisor")
        cls.scheme_soap = cls.env["dms.scheme"].create({
            "name": "Soap 10% off", "rule_type": "qty_slab", "product_ids": [Command.set(cls.soap.ids)],
            "slab_ids": [Command.create({"threshold": 1, "discount_value": 10})]})
        # soap 20 at 35, 10% off: a benefit of 70 claimed back
        order = cls._create_order(lines=[(cls.soap, 20)])
        order.action_confirm()
        order.action_deliver()
        cls.invoice = cls._invoice(2000, 10)
        cls.payment = cls._payment(700, 5)
        cls.claim = cls.env["dms.claim"].create({
            "distributor_id": cls.distributor.id, "date_from": cls._days_ago(30), "date_to": cls.today})
        cls.claim.action_compute()
        cls.claim.action_submit()
        cls.claim.action_approve()

    def test_accountant_walks_receivables_claims_statement_reconcile(self):
        accountant = self.home_accountant
        self.assertEqual(accountant._dms_home_action(), self.env.ref("dms_reports.dms_receivable_line_action"))
        field_supervisor = new_test_user(
            self.env, "dms_billing_sup", groups="account.group_account_invoice,dms_sales.group_dms_supervisor")
        self.other_region.manager_id = field_supervisor
        self.assertEqual(field_supervisor._dms_home_action(), self.env.ref("dms_routing.dms_visit_action_my_day"),
                         "a supervisor of a territory who also bills stays on My Day")
        reporting = self.env.ref("dms_reports.dms_menu_reporting")
        self.assertTrue(reporting.with_user(accountant)._filter_visible_menus())
        self.assertFalse(reporting.with_user(self.accountant)._filter_visible_menus(),
                         "Invoicing alone does not show Distribution > Reporting")
        # what the tour reads on screen, from the records
        [(claimed,)] = self.env["dms.claim.line"].with_user(accountant)._read_group(
            [("scheme_id", "=", self.scheme_soap.id)], [], ["amount:sum"])
        self.assertEqual(claimed, 70)
        lines = self.env["dms.receivable.line"].with_user(accountant).search(
            [("distributor_id", "=", self.distributor.id)])
        self.assertEqual(sorted(lines.mapped("kind")), ["credit_note", "invoice", "payment"])
        self.assertAlmostEqual(sum(lines.mapped("amount_residual")), 2000 - 700 - 70)

        self.start_tour("/odoo", "dms_accountant_home_tour", login="dms_home_accountant")

        # the Statement's Print PDF renders for the accountant
        wizard = self.env["dms.statement.wizard"].with_user(accountant).create({
            "distributor_ids": [Command.set(self.distributor.ids)],
            "date_from": self._days_ago(30), "date_to": self.today})
        action = wizard.action_print_pdf()
        self.assertEqual(action["report_name"], "dms_reports.report_distributor_statement")
        html = self.env["ir.actions.report"].with_user(accountant)._render_qweb_html(
            action["report_name"], self.distributor.ids, data=action["data"])[0]
        self.assertIn(b"North Distribution Ltd", html)
        self.assertIn(self.invoice.name.encode(), html)
