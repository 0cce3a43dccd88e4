from odoo.tests import new_test_user, tagged

from .common import DmsSalesCommon


@tagged("post_install", "-at_install")
class TestSalesTeamGrouping(DmsSalesCommon):
    """Sales Team groups users by the territories they work or supervise; none is "Unassigned"."""

    def test_team_label(self):
        newcomer = new_test_user(self.env, "dms_newcomer", groups="dms_sales.group_dms_rep")
        self.assertEqual(self.rep.dms_team, self.area.complete_name)
        self.assertEqual(self.supervisor.dms_team, self.region.complete_name)
        self.assertEqual(newcomer.dms_team, "Unassigned")
        self.leaf.user_ids = [(4, newcomer.id)]
        self.assertEqual(newcomer.dms_team, self.leaf.complete_name)
        action = self.env.ref("dms_sales.res_users_action_dms_team")
        groups = self.env["res.users"]._read_group(
            [("id", "in", (self.rep | self.rep_2 | newcomer).ids)], ["dms_team"], ["__count"])
        self.assertNotIn(False, [team for team, __ in groups])
        self.assertIn("search_default_group_team", action.context)
