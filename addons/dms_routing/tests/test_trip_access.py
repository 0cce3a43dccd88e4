from ast import literal_eval

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DmsTripCommon


@tagged("post_install", "-at_install")
class TestTripAccess(DmsTripCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.driver = new_test_user(cls.env, "trip_driver", groups="dms_sales.group_dms_rep")
        cls.driver_2 = new_test_user(cls.env, "trip_driver_2", groups="dms_sales.group_dms_rep")
        cls.dist_user = new_test_user(cls.env, "trip_dist", groups="dms_sales.group_dms_distributor")
        cls.dist_user.partner_id.parent_id = cls.distributor
        cls.dist_south_user = new_test_user(cls.env, "trip_dist_s", groups="dms_sales.group_dms_distributor")
        cls.dist_south_user.partner_id.parent_id = cls.distributor_south
        cls.vehicle = cls.van
        cls.van.license_plate = "DHK-1234"
        cls.trip, cls.trip_2 = cls._trips(cls.van, cls.bike)
        cls.trip.user_id = cls.driver
        cls.bike.driver_id = cls.driver_2.partner_id
        cls.trip_2.driver_id = cls.driver_2.partner_id
        # trip: to an outlet of Leaf (rep's area, supervisor's region); trip_2: to Area 2 (rep_2)
        cls.picking = cls._delivery(cls.outlet, [(cls.soap, 5)])
        cls.picking.batch_id = cls.trip
        cls.picking_2 = cls._delivery(cls.outlet_2, [(cls.soap, 5)])
        cls.picking_2.batch_id = cls.trip_2
        cls.Batch = cls.env["stock.picking.batch"]
        cls.domain = literal_eval(cls.env.ref("dms_routing.stock_picking_batch_action_trip").domain)

    def _visible(self, user):
        return self.Batch.with_user(user).search(self.domain + [("id", "in", (self.trip | self.trip_2).ids)])

    def test_supervisor_reads_trips_of_region_but_cannot_edit(self):
        trips = self._visible(self.supervisor)
        self.assertEqual(trips, self.trip | self.trip_2)
        self.assertEqual(trips.filtered(lambda t: t == self.trip).vehicle_id.license_plate, "DHK-1234")
        with self.assertRaises(AccessError):
            self.trip.with_user(self.supervisor).write({"description": "changed"})
        with self.assertRaises(AccessError):
            self.trip.with_user(self.supervisor)._dms_optimise()

    def test_drivers_see_their_trips(self):
        self.assertEqual(self._visible(self.driver), self.trip)
        self.assertEqual(self._visible(self.driver_2), self.trip_2)
        stops = self.env["stock.picking"].with_user(self.driver).search(
            literal_eval(self.env.ref("dms_routing.stock_picking_action_dms_my_stops").domain.replace("uid", str(
                self.driver.id))))
        self.assertEqual(stops, self.picking)
        with self.assertRaises(AccessError):
            self.picking_2.with_user(self.driver).check_access("read")

    def test_reps_see_trips_to_their_outlets(self):
        self.assertEqual(self._visible(self.rep_2), self.trip_2)
        self.assertFalse(self._visible(self.rep_2) & self.trip)
        # territory reassignment takes effect at once (relation in the rule's path)
        self.leaf.user_ids = [(4, self.rep_2.id)]
        self.env.flush_all()  # as at the end of the request that reassigns
        self.assertEqual(self._visible(self.rep_2), self.trip | self.trip_2)

    def test_distributor_staff_see_their_distributor_trips(self):
        self.assertEqual(self._visible(self.dist_user), self.trip | self.trip_2)
        self.assertFalse(self._visible(self.dist_south_user))
        with self.assertRaises(AccessError):
            self.picking.with_user(self.dist_south_user).check_access("read")
        self.picking.with_user(self.dist_user).check_access("read")

    def test_manager_sees_all_and_optimises(self):
        self.assertEqual(self._visible(self.manager), self.trip | self.trip_2)
        self.manager.groups_id = [(4, self.env.ref("stock.group_stock_user").id)]
        (self.trip | self.trip_2).with_user(self.manager)._dms_optimise()
        self.assertEqual((self.trip | self.trip_2).picking_ids, self.picking | self.picking_2)

    def test_other_company_trips_hidden(self):
        other = self.env["res.company"].create({"name": "Other DMS Co"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other.id)], limit=1)
        foreign = self.Batch.create({"company_id": other.id, "picking_type_id": warehouse.out_type_id.id})
        self.assertFalse(self.Batch.with_user(self.manager).search([("id", "=", foreign.id)]))
        self.manager.write({"company_ids": [(4, other.id)]})
        self.assertEqual(self.Batch.with_user(self.manager).with_context(
            allowed_company_ids=[self.company.id, other.id]).search([("id", "=", foreign.id)]), foreign)
