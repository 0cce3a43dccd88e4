import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DmsTripCommon

MONDAY = datetime.date(2026, 11, 23)


@tagged("post_install", "-at_install")
class TestTripCompanySettings(DmsTripCommon):
    """The routing settings belong to each company, like its journals and visit geofence."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "DMS Routing Company B"})
        cls.company_a.write({"dms_trip_service_minutes": 15, "dms_trip_start_hour": 10.0,
                             "dms_trip_road_factor": 1.5, "dms_trip_speed_kmh": 30.0,
                             "dms_trip_max_hours": 9.0, "dms_trip_osrm_url": False})
        cls.company_b.write({"dms_trip_service_minutes": 5, "dms_trip_start_hour": 7.0,
                             "dms_trip_road_factor": 1.1, "dms_trip_speed_kmh": 40.0,
                             "dms_trip_max_hours": 6.0, "dms_trip_osrm_url": "http://osrm-b:5000",
                             "dms_trip_solver_seconds": 2.0})

    def test_each_trip_uses_its_company_settings(self):
        trip_a = self._trips(self.van)
        trip_b = self.env["stock.picking.batch"].create({"company_id": self.company_b.id})
        self.assertEqual(trip_a.company_id, self.company_a)
        settings_a = trip_a._dms_trip_settings()
        settings_b = trip_b._dms_trip_settings()
        self.assertEqual((settings_a["service"], settings_a["start_hour"], settings_a["road_factor"],
                          settings_a["speed_kmh"], settings_a["max_hours"], settings_a["osrm_url"],
                          settings_a["seconds"]), (900, 10.0, 1.5, 30.0, 9.0, "", 0.3))
        self.assertEqual((settings_b["service"], settings_b["start_hour"], settings_b["road_factor"],
                          settings_b["speed_kmh"], settings_b["max_hours"], settings_b["osrm_url"],
                          settings_b["seconds"]), (300, 7.0, 1.1, 40.0, 6.0, "http://osrm-b:5000", 2.0))
        # the optimiser of company A's trip starts at A's hour (10:00 Dhaka = 04:00 UTC), not B's 7:00
        picking = self._delivery(self.outlet, [(self.soap, 10)])
        trip_a._dms_optimise(picking, MONDAY)
        self.assertGreaterEqual(picking.dms_eta, datetime.datetime(2026, 11, 23, 4, 0))
        # trips of two companies are not optimised together
        with self.assertRaisesRegex(UserError, "different companies"):
            (trip_a | trip_b)._dms_optimise(picking, MONDAY)

    def test_settings_write_the_current_company(self):
        self.env["res.config.settings"].with_company(self.company_b).create(
            {"dms_trip_service_minutes": 25}).execute()
        self.assertEqual(self.company_b.dms_trip_service_minutes, 25)
        self.assertEqual(self.company_a.dms_trip_service_minutes, 15, "the other company keeps its value")

    def test_migration_copies_the_old_parameters(self):
        """Existing databases keep the values they had in the system parameters, in every company."""
        params = self.env["ir.config_parameter"]
        params.set_param("dms_routing.service_minutes", "12")
        params.set_param("dms_routing.start_hour", "6.5")
        params.set_param("dms_routing.osrm_url", "http://osrm:5000")
        self.env["res.company"]._dms_migrate_trip_params()
        for company in self.company_a | self.company_b:
            self.assertEqual(company.dms_trip_service_minutes, 12)
            self.assertEqual(company.dms_trip_start_hour, 6.5)
            self.assertEqual(company.dms_trip_osrm_url, "http://osrm:5000")
        self.assertEqual(self.company_b.dms_trip_speed_kmh, 40.0, "a parameter never set changes nothing")
        self.assertFalse(params.get_param("dms_routing.service_minutes"), "the old parameters are gone")

    def test_new_company_gets_the_defaults(self):
        company = self.env["res.company"].create({"name": "DMS Routing Company C"})
        self.assertEqual((company.dms_trip_service_minutes, company.dms_trip_max_hours, company.dms_trip_start_hour,
                          company.dms_trip_road_factor, company.dms_trip_speed_kmh, company.dms_trip_solver_seconds),
                         (10, 10.0, 8.0, 1.3, 25.0, 5.0))
