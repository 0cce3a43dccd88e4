from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import DmsRoutingCommon


@tagged("post_install", "-at_install")
class TestRoutingSecurity(DmsRoutingCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(cls.env, "dms_accountant", groups="account.group_account_invoice")
        cls.dist_staff = new_test_user(
            cls.env, "dms_dist_staff", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.dist_staff.partner_id.parent_id = cls.distributor
        Collection = cls.env["dms.collection"]
        cls.col_rep = Collection.create({"partner_id": cls.outlet.id, "amount": 10, "user_id": cls.rep.id})
        cls.col_rep_2 = Collection.create({"partner_id": cls.outlet_2.id, "amount": 20, "user_id": cls.rep_2.id})
        cls.col_south = Collection.create({"partner_id": cls.outlet_south.id, "amount": 30, "user_id": cls.rep_2.id})
        cls.session = cls.env["dms.van.session"].create({"vehicle_id": cls.van.id, "user_id": cls.rep.id})
        cls.deposit = cls.env["dms.cash.deposit"].create({"user_id": cls.rep.id})
        cls.all = cls.col_rep | cls.col_rep_2 | cls.col_south

    def _visible(self, user):
        return self.env["dms.collection"].with_user(user).search([("id", "in", self.all.ids)])

    def test_rep_sees_own(self):
        self.assertEqual(self._visible(self.rep), self.col_rep)
        with self.assertRaises(AccessError):
            self.col_rep_2.with_user(self.rep).read(["amount"])
        with self.assertRaises(AccessError):
            self.session.with_user(self.rep_2).read(["state"])
        with self.assertRaises(AccessError):
            self.deposit.with_user(self.rep_2).read(["amount_expected"])
        self.assertEqual(self.session.with_user(self.rep).state, "draft")

    def test_supervisor_sees_territories(self):
        self.assertEqual(self.col_rep_2.territory_id, self.area_2)
        self.assertEqual(self._visible(self.supervisor), self.col_rep | self.col_rep_2)
        with self.assertRaises(AccessError):
            self.col_south.with_user(self.supervisor).read(["amount"])
        self.assertTrue(self.session.with_user(self.supervisor).read(["state"]))
        # reassigning the region takes effect at once (rule path resolved in SQL)
        self.region.manager_id = self.manager
        with self.assertRaises(AccessError):
            self.col_rep.with_user(self.supervisor).read(["amount"])

    def test_distributor_staff_sees_own_distributor(self):
        self.assertEqual(self.col_south.distributor_id, self.distributor_south)
        self.assertEqual(self._visible(self.dist_staff), self.col_rep | self.col_rep_2)
        with self.assertRaises(AccessError):
            self.col_south.with_user(self.dist_staff).read(["amount"])
        self.assertTrue(self.session.with_user(self.dist_staff).read(["state"]))

    def test_manager_and_accountant_see_all(self):
        self.assertEqual(self._visible(self.manager), self.all)
        self.assertEqual(self._visible(self.accountant), self.all)

    def test_multi_company(self):
        company_2 = self.env["res.company"].create({"name": "Other Co"})
        other = self.env["dms.collection"].create({
            "partner_id": self.distributor_south.id, "amount": 5, "company_id": company_2.id, "user_id": self.rep.id})
        self.assertFalse(self.env["dms.collection"].with_user(self.manager).search([("id", "=", other.id)]))
        with self.assertRaises(AccessError):
            other.with_user(self.rep).read(["amount"])

    def test_rep_works_through_the_forms(self):
        """The phone form, the session and the deposit open for a rep without accounting or
        inventory rights (fields needing them are hidden by groups)."""
        with Form(self.env["dms.collection"].with_user(self.rep)) as form:
            form.partner_id = self.outlet
            form.amount = 75
        collection = form.save()
        self.assertEqual(collection.user_id, self.rep)
        self.assertEqual(collection.territory_id, self.leaf)
        self.assertEqual(collection.distributor_id, self.distributor)
        session_form = Form(self.session.with_user(self.rep))
        self.assertEqual(session_form.vehicle_id, self.van)
        deposit_form = Form(self.deposit.with_user(self.rep))
        self.assertEqual(deposit_form.user_id, self.rep)
