from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import SIGNATURE, DmsTripCommon


@tagged("post_install", "-at_install")
class TestDeliveryProof(DmsTripCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.driver = new_test_user(cls.env, "trip_driver", groups="dms_sales.group_dms_rep")
        cls.trip = cls._trips(cls.van)
        cls.trip.user_id = cls.driver
        cls.picking = cls._delivery(cls.outlet, [(cls.soap, 100), (cls.shampoo, 20)])
        cls.picking.batch_id = cls.trip
        cls.reason = cls.env.ref("dms_routing.dms_delivery_failure_reason_refused")

    def _stock(self, product, location=None):
        return sum(self.env["stock.quant"].search([
            ("product_id", "=", product.id), ("location_id", "=", (location or self.source).id)]).mapped("quantity"))

    def _proof(self, user=None):
        picking = self.picking.with_user(user or self.driver)
        action = picking.action_dms_proof_of_delivery()
        return Form(self.env[action["res_model"]].with_user(user or self.driver).with_context(**action["context"]))

    def test_full_delivery_with_signature(self):
        soap_before = self._stock(self.soap)
        form = self._proof()
        self.assertEqual(len(form.line_ids), 2)
        with self.assertRaisesRegex(UserError, "Signature or a Photo"):
            form.save().action_confirm()
        form.signature = SIGNATURE
        form.save().action_confirm()
        self.assertEqual(self.picking.state, "done")
        self.assertEqual(self.picking.dms_delivery_state, "delivered")
        self.assertEqual(self.picking.dms_delivered_by_id, self.driver)
        self.assertTrue(self.picking.dms_delivered_at)
        self.assertTrue(self.picking.dms_pod_signature)
        soap_lines = self.picking.move_line_ids.filtered(lambda ml: ml.product_id == self.soap)
        self.assertEqual(soap_lines.lot_id, self.lot_soap)
        self.assertEqual(self._stock(self.soap), soap_before - 100)

    def test_partial_delivery_returns_rest_to_stock(self):
        soap_before, shampoo_before = self._stock(self.soap), self._stock(self.shampoo)
        form = self._proof()
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.planned_qty, 100)
            line.delivered_qty = 60
        proof = form.save()
        with self.assertRaisesRegex(UserError, "Reason"):
            proof.action_confirm()
        proof.failure_reason_id = self.reason
        proof.action_confirm()
        self.assertEqual(self.picking.state, "done")
        self.assertEqual(self.picking.dms_delivery_state, "partial")
        self.assertEqual(self.picking.dms_failure_reason_id, self.reason)
        soap_move = self.picking.move_ids.filtered(lambda m: m.product_id == self.soap and m.state == "done")
        self.assertEqual(soap_move.quantity, 60)
        self.assertFalse(self.env["stock.picking"].search([("backorder_id", "=", self.picking.id)]),
                         "no backorder left behind")
        self.assertEqual(self._stock(self.soap), soap_before - 60, "the 40 not delivered stay in stock")
        self.assertEqual(self._stock(self.shampoo), shampoo_before - 20)
        reserved = sum(self.env["stock.quant"].search([("location_id", "=", self.source.id),
                                                       ("product_id", "=", self.soap.id)]).mapped("reserved_quantity"))
        self.assertEqual(reserved, 0, "nothing stays reserved for the failed part")

    def test_failed_delivery(self):
        soap_before = self._stock(self.soap)
        form = self._proof()
        for i in range(2):
            with form.line_ids.edit(i) as line:
                line.delivered_qty = 0
        form.failure_reason_id = self.env.ref("dms_routing.dms_delivery_failure_reason_closed")
        form.note = "Shutter down"
        form.save().action_confirm()
        self.assertEqual(self.picking.state, "cancel")
        self.assertEqual(self.picking.dms_delivery_state, "failed")
        self.assertEqual(self.picking.dms_pod_note, "Shutter down")
        self.assertEqual(self._stock(self.soap), soap_before)
        with self.assertRaisesRegex(UserError, "already"):
            self.picking.action_dms_proof_of_delivery()

    def test_only_the_driver_records(self):
        other_rep = new_test_user(self.env, "trip_other_rep", groups="dms_sales.group_dms_rep")
        with self.assertRaises(AccessError):
            self.picking.with_user(other_rep).check_access("read")
        proof = self.env["dms.delivery.proof"].with_user(other_rep).create({"picking_id": self.picking.id})
        proof.signature = SIGNATURE
        with self.assertRaises(AccessError):
            proof.action_confirm()
        self.assertEqual(self.picking.state, "assigned")

    def test_a_proof_is_its_makers(self):
        """Signatures and photos stay with the driver who took them: another rep can neither find,
        read nor change the proof over RPC (wizards have no owner rule of their own in Odoo)."""
        form = self._proof()
        form.signature = SIGNATURE
        proof = form.save()
        other_rep = new_test_user(self.env, "proof_other_rep", groups="dms_sales.group_dms_rep")
        Proof = self.env["dms.delivery.proof"].with_user(other_rep)
        self.assertFalse(Proof.search([("id", "=", proof.id)]))
        with self.assertRaises(AccessError):
            Proof.browse(proof.id).read(["signature"])
        with self.assertRaises(AccessError):
            Proof.browse(proof.id).write({"note": "tampered"})
        with self.assertRaises(AccessError):
            self.env["dms.delivery.proof.line"].with_user(other_rep).browse(proof.line_ids.ids).read(["delivered_qty"])
        self.assertEqual(self.env["dms.delivery.proof"].with_user(self.driver).search([("id", "=", proof.id)]), proof)

    def test_over_delivery_refused(self):
        form = self._proof()
        with form.line_ids.edit(0) as line:
            line.delivered_qty = 101
        form.signature = SIGNATURE
        with self.assertRaisesRegex(UserError, "between 0 and the loaded"):
            form.save().action_confirm()

    def test_foreign_move_line_refused(self):
        """A proof may only deliver its own delivery's goods: a line pointing at another stock move
        line (here a done inventory adjustment of the company) is refused before anything is written."""
        stock = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1).lot_stock_id
        quant = self.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": self.shampoo.id, "location_id": stock.id, "inventory_quantity": 16})
        quant.action_apply_inventory()
        adjustment = self.env["stock.move.line"].search([
            ("product_id", "=", self.shampoo.id), ("location_dest_id", "=", stock.id), ("state", "=", "done")],
            order="id desc", limit=1)
        self.assertEqual(adjustment.quantity, 16)
        other = self._delivery(self.outlet_2, [(self.shampoo, 5)])
        for foreign in (adjustment, other.move_line_ids):
            proof = self.env["dms.delivery.proof"].with_user(self.driver).create({"picking_id": self.picking.id})
            self.assertEqual(len(proof.line_ids), 2)
            proof.write({"signature": SIGNATURE, "failure_reason_id": self.reason.id, "line_ids": [Command.create({
                "move_line_id": foreign.id, "delivered_qty": 0})]})
            with self.assertRaisesRegex(UserError, "not goods of %s" % self.picking.name):
                proof.action_confirm()
        # a line of the delivery given twice is refused as well
        proof = self.env["dms.delivery.proof"].with_user(self.driver).create({"picking_id": self.picking.id})
        self.assertEqual(len(proof.line_ids), 2)
        soap_line = self.picking.move_line_ids.filtered(lambda ml: ml.product_id == self.soap)
        proof.write({"signature": SIGNATURE, "failure_reason_id": self.reason.id, "line_ids": [Command.create({
            "move_line_id": soap_line.id, "delivered_qty": 0})]})
        with self.assertRaisesRegex(UserError, "more than once"):
            proof.action_confirm()
        # and one left out (it would go out in full without the driver saying so)
        proof = self.env["dms.delivery.proof"].with_user(self.driver).create({"picking_id": self.picking.id})
        proof.write({"signature": SIGNATURE, "line_ids": [
            Command.unlink(proof.line_ids.filtered(lambda ln: ln.product_id == self.shampoo).id)]})
        with self.assertRaisesRegex(UserError, "Shampoo 200ml.*missing"):
            proof.action_confirm()
        self.env.invalidate_all()
        self.assertEqual(adjustment.quantity, 16)
        self.assertEqual(self._stock(self.shampoo, stock), 16, "the company's stock is untouched")
        self.assertEqual(other.move_line_ids.quantity, 5)
        self.assertEqual(self.picking.state, "assigned")
        self.assertEqual(soap_line.quantity, 100)
        self.assertFalse(self.picking.dms_delivery_state)
