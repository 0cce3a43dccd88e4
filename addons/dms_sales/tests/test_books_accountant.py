from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .test_books import BooksCommon


@tagged("post_install", "-at_install")
class TestBooksAccountant(BooksCommon):
    """A distributor's accountant (DESIGN.md): one of the distributor's users with Odoo's Invoicing
    rights in the distributor's company only, given by *Add Accountant* on the distributor; reads and
    posts that company's entries, never the principal's; another distributor's staff reads neither."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin_manager = new_test_user(
            cls.env, "dms_books_admin", groups="base.group_user,base.group_erp_manager,dms_sales.group_dms_manager",
            company_ids=[Command.set((cls.company | cls.books).ids)])
        wizard = Form(cls.env["dms.books.accountant"].with_user(cls.admin_manager).with_context(
            default_distributor_id=cls.distributor.id))
        wizard.name = "North Accountant"
        wizard.login = "north_accountant"
        cls.accountant = cls.env["res.users"].browse(wizard.save().action_confirm()["res_id"])
        cls.bill = cls._billed()  # North's bill of an outlet, posted in its books
        cls.draft = cls.env["account.move"].with_company(cls.books).create({
            "move_type": "out_invoice", "partner_id": cls.outlet.id, "company_id": cls.books.id,
            "invoice_line_ids": [Command.create({"name": "Display racks", "quantity": 1, "price_unit": 500})]})
        cls.principal_invoice = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.distributor.id,
            "invoice_line_ids": [Command.create({"product_id": cls.soap.id, "quantity": 5, "price_unit": 40})]})
        cls.principal_invoice.action_post()

    def test_accountant_is_the_distributors_user_in_its_company_only(self):
        user = self.accountant
        self.assertEqual(user.partner_id.commercial_partner_id, self.distributor)
        self.assertEqual((user.company_id, user.company_ids), (self.books, self.books))
        for xmlid in ("base.group_user", "account.group_account_invoice", "dms_sales.group_dms_distributor"):
            self.assertTrue(user.has_group(xmlid), xmlid)
        self.assertFalse(user.has_group("dms_sales.group_dms_manager"))
        # only a Distribution Manager who manages users gives one
        with self.assertRaises(AccessError):
            self.env["dms.books.accountant"].with_user(self.manager).create(
                {"distributor_id": self.distributor.id, "name": "X", "login": "x_acc"}).action_confirm()

    def test_accountant_sees_and_posts_the_distributors_moves_not_the_principals(self):
        Move = self.env["account.move"].with_user(self.accountant)
        seen = Move.search([("move_type", "=", "out_invoice")])
        self.assertIn(self.bill, seen)
        self.assertIn(self.draft, seen)
        self.assertNotIn(self.principal_invoice, seen)
        self.assertEqual(seen.company_id, self.books)
        with self.assertRaises(AccessError):
            self.principal_invoice.with_user(self.accountant).read(["amount_total"])
        self.assertFalse(self.env["account.move.line"].with_user(self.accountant).search(
            [("company_id", "=", self.company.id)]), "no journal item of the principal's books")
        draft = self.draft.with_user(self.accountant)
        draft.action_post()
        self.assertEqual(draft.state, "posted")
        self.assertEqual(draft.company_id, self.books)
        # the principal's invoice stays out of reach for posting too
        with self.assertRaises(AccessError):
            self.principal_invoice.with_user(self.accountant).button_draft()

    def test_accountant_reads_the_distributors_outlets_only(self):
        """The outlets billed in the distributor's books stay in the principal's company: the
        accountant reads them (and their contacts, and the distributor), no other contact of it."""
        contact = self.env["res.partner"].create({"name": "Rahim (owner)", "parent_id": self.outlet.id})
        customer = self.env["res.partner"].create({"name": "Principal's customer", "company_id": self.company.id})
        Partner = self.env["res.partner"].with_user(self.accountant)
        ids = (self.outlet | self.outlet_2 | contact | self.distributor | self.outlet_south | customer).ids
        self.assertEqual(Partner.search([("id", "in", ids)]), (self.outlet | self.outlet_2 | contact | self.distributor)
                         .with_user(self.accountant))
        self.assertEqual(self.outlet.with_user(self.accountant).name, "Rahim Store")
        for partner in (self.outlet_south, customer):
            with self.assertRaises(AccessError):
                partner.with_user(self.accountant).read(["name"])
        with self.assertRaises(AccessError):
            self.outlet.with_user(self.accountant).write({"phone": "123"})

    def test_other_distributors_staff_see_neither_books(self):
        Move = self.env["account.move"].with_user(self.staff_south)
        ids = (self.bill | self.draft | self.principal_invoice).ids
        self.assertFalse(Move.search([("id", "in", ids)]))
        for move in (self.bill, self.principal_invoice):
            with self.assertRaises(AccessError):
                move.with_user(self.staff_south).read(["amount_total"])

    def test_principal_access_refused_to_a_distributors_accountant(self):
        # a principal's user is not made a distributor's accountant
        wizard = self.env["dms.books.accountant"].with_user(self.admin_manager).create(
            {"distributor_id": self.distributor.id, "user_id": self.manager.id})
        with self.assertRaisesRegex(UserError, "is not one of North Distribution Ltd's users"):
            wizard.action_confirm()
        # nor a distributor's user who also works in the principal's company
        wizard.user_id = self.staff
        with self.assertRaisesRegex(UserError, "has access to %s" % self.company.name):
            wizard.action_confirm()
        self.assertFalse(self.staff.has_group("account.group_account_invoice"))
        # the same, given through the user's groups, the group's users or the user's companies
        invoicing = self.env.ref("account.group_account_invoice")
        with self.assertRaisesRegex(ValidationError, "Allowed Companies must be the distributor's own company"):
            self.staff.groups_id = [Command.link(invoicing.id)]
        with self.assertRaisesRegex(ValidationError, "North Distribution Ltd"):
            invoicing.users = [Command.link(self.staff.id)]
        with self.assertRaisesRegex(ValidationError, self.company.name):
            self.accountant.company_ids = [Command.link(self.company.id)]
        # a principal's accountant whose contact is moved under the distributor
        principal_accountant = new_test_user(
            self.env, "principal_accountant", groups="base.group_user,account.group_account_invoice",
            company_ids=[Command.set((self.company | self.books).ids)])
        with self.assertRaises(ValidationError):
            principal_accountant.partner_id.parent_id = self.distributor
        # with the distributor's company only, the staff user may be given the rights
        self.staff.write({"company_id": self.books.id, "company_ids": [Command.set(self.books.ids)]})
        wizard.action_confirm()
        self.assertTrue(self.staff.has_group("account.group_account_invoice"))
