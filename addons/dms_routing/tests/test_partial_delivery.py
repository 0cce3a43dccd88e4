from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import DmsOrderTripCommon


@tagged("post_install", "-at_install")
class TestPartialDelivery(DmsOrderTripCommon):
    """The first stop only partly delivered on the proof of delivery: the order, the trip, the stock
    and the claim must all say 72 of 96."""

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

        # Delivery Performance (dms_reports) counts both stops: see TestReportDeliveryProof

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
