from datetime import datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.dms_routing.tests.common import DmsOrderTripCommon, DmsTripCommon


@tagged("post_install", "-at_install")
class TestReportDelivery(DmsTripCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.trip = cls._trips(cls.van)
        eta = datetime(2026, 11, 23, 5, 0)
        cls.p_otif = cls._delivery(cls.outlet, [(cls.soap, 30), (cls.shampoo, 4)])  # 3 + 1 kg
        cls.p_late = cls._delivery(cls.outlet_2, [(cls.soap, 10)])  # 1 kg
        cls.p_failed = cls._delivery(cls.outlets[2], [(cls.shampoo, 20)])  # 5 kg
        pickings = cls.p_otif | cls.p_late | cls.p_failed
        pickings.batch_id = cls.trip
        # the trip is closed as a whole (a single validated transfer would leave the batch);
        # "done" alone is not "in full": the driver's outcome decides
        pickings.move_ids.picked = True
        pickings.button_validate()
        stops = [(cls.p_otif, "delivered", 10, 2.5), (cls.p_late, "partial", 30, 3.0),
                 (cls.p_failed, "failed", 5, 1.0)]
        for seq, (picking, state, minutes, km) in enumerate(stops, start=1):
            # what the proof-of-delivery wizard records on the stop
            picking.write({
                "dms_stop_sequence": seq, "dms_eta": eta, "dms_distance_prev_km": km,
                "dms_delivery_state": state, "dms_delivered_at": eta + timedelta(minutes=minutes),
            })
        cls.staff = new_test_user(cls.env, "dms_deliv_staff", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.staff.partner_id.parent_id = cls.distributor
        cls.staff_south = new_test_user(
            cls.env, "dms_deliv_staff_s", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.staff_south.partner_id.parent_id = cls.distributor_south
        cls.env.flush_all()

    def _rows(self, user=None):
        Report = self.env["dms.report.delivery"]
        return (Report.with_user(user) if user else Report).search([("batch_id", "=", self.trip.id)])

    def test_missing_values_have_labels(self):
        """A stop not delivered yet is Pending and one from the company's own stock is the
        company's: no empty outcome or distributor ("None") in the pivots."""
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        warehouse_stock = warehouse.lot_stock_id
        self.env["stock.quant"]._update_available_quantity(self.shampoo, warehouse_stock, 10)
        own = self._delivery(self.outlet, [(self.shampoo, 2)], source=warehouse_stock)
        own.batch_id = self.trip
        self.env.flush_all()
        row = self._rows().filtered(lambda r: r.picking_id == own)
        self.assertEqual((row.delivery_state, row.distributor_id), ("pending", self.company.partner_id))
        labels = dict(row._fields["delivery_state"]._description_selection(self.env))
        self.assertEqual(labels[row.delivery_state], "Pending")
        self.assertFalse(self._rows().filtered(lambda r: not r.date or not r.delivery_state or not r.distributor_id))

    def test_stop_figures(self):
        rows = self._rows()
        self.assertEqual(rows.picking_id, self.p_otif | self.p_late | self.p_failed)
        by_picking = {row.picking_id: row for row in rows}
        otif, late, failed = by_picking[self.p_otif], by_picking[self.p_late], by_picking[self.p_failed]
        self.assertEqual((otif.is_on_time, otif.is_in_full, otif.is_otif, otif.is_failed), (True, True, True, False))
        self.assertEqual((late.is_on_time, late.is_in_full, late.is_otif), (False, False, False))
        self.assertAlmostEqual(late.delay_minutes, 30)
        self.assertEqual((failed.is_on_time, failed.is_failed, failed.failed_count), (False, True, 1))
        self.assertEqual(otif.vehicle_id, self.van)
        self.assertEqual(otif.distributor_id, self.distributor)
        self.assertEqual(otif.territory_id, self.leaf)
        self.assertEqual(late.territory_id, self.area_2)
        self.assertEqual(otif.date, self.trip.scheduled_date)
        # 10 kg on a 300 kg van, the same on every stop of the trip
        self.assertEqual(set(rows.mapped(lambda r: round(r.load_factor, 2))), {3.33})

    def test_pivot_sums(self):
        [(stops, on_time, otif, failed, in_full, km)] = self.env["dms.report.delivery"]._read_group(
            [("batch_id", "=", self.trip.id)], [],
            ["stops:sum", "on_time_count:sum", "otif_count:sum", "failed_count:sum", "in_full_count:sum",
             "distance_km:sum"])
        self.assertEqual((stops, on_time, otif, failed, in_full), (3, 1, 1, 1, 1))
        self.assertAlmostEqual(km, 6.5)

    def test_tolerance_edge(self):
        self.p_late.dms_delivered_at = self.p_late.dms_eta + timedelta(minutes=15)
        self.env.flush_all()
        row = self._rows().filtered(lambda r: r.picking_id == self.p_late)
        self.assertTrue(row.is_on_time)
        self.assertFalse(row.is_otif, "a partial delivery is never in full")

    def test_access_rules(self):
        self.assertEqual(self._rows(self.manager).picking_id, self.p_otif | self.p_late | self.p_failed)
        # the rep belongs to Area 1 (the leaf's parent), not Area 2
        self.assertEqual(self._rows(self.rep).picking_id, self.p_otif | self.p_failed)
        self.assertEqual(self._rows(self.rep_2).picking_id, self.p_late)
        self.assertEqual(len(self._rows(self.staff)), 3)
        self.assertFalse(self._rows(self.staff_south))
        outsider = new_test_user(self.env, "dms_deliv_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self._rows(outsider)


@tagged("post_install", "-at_install")
class TestReportDeliveryProof(DmsOrderTripCommon):
    """Stops recorded one by one on the driver's proof of delivery, with real stock moves: each
    stays on its trip and counts, partial or failed."""

    def _rows(self):
        self.env.flush_all()
        return self.env["dms.report.delivery"].search([("batch_id", "=", self.trip.id)])

    def test_partial_stop_counts(self):
        self._proof(self.stop, [72], self.reason)
        self._proof(self.stop_2)
        rows = self._rows()
        self.assertEqual(rows.picking_id, self.stop | self.stop_2)
        self.assertEqual(sorted(rows.mapped("delivery_state")), ["delivered", "partial"])
        self.assertEqual((sum(rows.mapped("stops")), sum(rows.mapped("in_full_count")),
                          sum(rows.mapped("failed_count"))), (2, 1, 0))

    def test_failed_stop_counts(self):
        self._proof(self.stop, [0], self.env.ref("dms_routing.dms_delivery_failure_reason_closed"))
        self._proof(self.stop_2)
        rows = self._rows()
        self.assertEqual(rows.picking_id, self.stop | self.stop_2)
        self.assertEqual((sum(rows.mapped("stops")), sum(rows.mapped("in_full_count")),
                          sum(rows.mapped("failed_count"))), (2, 1, 1))
