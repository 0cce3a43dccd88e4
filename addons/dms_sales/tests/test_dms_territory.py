from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import DmsSalesCommon


@tagged("post_install", "-at_install")
class TestDmsTerritory(DmsSalesCommon):

    def test_complete_name_and_parent_path(self):
        self.assertEqual(self.leaf.complete_name, "North / Area 1 / Leaf")
        self.assertTrue(self.leaf.parent_path.startswith(self.region.parent_path))
        self.assertEqual(self.region.child_count, 2)
        subtree = self.env["dms.territory"].search([("id", "child_of", self.region.id)])
        self.assertEqual(subtree, self.region | self.area | self.area_2 | self.leaf)

    def test_move_moves_subtree(self):
        """Re-parenting a node carries its children: names, paths and members follow."""
        self.distributor.dms_covered_territory_ids |= self.other_region  # its outlet stays covered
        self.area.parent_id = self.other_region
        self.assertEqual(self.leaf.complete_name, "South / Area 1 / Leaf")
        self.assertTrue(self.leaf.parent_path.startswith(self.other_region.parent_path))
        subtree = self.env["dms.territory"].search([("id", "child_of", self.other_region.id)])
        self.assertEqual(subtree, self.other_region | self.area | self.leaf)
        # the North supervisor no longer reaches the moved branch
        self.assertNotIn(self.supervisor, self.leaf.member_user_ids)
        self.assertIn(self.rep, self.leaf.member_user_ids)

    def test_member_users(self):
        """Members are the reps and managers of a node and of every ancestor."""
        self.assertEqual(self.leaf.member_user_ids, self.supervisor | self.rep)
        self.assertEqual(self.area_2.member_user_ids, self.supervisor | self.rep_2)
        self.region.manager_id = self.manager
        self.assertEqual(self.leaf.member_user_ids, self.manager | self.rep)

    def test_no_cycle(self):
        msg = r"Territory North cannot move under North / Area 1 / Leaf \(Parent Territory\)"
        with self.assertRaisesRegex(ValidationError, msg):
            self.region.parent_id = self.leaf
        self.assertFalse(self.region.parent_id)

    @mute_logger("odoo.sql_db")
    def test_code_unique_per_company(self):
        with self.assertRaises(IntegrityError):
            self.env["dms.territory"].create({"name": "Dup", "code": "T-N"})
            self.env.flush_all()

    def test_form_create(self):
        form = Form(self.env["dms.territory"].with_user(self.manager))
        form.name = "Area 3"
        form.parent_id = self.region
        territory = form.save()
        self.assertEqual(territory.complete_name, "North / Area 3")
        self.assertEqual(territory.company_id, self.company)

    def test_move_refused_when_outlets_lose_coverage(self):
        """Moving a territory out of its distributor's coverage names the outlets concerned."""
        msg = r"Moving South / Area 1 \(Parent Territory\).*Rahim Store \(North Distribution Ltd\)"
        with self.assertRaisesRegex(ValidationError, msg), self.cr.savepoint():
            self.area.parent_id = self.other_region
        self.env.invalidate_all()
        self.assertEqual(self.area.parent_id, self.region, "nothing half-written")
        self.assertEqual(self.leaf.complete_name, "North / Area 1 / Leaf")

    def test_outlet_count(self):
        self.assertEqual(self.region.outlet_count, 2)
        self.assertEqual((self.area | self.area_2 | self.other_region).mapped("outlet_count"), [1, 1, 1])
        action = self.region.action_view_outlets()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.outlet | self.outlet_2)
        self.assertEqual(self.region.distributor_ids, self.distributor)

    def test_access_rights(self):
        """Reps and supervisors read their part of the tree; only managers change it."""
        for user, territory in ((self.rep, self.area), (self.supervisor, self.region)):
            self.assertTrue(territory.with_user(user).read(["name"]))
            with self.assertRaises(AccessError):
                territory.with_user(user).write({"name": "Renamed"})
            with self.assertRaises(AccessError):
                self.env["dms.territory"].with_user(user).create({"name": "New"})
        self.region.with_user(self.manager).write({"name": "North Region"})
        self.assertEqual(self.leaf.complete_name, "North Region / Area 1 / Leaf")

    def test_multi_company_rule(self):
        other_company = self.env["res.company"].create({"name": "Other Principal"})
        foreign = self.env["dms.territory"].create({"name": "Foreign", "company_id": other_company.id})
        visible = self.env["dms.territory"].with_user(self.manager).search([("name", "=", "Foreign")])
        self.assertFalse(visible)
        with self.assertRaises(AccessError):
            foreign.with_user(self.manager).read(["name"])
