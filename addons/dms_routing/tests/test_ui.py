from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMyDayUi(HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(cls.env, "tour_field_rep", password="tour_field_rep_pw",
                                groups="dms_sales.group_dms_rep")
        territory = cls.env["dms.territory"].create({"name": "Tour Field Territory", "user_ids": [(4, cls.rep.id)]})
        distributor = cls.env["res.partner"].create({
            "name": "Tour Field Distributor", "is_company": True, "dms_role": "distributor",
            "dms_covered_territory_ids": [(6, 0, territory.ids)]})
        cls.outlet = cls.env["res.partner"].create({
            "name": "Tour Visit Outlet", "is_company": True, "dms_role": "outlet",
            "dms_territory_id": territory.id, "dms_distributor_id": distributor.id,
            "partner_latitude": 23.7808, "partner_longitude": 90.4170})
        # tiles from this server: the test browser stays off the internet
        cls.env["ir.config_parameter"].set_param("leaflet.tile_url", "/web/static/img/placeholder.png?{z}/{x}/{y}")
        cls.reason = cls.env["dms.no.order.reason"].create({"name": "Tour: shop has enough stock"})
        cls.visit = cls.env["dms.visit"].create({
            "user_id": cls.rep.id, "partner_id": cls.outlet.id, "is_planned": True, "sequence": 1,
            "planned_date": fields.Date.context_today(cls.env["dms.visit"].with_user(cls.rep))})

    def test_rep_checks_in_from_my_day_and_records_no_order(self):
        self.start_tour("/odoo", "dms_my_day_tour", login="tour_field_rep")
        self.assertRecordValues(self.visit, [{
            "state": "done", "out_of_fence": False, "no_order_reason_id": self.reason.id, "outcome": "no_order",
            "check_in_latitude": 23.7809, "check_in_longitude": 90.4171, "check_in_accuracy": 9.0,
        }])
        self.assertLess(self.visit.distance_m, 20)
        self.assertTrue(self.visit.check_out_time)
