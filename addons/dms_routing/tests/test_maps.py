from odoo.tests import Form, new_test_user, tagged

from .common import DmsRoutingCommon


@tagged("post_install", "-at_install")
class TestMaps(DmsRoutingCommon):
    """What the maps show and who may move an outlet's pin; the check-in map's scope."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Visit = cls.env["dms.visit"]
        cls.visit, cls.visit_2 = Visit.with_user(cls.rep).create([
            {"user_id": cls.rep.id, "partner_id": cls.outlet.id, "sequence": 1},
            {"user_id": cls.rep.id, "partner_id": cls.outlet_3.id, "sequence": 2},
        ])
        cls.visit.action_check_in(23.794030, 90.403200, 8)
        cls.visit_2.action_check_in(23.8100, 90.4050, 8)  # ~1.5 km away: out of the fence
        cls.visit_other = Visit.with_user(cls.rep_2).create({"user_id": cls.rep_2.id, "partner_id": cls.outlet_2.id})
        cls.visit_other.action_check_in(23.80, 90.41, 5)
        cls.supervisor_south = new_test_user(cls.env, "dms_supervisor_south", groups="dms_sales.group_dms_supervisor")
        cls.other_region.manager_id = cls.supervisor_south

    def test_outlet_pin_only_for_who_may_write_it(self):
        Partner = self.env["res.partner"]
        self.assertTrue(Partner.with_user(self.rep).browse(self.outlet.id).dms_can_edit_location)
        self.assertTrue(Partner.with_user(self.supervisor).browse(self.outlet_2.id).dms_can_edit_location)
        # a rep reads the distributor and the outlets of other territories' neighbours, writes none
        self.assertFalse(Partner.with_user(self.rep).browse(self.distributor.id).dms_can_edit_location)
        self.assertFalse(Partner.with_user(self.supervisor_south).browse(self.distributor.id).dms_can_edit_location)
        self.assertTrue(Partner.with_user(self.manager).browse(self.distributor.id).dms_can_edit_location)
        self.assertTrue(Partner.with_user(self.rep).new({"name": "New shop"}).dms_can_edit_location)

    def test_outlet_map_follows_the_coordinates(self):
        [marker] = self.outlet.dms_map_data["markers"]
        self.assertEqual((marker["lat"], marker["lng"], marker["label"]), (23.794028, 90.403196, "Rahim Store"))
        self.assertIn(["Outlet Code", "OUT-1"], marker["details"])
        # what the dragged pin does in the form: the coordinates change, the map follows, saved
        with Form(self.outlet.with_user(self.rep)) as form:
            form.partner_latitude, form.partner_longitude = 23.7951, 90.4044
            self.assertEqual(form.dms_map_data["markers"][0]["lat"], 23.7951)
        self.assertEqual((self.outlet.partner_latitude, self.outlet.partner_longitude), (23.7951, 90.4044))
        self.outlet.write({"partner_latitude": 0, "partner_longitude": 0})
        self.assertEqual(self.outlet.dms_map_data, {"markers": [], "lines": []})

    def test_checkin_map_shows_the_team_today(self):
        data = self.env["dms.visit"].with_user(self.supervisor).dms_checkin_map_data()
        mine = [m for m in data["markers"] if m["lat"] in (23.794030, 23.8100, 23.80)]
        self.assertEqual(len(mine), 3, "the supervisor's region: both reps' check-ins")
        out = next(m for m in mine if m["lat"] == 23.8100)
        self.assertEqual(out["color"], "#dc2626")
        details = dict(out["details"])
        self.assertEqual(details["Rep"], self.rep.name)
        self.assertEqual(details["Outlet"], "Hasan General Store")
        self.assertIn("Out of the fence", details["Geofence"])
        self.assertEqual(out["time"][:10], str(self.visit_2.check_in_time.date()))
        inside = dict(next(m for m in mine if m["lat"] == 23.794030)["details"])
        self.assertIn("Inside the fence", inside["Geofence"])
        self.assertGreaterEqual(data["out_of_fence"], 1)
        # the rules decide: a rep sees their own, another region's supervisor none of these
        rep_data = self.env["dms.visit"].with_user(self.rep_2).dms_checkin_map_data()
        self.assertEqual([dict(m["details"])["Outlet"] for m in rep_data["markers"]], ["Karim Pharmacy"])
        south = self.env["dms.visit"].with_user(self.supervisor_south).dms_checkin_map_data()
        self.assertFalse([m for m in south["markers"] if m["lat"] in (23.794030, 23.8100, 23.80)])

    def test_checkin_map_menu_for_supervisors(self):
        menu = self.env.ref("dms_routing.dms_visit_menu_checkin_map")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.supervisor)._visible_menu_ids())
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.rep)._visible_menu_ids())

    def test_popups_name_state_and_time(self):
        markers = self.visit_2.map_data["markers"]
        self.assertEqual([(m["seq"], m["state"]) for m in markers[:2]], [(1, "In Progress"), (2, "In Progress")])
        self.assertTrue(markers[0]["time"])
        self.assertEqual(dict(markers[-1]["details"])["Outlet"], "Hasan General Store")
        beat_marker = self.beat.map_data["markers"][0]
        self.assertEqual((beat_marker["seq"], dict(beat_marker["details"])["Outlet Code"]), (1, "OUT-1"))
