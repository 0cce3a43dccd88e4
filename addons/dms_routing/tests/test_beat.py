from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import DmsRoutingCommon


@tagged("post_install", "-at_install")
class TestDmsBeat(DmsRoutingCommon):

    def test_outlets_of_the_subtree_are_accepted(self):
        # the beat is on Area 1; Rahim Store is in Leaf, below it
        self.assertEqual(self.beat.outlet_count, 2)
        self.assertEqual(self.beat.line_ids.partner_id, self.outlet | self.outlet_3)

    def test_outlet_outside_the_territory_is_refused_by_name(self):
        with self.assertRaisesRegex(ValidationError, r"Karim Pharmacy.*Area 2.*\(Territory\)"):
            self.beat.write({"line_ids": [(0, 0, {"partner_id": self.outlet_2.id})]})

    def test_outlet_of_another_distributor_is_refused_by_name(self):
        other = self.env["res.partner"].create({
            "name": "Second Distributor", "is_company": True, "dms_role": "distributor",
            "dms_covered_territory_ids": [(6, 0, self.area.ids)]})
        outlet = self.env["res.partner"].create({
            "name": "Mou Store", "is_company": True, "dms_role": "outlet", "dms_territory_id": self.area.id,
            "dms_distributor_id": other.id})
        with self.assertRaisesRegex(ValidationError, r"Mou Store.*Second Distributor.*\(Distributor\)"):
            self.beat.write({"line_ids": [(0, 0, {"partner_id": outlet.id})]})

    def test_moving_the_beat_out_of_its_outlets_territory_is_refused(self):
        with self.assertRaisesRegex(ValidationError, r"Rahim Store.*\(Territory\)"):
            self.beat.territory_id = self.area_2

    def test_rep_must_belong_to_the_territory(self):
        with self.assertRaisesRegex(ValidationError, r"\(Sales Rep\)"):
            self._create_beat(self.rep_2, self.area, [self.outlet])

    def test_schedule_needs_days_and_weeks(self):
        with self.assertRaisesRegex(ValidationError, "day of the week"):
            self._create_beat(self.rep, self.area, [self.outlet], on_monday=False, on_thursday=False)
        with self.assertRaisesRegex(ValidationError, "week of the month"):
            self._create_beat(self.rep, self.area, [self.outlet], frequency="monthly")

    def test_supervisor_builds_a_beat_in_the_form(self):
        form = Form(self.env["dms.beat"].with_user(self.supervisor))
        form.name = "Leaf Saturday"
        form.user_id = self.rep
        form.territory_id = self.area
        form.distributor_id = self.distributor
        form.frequency = "fortnightly"
        form.fortnight_week = "b"
        form.on_saturday = True
        with form.line_ids.new() as line:
            line.partner_id = self.outlet_3
        with form.line_ids.new() as line:
            line.partner_id = self.outlet
        beat = form.save()
        spec = beat._journey_spec()
        self.assertEqual(spec.weekdays, frozenset({5}))
        self.assertEqual(spec.fortnight_week, "b")
        self.assertEqual([key for key, _closed in spec.outlets], [self.outlet_3.id, self.outlet.id])

    def test_map_data_follows_the_visiting_order(self):
        data = self.beat.map_data
        self.assertEqual(set(data), {"markers", "lines"})
        self.assertEqual([(m["label"], m["seq"]) for m in data["markers"]],
                         [("Rahim Store", 1), ("Hasan General Store", 2)])
        self.assertEqual(data["lines"], [[[23.794028, 90.403196], [23.796, 90.405]]])
        self.beat.line_ids.filtered(lambda ln: ln.partner_id == self.outlet).sequence = 99
        self.assertEqual([m["label"] for m in self.beat.map_data["markers"]], ["Hasan General Store", "Rahim Store"])
