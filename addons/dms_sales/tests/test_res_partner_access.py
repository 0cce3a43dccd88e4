from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import DmsSalesCommon


@tagged("post_install", "-at_install")
class TestResPartnerWriteAccess(DmsSalesCommon):
    """res.partner is shared by every app: what a rep (or distributor staff) may write is the
    outlets of their territories and those outlets' contacts, never the rest of the network.
    Each attack runs over the ORM as the user (what XML-RPC does), then the database is re-read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_partner = cls.company.partner_id
        cls.outlet_class_a, cls.outlet_class_b = cls.env["dms.outlet.class"].create([
            {"name": "Test class A"}, {"name": "Test class B"}])
        cls.outlet.dms_outlet_class_id = cls.outlet_class_b
        # a second distributor covering the rep's area: a valid "Served by" for the rep's outlet
        cls.distributor_2 = cls.env["res.partner"].create({
            "name": "Area One Wholesale", "is_company": True, "dms_role": "wholesaler",
            "dms_covered_territory_ids": [(6, 0, cls.area.ids)],
        })
        cls.cheap = cls.env["product.pricelist"].create({"name": "Cheap prices"})
        # distributor staff of North who got "Contact Creation" (base's default for new internal users)
        cls.staff = new_test_user(
            cls.env, "dms_staff_contacts",
            groups="base.group_user,base.group_partner_manager,dms_sales.group_dms_distributor")
        cls.staff.partner_id.parent_id = cls.distributor
        # a rep created from the Users form gets "Contact Creation" too
        cls.rep_contacts = new_test_user(
            cls.env, "dms_rep_contacts", groups="base.group_partner_manager,dms_sales.group_dms_rep")
        cls.area.user_ids = [(4, cls.rep_contacts.id)]

    def _snapshot(self, partner):
        partner.invalidate_recordset()
        return partner.read(["name", "email", "dms_role", "dms_territory_id", "dms_distributor_id", "parent_id",
                             "dms_covered_territory_ids", "dms_secondary_pricelist_id", "property_product_pricelist",
                             "dms_outlet_class_id"])[0]

    def assertRefused(self, user, partner, vals, message=None, exception=UserError):
        """`user` writing `vals` on `partner` raises (an AccessError is a UserError; with `message`,
        a UserError saying it) and changes nothing."""
        before = self._snapshot(partner)
        with self.assertRaises(exception, msg="%s writes %s on %s" % (user.login, vals, partner.name)) as caught:
            partner.with_user(user).write(vals)
        if message:
            self.assertRegex(str(caught.exception), message)
        self.assertEqual(self._snapshot(partner), before, "nothing changed on %s" % partner.name)

    # the rest of the network -------------------------------------------------------------

    def test_rep_cannot_edit_distributors(self):
        for rep in (self.rep, self.rep_contacts):
            # adding their territory to another distributor's coverage (it then reads its stock, invoices...)
            self.assertRefused(rep, self.distributor_south, {"dms_covered_territory_ids": [(4, self.leaf.id)]})
            # another distributor's outlet pricelist
            self.assertRefused(rep, self.distributor_south, {"dms_secondary_pricelist_id": self.pricelist.id})
            # even the distributor serving their own outlets
            self.assertRefused(rep, self.distributor, {"dms_secondary_pricelist_id": self.cheap.id})
            self.assertRefused(rep, self.distributor, {"name": "Renamed", "email": "rep@example.com"})
            # turning a distributor into an outlet of their territory
            self.assertRefused(rep, self.distributor_south, {"dms_role": "outlet", "dms_territory_id": self.leaf.id})

    def test_rep_cannot_edit_company_or_users(self):
        for rep in (self.rep, self.rep_contacts):
            self.assertRefused(rep, self.company_partner, {"street": "Hijacked Road", "email": "rep@example.com"})
            # another user's e-mail: where password resets go
            self.assertRefused(rep, self.manager.partner_id, {"email": "rep@example.com"})
            self.assertRefused(rep, self.rep_2.partner_id, {"email": "rep@example.com"})

    def test_rep_cannot_create_distributors(self):
        Partner = self.env["res.partner"]
        for rep in (self.rep, self.rep_contacts):
            with self.assertRaises(UserError):
                Partner.with_user(rep).create({
                    "name": "Rep's Distributor", "is_company": True, "dms_role": "distributor",
                    "dms_covered_territory_ids": [(6, 0, self.leaf.ids)]})
            with self.assertRaises(UserError):
                Partner.with_user(rep).with_context(default_dms_role="distributor").create(
                    {"name": "Rep's Distributor", "is_company": True})
            with self.assertRaises(UserError):
                # a "contact" of their own outlet that is a distributor
                Partner.with_user(rep).create({
                    "name": "Rep's Distributor", "parent_id": self.outlet.id, "dms_role": "distributor"})
            with self.assertRaises(UserError):
                # a contact of another distributor
                Partner.with_user(rep).create({"name": "Rep's Contact", "parent_id": self.distributor_south.id})
        self.assertFalse(Partner.with_context(active_test=False).search(
            [("name", "in", ("Rep's Distributor", "Rep's Contact"))]))

    # outlets ------------------------------------------------------------------------------

    def test_rep_edits_own_outlets_and_their_contacts(self):
        outlet = self.outlet.with_user(self.rep)
        outlet.write({"phone": "+880 1711 999999", "street": "Road 5", "dms_opening_time": 9,
                      "partner_latitude": 23.81, "partner_longitude": 90.41})
        contact = self.env["res.partner"].with_user(self.rep).create({
            "name": "Owner of Rahim Store", "parent_id": self.outlet.id, "phone": "01711000222"})
        contact.write({"email": "owner@example.com"})
        self.outlet.invalidate_recordset()
        self.assertEqual((self.outlet.phone, self.outlet.street), ("+880 1711 999999", "Road 5"))
        self.assertEqual(self.outlet.child_ids, contact)
        self.assertEqual(contact.sudo().email, "owner@example.com")
        # another rep's outlet stays out of reach
        self.assertRefused(self.rep, self.outlet_2, {"phone": "000"})

    def test_rep_cannot_change_network_fields_of_approved_outlet(self):
        self.assertEqual(self.outlet.dms_outlet_state, "approved")
        manager_only = r"Only a Distribution Manager can change the %s of Rahim Store\."
        approved = r"Outlet Rahim Store is approved: only a supervisor can change its %s\."
        for rep in (self.rep, self.rep_contacts):
            self.assertRefused(rep, self.outlet, {"dms_role": "distributor"},
                               r"Only a Distribution Manager can change the Distribution Role of Rahim Store "
                               r"\(to Distributor\)")
            self.assertRefused(rep, self.outlet, {"dms_role": False},
                               r"Only a Distribution Manager can change the Distribution Role of Rahim Store "
                               r"\(to none\)")
            self.assertRefused(rep, self.outlet, {"dms_covered_territory_ids": [(4, self.leaf.id)]},
                               manager_only % "Covered Territories")
            self.assertRefused(rep, self.outlet, {"dms_secondary_pricelist_id": self.cheap.id},
                               manager_only % "Outlet Pricelist")
            self.assertRefused(rep, self.outlet, {"property_product_pricelist": self.cheap.id},
                               manager_only % "Pricelist")
            self.assertRefused(rep, self.outlet, {"dms_distributor_id": self.distributor_2.id}, approved % "Served by")
            self.assertRefused(rep, self.outlet, {"dms_territory_id": self.area.id}, approved % "Territory")
            self.assertRefused(rep, self.outlet, {"dms_outlet_class_id": self.outlet_class_a.id},
                               approved % "Outlet Class")
            # out of their territories, or under another distributor (whose staff would then see it)
            self.assertRefused(rep, self.outlet, {"dms_territory_id": self.area_2.id}, approved % "Territory")
            self.assertRefused(rep, self.outlet, {"parent_id": self.distributor_south.id},
                               r"Rahim Store cannot become a contact of South Traders \(Related Company\)")
        # a supervisor approves outlets: they may re-assign them within their territories
        self.outlet.with_user(self.supervisor).write({
            "dms_distributor_id": self.distributor_2.id, "dms_outlet_class_id": self.outlet_class_a.id})
        self.assertEqual(self.outlet.dms_distributor_id, self.distributor_2)
        # but the network itself stays the managers'
        self.assertRefused(self.supervisor, self.distributor, {"dms_covered_territory_ids": [(4, self.leaf.id)]})
        self.assertRefused(self.supervisor, self.outlet, {"dms_role": "distributor"})
        self.assertRefused(self.supervisor, self.outlet, {"property_product_pricelist": self.cheap.id})

    def test_rep_edits_proposed_outlet(self):
        """While the outlet waits for approval, its proposer still shapes it, inside their territories."""
        outlet = self.env["res.partner"].with_user(self.rep).create({
            "name": "New Kiosk", "is_company": True, "dms_role": "outlet", "dms_territory_id": self.leaf.id,
            "dms_distributor_id": self.distributor.id})
        self.assertEqual(outlet.dms_outlet_state, "proposed")
        outlet.write({"dms_territory_id": self.area.id, "dms_distributor_id": self.distributor_2.id,
                      "dms_outlet_class_id": self.outlet_class_a.id})
        self.assertEqual(outlet.sudo().dms_distributor_id, self.distributor_2)
        self.assertRefused(self.rep, outlet.sudo(), {"dms_territory_id": self.area_2.id,
                                                     "dms_distributor_id": self.distributor.id},
                           r"New Kiosk would leave the outlets you may edit \(Territory North / Area 2,")
        self.assertRefused(self.rep, outlet.sudo(), {"dms_secondary_pricelist_id": self.cheap.id},
                           "Only a Distribution Manager can change the Outlet Pricelist of New Kiosk")
        self.assertRefused(self.rep, outlet.sudo(), {"property_product_pricelist": self.cheap.id},
                           "Only a Distribution Manager can change the Pricelist of New Kiosk")
        Partner = self.env["res.partner"].with_user(self.rep)
        with self.assertRaises(UserError) as caught:
            Partner.create({"name": "Priced Kiosk", "dms_role": "outlet", "dms_territory_id": self.leaf.id,
                            "property_product_pricelist": self.cheap.id})
        self.assertIn("Only a Distribution Manager can change the Pricelist of Priced Kiosk", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            Partner.create({"name": "Hidden Kiosk", "dms_role": "outlet", "dms_territory_id": self.leaf.id,
                            "parent_id": self.distributor_south.id})
        self.assertIn("Hidden Kiosk cannot become a contact of South Traders", str(caught.exception))
        self.assertFalse(self.env["res.partner"].search([("name", "in", ("Priced Kiosk", "Hidden Kiosk"))]))
        # the pricelist the partner form proposes (the default one) is no change
        default = Partner.new({}).property_product_pricelist
        self.assertTrue(Partner.create({"name": "Form Kiosk", "dms_role": "outlet", "dms_territory_id": self.leaf.id,
                                        "property_product_pricelist": default.id}))

    def test_rep_changes_own_preferences(self):
        """res.users writes the user's own partner in sudo for the fields of the preferences form."""
        self.rep.with_user(self.rep).write({
            "email": "rep.new@example.com", "signature": "<p>Rep</p>", "tz": "Asia/Dhaka", "name": "Rep Renamed"})
        self.rep.partner_id.invalidate_recordset()
        self.assertEqual((self.rep.partner_id.email, self.rep.partner_id.name), ("rep.new@example.com", "Rep Renamed"))

    # distributor staff --------------------------------------------------------------------

    def test_distributor_staff_with_contact_creation(self):
        """Internal staff who can create contacts edit their outlets and their company's contacts,
        never another distributor, the company or the network."""
        self.assertRefused(self.staff, self.distributor_south, {"name": "Renamed"})
        self.assertRefused(self.staff, self.company_partner, {"street": "Hijacked Road"})
        self.assertRefused(self.staff, self.distributor, {"dms_covered_territory_ids": [(4, self.other_region.id)]})
        self.assertRefused(self.staff, self.distributor, {"dms_secondary_pricelist_id": self.cheap.id})
        self.assertRefused(self.staff, self.outlet, {"dms_distributor_id": self.distributor_2.id},
                           "Outlet Rahim Store is approved: only a supervisor can change its Served by")
        self.assertRefused(self.staff, self.outlet_south, {"phone": "000"})
        self.outlet.with_user(self.staff).write({"phone": "+880 1711 555555"})
        self.staff.partner_id.with_user(self.staff).write({"mobile": "01711000333"})
        self.assertEqual(self.outlet.phone, "+880 1711 555555")

    def test_portal_staff_writes_nothing(self):
        portal = new_test_user(self.env, "dms_portal_w", groups="base.group_portal,dms_sales.group_dms_distributor")
        portal.partner_id.parent_id = self.distributor
        for partner in (self.outlet, self.distributor, portal.partner_id):
            self.assertRefused(portal, partner, {"phone": "000"}, exception=AccessError)


@tagged("post_install", "-at_install")
class TestPricelistAccess(DmsSalesCommon):
    """Distributor staff read their own distributor's outlet pricelist and rules, not a competitor's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(cls.env, "dms_staff_prices", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.staff.partner_id.parent_id = cls.distributor
        cls.portal_staff = new_test_user(
            cls.env, "dms_portal_prices", groups="base.group_portal,dms_sales.group_dms_distributor")
        cls.portal_staff.partner_id.parent_id = cls.distributor
        Item = cls.env["product.pricelist.item"]
        cls.own_item = cls.pricelist.item_ids
        cls.other_item = Item.create({
            "pricelist_id": cls.pricelist_list.id, "applied_on": "0_product_variant", "product_id": cls.soap.id,
            "compute_price": "fixed", "fixed_price": 31})
        cls.general = cls.env["product.pricelist"].create({"name": "General prices"})
        cls.general_item = Item.create({"pricelist_id": cls.general.id, "compute_price": "percentage",
                                        "percent_price": 1})

    def test_staff_reads_own_pricelist_only(self):
        pricelists = self.pricelist | self.pricelist_list | self.general
        items = self.own_item | self.other_item | self.general_item
        Pricelist = self.env["product.pricelist"].with_user(self.staff)
        Item = self.env["product.pricelist.item"].with_user(self.staff)
        self.assertEqual(Pricelist.search([("id", "in", pricelists.ids)]), (self.pricelist | self.general).with_user(
            self.staff))
        self.assertEqual(Item.search([("id", "in", items.ids)]), (self.own_item | self.general_item).with_user(
            self.staff))
        self.assertTrue(self.own_item.with_user(self.staff).read(["fixed_price"]))
        with self.assertRaises(AccessError):
            self.other_item.with_user(self.staff).read(["fixed_price"])
        with self.assertRaises(AccessError):
            self.pricelist_list.with_user(self.staff).read(["item_ids"])
        # their own secondary orders are still priced from their pricelist
        order = self.env["dms.secondary.order"].with_user(self.staff).create({
            "distributor_id": self.distributor.id, "partner_id": self.outlet.id,
            "line_ids": [(0, 0, {"product_id": self.soap.id, "product_uom_qty": 2})]})
        self.assertEqual(order.line_ids.price_unit, 35)

    def test_reps_and_portal_unchanged(self):
        items = self.own_item | self.other_item | self.general_item
        self.assertEqual(self.env["product.pricelist.item"].with_user(self.rep).search([("id", "in", items.ids)]),
                         items.with_user(self.rep), "reps price orders of every distributor serving them")
        # portal users have no access to pricelists at all: the new rule grants them nothing
        with self.assertRaises(AccessError):
            self.own_item.with_user(self.portal_staff).read(["fixed_price"])
        with self.assertRaises(AccessError):
            self.env["product.pricelist"].with_user(self.portal_staff).search([])
