from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.dms_inventory.tests.common import DmsInventoryCommon

from .test_delivery_proof import SIGNATURE


@tagged("post_install", "-at_install")
class TestPartialDelivery(DmsInventoryCommon):
    """A trip of two secondary orders out of a distributor's stock, the first only partly delivered
    on the proof of delivery: the order, the trip, the stock and the claim must all say 72 of 96."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.env["dms.scheme"].create({
            "name": "Soap 10% off", "rule_type": "qty_slab", "product_ids": [Command.set(cls.soap.ids)],
            "slab_ids": [Command.create({"threshold": 1, "discount_value": 10})]})
        cls._stock(cls.soap, 200)
        # 96 soaps at 35 with 10% off: 336 of scheme benefit; 10 soaps: 35
        cls.order = cls._create_order(lines=[(cls.soap, 96)])
        cls.order_2 = cls._create_order(outlet=cls.outlet_2, lines=[(cls.soap, 10)])
        (cls.order | cls.order_2).action_confirm()
        cls.stop, cls.stop_2 = cls.order.picking_ids, cls.order_2.picking_ids
        cls.driver = new_test_user(cls.env, "dms_partial_driver", groups="dms_sales.group_dms_rep")
        brand = cls.env["fleet.vehicle.model.brand"].create({"name": "Test brand"})
        model = cls.env["fleet.vehicle.model"].create({"name": "Test model", "brand_id": brand.id})
        cls.van = cls.env["fleet.vehicle"].create({"model_id": model.id, "license_plate": "VAN-P1"})
        cls.trip = cls.env["stock.picking.batch"].create({
            "vehicle_id": cls.van.id, "picking_type_id": cls.company.dms_delivery_type_id.id,
            "user_id": cls.driver.id, "picking_ids": [Command.set((cls.stop | cls.stop_2).ids)]})
        cls.trip.action_confirm()
        cls.reason = cls.env.ref("dms_routing.dms_delivery_failure_reason_refused")
        cls.today = fields.Date.context_today(cls.order)

    def _proof(self, picking, delivered=None, reason=None):
        action = picking.with_user(self.driver).action_dms_proof_of_delivery()
        form = Form(self.env[action["res_model"]].with_user(self.driver).with_context(**action["context"]))
        for i, qty in enumerate(delivered or []):
            with form.line_ids.edit(i) as line:
                line.delivered_qty = qty
        form.failure_reason_id = reason or form.failure_reason_id
        form.signature = SIGNATURE
        form.save().action_confirm()

    def _reserved(self):
        return sum(self.env["stock.quant"].search([
            ("product_id", "=", self.soap.id), ("location_id", "=", self.saleable.id)]).mapped("reserved_quantity"))

    def test_partial_delivery_flow(self):
        self.assertEqual(self.stop.picking_type_id.create_backorder, "ask",
                         "the driver decides on a partial delivery, not the operation type")
        self.assertEqual(self._reserved(), 106)
        self._proof(self.stop, [72], self.reason)

        # the stock: 72 left, the 24 not delivered are back and free, no backorder holds them
        self.assertEqual(self.stop.state, "done")
        self.assertEqual(self.stop.dms_delivery_state, "partial")
        self.assertEqual(self._qty(self.soap), 200 - 72)
        self.assertEqual(self._reserved(), 10, "only the second stop's goods stay reserved")
        self.assertFalse(self.env["stock.picking"].search([("backorder_id", "=", self.stop.id)]))
        self.assertEqual(set(self.order.picking_ids.mapped("state")), {"done"})
        # the order: delivered, 72 of 96
        self.assertEqual(self.order.state, "delivered")
        self.assertEqual(self.order.line_ids.qty_delivered, 72)
        with self.assertRaisesRegex(UserError, "must be confirmed"):
            self.order.action_deliver()
        self.assertEqual(self.order.line_ids.qty_delivered, 72)
        # the trip keeps its stop; the driver still sees it
        self.assertEqual(self.stop.batch_id, self.trip)
        self.assertEqual(self.trip.with_user(self.driver).picking_ids, self.stop | self.stop_2)
        self.assertEqual(self.trip.state, "in_progress")

        self._proof(self.stop_2)
        self.assertEqual((self.stop_2.state, self.stop_2.batch_id), ("done", self.trip))
        self.assertEqual(self.trip.state, "done")
        self.assertEqual((self.order_2.state, self.order_2.line_ids.qty_delivered), ("delivered", 10))

        # delivery performance: 2 stops of 2, one partial (not in full), one in full
        self.env.flush_all()
        rows = self.env["dms.report.delivery"].search([("batch_id", "=", self.trip.id)])
        self.assertEqual(rows.picking_id, self.stop | self.stop_2)
        self.assertEqual(sorted(rows.mapped("delivery_state")), ["delivered", "partial"])
        self.assertEqual((sum(rows.mapped("stops")), sum(rows.mapped("in_full_count"))), (2, 1))

        # the claim: the benefit of the 72 delivered, 336 * 72 / 96 = 252, not 336
        claim = self.env["dms.claim"].create({
            "distributor_id": self.distributor.id, "date_from": self.today.replace(day=1), "date_to": self.today})
        claim.action_compute()
        by_line = {cl.order_line_id: cl.amount for cl in claim.line_ids}
        self.assertEqual(self.order.line_ids.scheme_amount, 336)
        self.assertEqual(by_line, {self.order.line_ids: 252.0, self.order_2.line_ids: 35.0})
        claim.action_submit()
        # returns count against the 72 delivered, and reverse their own benefit (3.5 a soap)
        reason_damaged = self.env.ref("dms_inventory.return_reason_damaged")
        Return = self.env["dms.stock.return"]
        too_many = Return.create({
            "partner_id": self.outlet.id, "distributor_id": self.distributor.id,
            "secondary_order_id": self.order.id,
            "line_ids": [Command.create({"product_id": self.soap.id, "qty": 73, "reason_id": reason_damaged.id})]})
        with self.assertRaisesRegex(ValidationError, "only 72.0 delivered"):
            too_many.action_validate()
        ret = Return.create({
            "partner_id": self.outlet.id, "distributor_id": self.distributor.id,
            "secondary_order_id": self.order.id,
            "line_ids": [Command.create({"product_id": self.soap.id, "qty": 10, "reason_id": reason_damaged.id})]})
        ret.action_validate()
        later = self.env["dms.claim"].create({
            "distributor_id": self.distributor.id, "date_from": self.today + timedelta(days=1),
            "date_to": self.today + timedelta(days=30)})
        later.action_compute()
        self.assertEqual(later.line_ids.amount, -35.0)

    def test_failed_stop_stays_on_its_trip(self):
        self._proof(self.stop, [0], self.env.ref("dms_routing.dms_delivery_failure_reason_closed"))
        self.assertEqual((self.stop.state, self.stop.dms_delivery_state), ("cancel", "failed"))
        self.assertEqual(self.stop.batch_id, self.trip)
        self.assertEqual(self._reserved(), 10)
        self.assertEqual(self.order.state, "confirmed", "nothing left: the order is cancelled or re-ordered")
        with self.assertRaisesRegex(UserError, "%s.*nothing was delivered" % self.order.name):
            self.order.action_deliver()
        self._proof(self.stop_2)
        self.assertEqual(self.trip.state, "done")
        self.env.flush_all()
        rows = self.env["dms.report.delivery"].search([("batch_id", "=", self.trip.id)])
        self.assertEqual(rows.picking_id, self.stop | self.stop_2)
        self.assertEqual((sum(rows.mapped("stops")), sum(rows.mapped("failed_count"))), (2, 1))
        self.order.action_cancel()
        self.assertEqual(self.order.state, "cancel")

    def test_stock_user_validating_alone_closes_the_order(self):
        """Validated from Inventory without the proof (no backorder chosen): the same outcome."""
        stock_user = new_test_user(self.env, "dms_partial_stock", groups="stock.group_stock_user")
        self.stop.move_ids.quantity = 50
        self.stop.move_ids.picked = True
        picking = self.stop.with_user(stock_user)
        action = picking.button_validate()
        self.assertEqual(action.get("res_model"), "stock.backorder.confirmation")
        wizard = Form(self.env["stock.backorder.confirmation"].with_user(stock_user).with_context(
            **action["context"])).save()
        wizard.process_cancel_backorder()
        self.assertEqual(self.stop.state, "done")
        self.assertEqual(self.stop.batch_id, self.trip)
        self.assertEqual((self.order.state, self.order.line_ids.qty_delivered), ("delivered", 50))
        self.assertEqual(self._reserved(), 10)
