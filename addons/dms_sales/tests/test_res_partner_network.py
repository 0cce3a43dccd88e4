from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DmsSalesCommon

# 1 degree of latitude is about 111 km
METRE = 1 / 111_000


@tagged("post_install", "-at_install")
class TestResPartnerNetwork(DmsSalesCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outlet.write({"phone": "01711-234567", "partner_latitude": 23.8103, "partner_longitude": 90.4125})

    def _propose(self, **vals):
        return self.env["res.partner"].with_user(self.rep).create({
            "name": "New Kiosk", "is_company": True, "dms_role": "outlet", "dms_territory_id": self.leaf.id,
            "dms_distributor_id": self.distributor.id, **vals,
        })

    # coverage ------------------------------------------------------------------------------

    def test_outlet_outside_coverage(self):
        with self.assertRaisesRegex(ValidationError, r"Rahim Store is in territory South, which North "
                                                     r"Distribution Ltd \(Served by\) does not cover"):
            self.outlet.dms_territory_id = self.other_region
        with self.assertRaisesRegex(ValidationError, r"South Corner: Rahim Store \(Served by\) is not a distributor"):
            self.outlet_south.dms_distributor_id = self.outlet
        with self.assertRaisesRegex(ValidationError, "needs a Territory"):
            self.env["res.partner"].create({"name": "Nowhere", "dms_role": "outlet"})

    def test_distributor_coverage_shrink(self):
        """Narrowing a distributor's coverage is fine while its outlets stay inside, refused
        (naming them) when they would fall outside."""
        self.distributor.dms_covered_territory_ids = [(6, 0, (self.area | self.area_2).ids)]
        msg = (r"North Distribution Ltd \(Covered Territories\) would no longer cover outlets it serves: "
               r"Karim Pharmacy \(North / Area 2\)")
        with self.assertRaisesRegex(ValidationError, msg):
            self.distributor.dms_covered_territory_ids = [(3, self.area_2.id)]
        with self.assertRaisesRegex(ValidationError, "Karim Pharmacy.*Rahim Store"):
            self.distributor.dms_covered_territory_ids = [(5, 0, 0)]
        # moving the outlet to a distributor covering it first makes the shrink possible
        self.distributor_south.dms_covered_territory_ids |= self.area_2
        self.outlet_2.dms_distributor_id = self.distributor_south
        self.distributor.dms_covered_territory_ids = [(6, 0, self.area.ids)]
        self.assertEqual(self.distributor.dms_covered_territory_ids, self.area)

    # outlet code --------------------------------------------------------------------------

    def test_outlet_code_unique_per_company(self):
        with self.assertRaisesRegex(ValidationError, "Outlet code OUT-1 of Copy Store is already used by Rahim Store"):
            self.env["res.partner"].create({
                "name": "Copy Store", "dms_role": "outlet", "dms_outlet_code": "OUT-1",
                "dms_territory_id": self.area.id})
        with self.assertRaisesRegex(ValidationError, "Outlet code OUT-1 of Karim Pharmacy is already used"):
            self.outlet_2.dms_outlet_code = "OUT-1"
        with self.assertRaisesRegex(ValidationError, "OUT-9 is given to both B and A"):
            self.env["res.partner"].create([
                {"name": name, "dms_role": "outlet", "dms_outlet_code": "OUT-9", "dms_territory_id": self.area.id}
                for name in ("A", "B")])
        other_company = self.env["res.company"].create({"name": "Other Principal"})
        other = self.env["res.partner"].create({
            "name": "Same Code Elsewhere", "dms_role": "outlet", "dms_outlet_code": "OUT-1",
            "dms_territory_id": self.env["dms.territory"].create({
                "name": "Elsewhere", "company_id": other_company.id}).id})
        self.assertEqual(other.company_id, other_company, "an outlet takes its territory's company")
        self.assertEqual(self.outlet.company_id, self.company)

    # approval -----------------------------------------------------------------------------

    def test_rep_proposes_supervisor_approves(self):
        outlet = self._propose(dms_outlet_state="approved")
        self.assertEqual(outlet.dms_outlet_state, "proposed")
        for action in ("action_dms_approve_outlet", "action_dms_reject_outlet"):
            with self.assertRaisesRegex(UserError, "Only a distribution supervisor"):
                getattr(outlet.with_user(self.rep), action)()
        for user in (self.rep, self.supervisor):  # only through the actions, which check who
            with self.assertRaisesRegex(AccessError, "Outlet Status is set by the application"):
                outlet.with_user(user).write({"dms_outlet_state": "approved"})
        self.assertEqual(outlet.dms_outlet_state, "proposed")
        outlet.with_user(self.supervisor).action_dms_reject_outlet()
        self.assertEqual(outlet.dms_outlet_state, "rejected")
        outlet.with_user(self.supervisor).action_dms_approve_outlet()
        self.assertEqual(outlet.dms_outlet_state, "approved")
        with self.assertRaisesRegex(UserError, "Only outlets can be approved or rejected: North Distribution Ltd"):
            self.distributor.with_user(self.supervisor).action_dms_approve_outlet()

    def test_rep_turning_partner_into_outlet_needs_approval(self):
        partner = self.env["res.partner"].with_user(self.rep).create({"name": "Corner Shop", "is_company": True})
        partner.with_user(self.rep).write({"dms_role": "outlet", "dms_territory_id": self.leaf.id})
        self.assertEqual(partner.dms_outlet_state, "proposed")
        supervised = self.env["res.partner"].with_user(self.supervisor).create({
            "name": "Supervisor's Outlet", "dms_role": "outlet", "dms_territory_id": self.area.id})
        self.assertEqual(supervised.dms_outlet_state, "approved", "a supervisor's outlet needs no approval")

    def test_rep_proposes_with_form(self):
        form = Form(self.env["res.partner"].with_user(self.rep).with_context(default_dms_role="outlet"))
        form.name = "Form Kiosk"
        form.dms_territory_id = self.leaf
        form.dms_distributor_id = self.distributor
        form.phone = "+880 1711 234567"
        self.assertEqual(form.dms_duplicate_ids[:], self.outlet, "duplicates show while typing")
        outlet = form.save()
        self.assertEqual(outlet.dms_outlet_state, "proposed")

    # merging contacts ---------------------------------------------------------------------

    def _merge(self, user, partners, keep):
        self.env["base.partner.merge.automatic.wizard"].with_user(user).create({})._merge(partners.ids, keep)
        self.assertEqual(partners.exists(), keep)

    def _merger(self, user=None):
        """A user who may merge contacts: Odoo's merge reads every field, the administrators' and
        accountants' ones too."""
        merger = user or new_test_user(self.env, "dms_merger", groups="base.group_user")
        merger.groups_id = [Command.link(self.env.ref(xmlid).id) for xmlid in (
            "base.group_system", "base.group_partner_manager", "account.group_account_manager")]
        return merger

    def test_merge_contacts_without_distribution_rights(self):
        """Odoo's merge writes every field of the partner it keeps, the outlet status too: a write
        that leaves every status as it is approves nothing and goes through."""
        merger = self._merger()
        self.assertFalse(merger.has_group("dms_sales.group_dms_supervisor"))
        first, second = self.env["res.partner"].create([{"name": "Dup Ltd"}, {"name": "Dup Ltd."}])
        self._merge(merger, first | second, first)
        # a rep still changes no status, not even among outlets it leaves as they are
        proposal = self._propose()
        with self.assertRaisesRegex(AccessError, "Outlet Status is set by the application"):
            (self.outlet | proposal).with_user(self.rep).write({"dms_outlet_state": "approved"})
        proposal.invalidate_recordset()
        self.assertEqual(proposal.dms_outlet_state, "proposed")
        self.outlet.with_user(self.rep).write({"dms_outlet_state": "approved"})

    def test_merge_duplicate_proposal_into_approved_outlet(self):
        supervisor = self._merger(self.supervisor)
        proposal = self._propose(name="Rahim Store", dms_outlet_code="OUT-9")
        self._merge(supervisor, self.outlet | proposal, self.outlet)
        self.assertRecordValues(self.outlet, [
            {"dms_role": "outlet", "dms_outlet_state": "approved", "dms_outlet_code": "OUT-1"}])

    def test_merge_approves_nothing(self):
        merger = self._merger()  # not a supervisor
        # the approved outlet merged into a rep's proposal: the proposal still waits
        proposal = self._propose(dms_outlet_code="OUT-9")
        self._merge(merger, self.outlet | proposal, proposal)
        self.assertRecordValues(proposal, [{"dms_outlet_state": "proposed", "dms_outlet_code": "OUT-9"}])
        # a contact absorbing a proposal becomes a proposed outlet with its code, even by a supervisor
        contact = self.env["res.partner"].create({"name": "Corner Shop", "is_company": True})
        self._merge(self._merger(self.supervisor), contact | proposal, contact)
        self.assertRecordValues(contact, [{"dms_role": "outlet", "dms_outlet_state": "proposed",
                                           "dms_outlet_code": "OUT-9", "dms_territory_id": self.leaf.id}])
        # a contact absorbing an approved outlet stays an approved outlet, whoever merges
        contact_2 = self.env["res.partner"].create({"name": "Karim Corner", "is_company": True})
        self._merge(merger, contact_2 | self.outlet_2, contact_2)
        self.assertRecordValues(contact_2, [
            {"dms_role": "outlet", "dms_outlet_state": "approved", "dms_outlet_code": "OUT-2"}])

    # duplicates ---------------------------------------------------------------------------

    def test_duplicate_same_phone_other_format(self):
        proposed = self._propose(name="Totally Different", phone="+880 1711 234567")
        self.assertEqual(proposed.dms_duplicate_ids, self.outlet)
        self.assertEqual(self._propose(name="Other", mobile="(017) 1123-4567").dms_duplicate_ids,
                         self.outlet | proposed, "the mobile number too, against phones and mobiles")
        self.assertFalse(self._propose(name="Another", phone="+880 1711 234568").dms_duplicate_ids)
        self.assertFalse(self._propose(name="Short", phone="4567").dms_duplicate_ids, "too short to compare")

    def test_duplicate_similar_name_nearby(self):
        lat, lon = self.outlet.partner_latitude, self.outlet.partner_longitude
        near = self._propose(name="Rahim Stores", partner_latitude=lat + 50 * METRE, partner_longitude=lon)
        far = self._propose(name="Rahim Stores.", partner_latitude=lat + 500 * METRE, partner_longitude=lon)
        other_name = self._propose(name="Bismillah Pharmacy", partner_latitude=lat, partner_longitude=lon + 0.0001)
        self.assertEqual(near.dms_duplicate_ids, self.outlet, "similar name 50 m away")
        self.assertNotIn(self.outlet, far.dms_duplicate_ids, "similar name 500 m away")
        self.assertFalse(far.dms_duplicate_ids, "450 m from the other proposal: no duplicate either")
        self.assertFalse(other_name.dms_duplicate_ids.filtered(lambda p: p == self.outlet))
        self.assertIn(near, self.outlet.dms_duplicate_ids, "both ways")
        self.assertFalse(self.distributor.dms_duplicate_ids, "only outlets have duplicates")

    def test_duplicates_query_count_does_not_grow(self):
        """Duplicates of 30 outlets cost as many queries as those of 10."""
        outlets = self.env["res.partner"].create([{
            "name": "Shop %d" % i, "dms_role": "outlet", "dms_territory_id": self.leaf.id,
            "phone": "0171100%04d" % i, "partner_latitude": 23.7 + i * 0.01, "partner_longitude": 90.4,
        } for i in range(30)])

        def count(records):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            records.mapped("dms_duplicate_ids")
            return self.cr.sql_log_count - before

        count(outlets[:5])
        self.assertEqual(count(outlets), count(outlets[:10]))

    # smart buttons and users --------------------------------------------------------------

    def test_smart_buttons(self):
        self._create_order()
        self._create_order(self.outlet_2)
        self.assertEqual(self.distributor.dms_outlet_count, 2)
        self.assertEqual(self.distributor.dms_secondary_order_count, 2)
        self.assertEqual(self.outlet.dms_secondary_order_count, 1)
        action = self.distributor.action_view_dms_outlets()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.outlet | self.outlet_2)
        action = self.outlet.action_view_dms_secondary_orders()
        self.assertEqual(self.env["dms.secondary.order"].search(action["domain"]).partner_id, self.outlet)

    def test_user_territories(self):
        self.assertEqual(self.rep.dms_territory_ids, self.area)
        self.assertEqual(self.supervisor.dms_managed_territory_ids, self.region)
        self.rep.dms_territory_ids = [(4, self.area_2.id)]
        self.assertEqual(self.area_2.user_ids, self.rep | self.rep_2)
        self.assertIn(self.rep, self.area_2.member_user_ids)
        team = self.env["ir.actions.act_window"]._for_xml_id("dms_sales.res_users_action_dms_team")
        self.assertIn(self.rep, self.env["res.users"].search(safe_eval(team["domain"])))
