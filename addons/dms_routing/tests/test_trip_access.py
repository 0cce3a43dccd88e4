from ast import literal_eval

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestTripAccess(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = new_test_user(cls.env, "trip_sup", groups="dms_sales.group_dms_supervisor")
        cls.rep = new_test_user(cls.env, "trip_rep", groups="dms_sales.group_dms_rep")
        brand = cls.env["fleet.vehicle.model.brand"].create({"name": "Tata"})
        model = cls.env["fleet.vehicle.model"].create({"name": "Ace", "brand_id": brand.id})
        cls.vehicle = cls.env["fleet.vehicle"].create({"model_id": model.id, "license_plate": "DHK-1234"})
        cls.picking_type = cls.env["stock.picking.type"].search(
            [("code", "=", "outgoing"), ("company_id", "=", cls.env.company.id)], limit=1)
        cls.trip = cls.env["stock.picking.batch"].create({
            "vehicle_id": cls.vehicle.id, "picking_type_id": cls.picking_type.id,
        })

    def test_supervisor_reads_trips_rep_does_not(self):
        action = self.env.ref("dms_routing.stock_picking_batch_action_trip")
        trips = self.env["stock.picking.batch"].with_user(self.supervisor).search(literal_eval(action.domain))
        self.assertIn(self.trip, trips)
        self.assertEqual(trips.filtered(lambda t: t == self.trip).vehicle_id.license_plate, "DHK-1234")
        with self.assertRaises(AccessError):
            self.trip.with_user(self.supervisor).write({"description": "changed"})
        with self.assertRaises(AccessError):
            self.env["stock.picking.batch"].with_user(self.rep).search([])
