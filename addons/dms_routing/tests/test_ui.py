from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DmsTripCommon


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


@tagged("post_install", "-at_install")
class TestRoleHomeUi(DmsTripCommon, HttpCase):
    """Reps and drivers open Odoo on their own start screen (their Home Action by role)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        vals = {"is_company": True, "dms_role": "outlet", "dms_territory_id": cls.leaf.id,
                "dms_distributor_id": cls.distributor.id, "partner_latitude": 23.79, "partner_longitude": 90.41}
        visit_outlet, yesterday_outlet, stop_outlet, other_outlet = Partner.create([
            dict(vals, name=name, dms_outlet_code=code) for name, code in (
                ("Home Visit Outlet", "HOME-1"), ("Yesterday Outlet", "HOME-2"),
                ("Home Stop Outlet", "HOME-3"), ("Other Driver Outlet", "HOME-4"))])
        today = fields.Date.context_today(cls.env["dms.visit"].with_user(cls.rep))
        cls.env["dms.visit"].create([
            {"user_id": cls.rep.id, "partner_id": visit_outlet.id, "is_planned": True, "planned_date": today},
            {"user_id": cls.rep.id, "partner_id": yesterday_outlet.id, "is_planned": True,
             "planned_date": fields.Date.subtract(today, days=1)},
        ])
        cls.driver = new_test_user(cls.env, "dms_home_driver", groups="dms_routing.group_dms_driver")
        driver_2 = new_test_user(cls.env, "dms_home_driver_2", groups="dms_routing.group_dms_driver")
        trip, trip_2 = cls._trips(cls.van, cls.bike)
        trip.driver_id = cls.driver.partner_id
        trip_2.driver_id = driver_2.partner_id
        cls.stop = cls._delivery(stop_outlet, [(cls.soap, 5)])
        cls.stop.batch_id = trip
        cls._delivery(other_outlet, [(cls.soap, 3)]).batch_id = trip_2

    def test_rep_starts_on_my_day(self):
        self.start_tour("/odoo", "dms_rep_home_tour", login="dms_rep")

    def test_driver_starts_on_my_stops(self):
        self.start_tour("/odoo", "dms_driver_home_tour", login="dms_home_driver")
        self.assertEqual(self.stop.state, "assigned", "the driver only looked")

    def test_own_home_action_wins(self):
        self.rep.action_id = self.env.ref("dms_routing.dms_visit_action").id
        self.authenticate("dms_rep", "dms_rep")
        info = self.make_jsonrpc_request("/web/session/get_session_info", {})
        self.assertEqual(info["home_action_id"], self.env.ref("dms_routing.dms_visit_action").id)
        self.authenticate("dms_home_driver", "dms_home_driver")
        info = self.make_jsonrpc_request("/web/session/get_session_info", {})
        self.assertEqual(info["home_action_id"], self.env.ref("dms_routing.stock_picking_action_dms_my_stops").id)
