from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestSecondaryFulfilment(DmsInventoryCommon):

    def test_confirm_reserves_fefo_and_deliver_moves_stock(self):
        self._stock(self.biscuit, 10, lot=self.lot_late)
        self._stock(self.biscuit, 10, lot=self.lot_early)
        self._stock(self.soap, 30)
        form = Form(self.env["dms.secondary.order"].with_user(self.rep))
        form.partner_id = self.outlet
        with form.line_ids.new() as line:
            line.product_id = self.biscuit
            line.product_uom_qty = 12
        with form.line_ids.new() as line:
            line.product_id = self.soap
            line.product_uom_qty = 5
        order = form.save().with_env(self.env)
        self.assertEqual(order.location_id, self.saleable)
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.picking_type_id, self.company.dms_delivery_type_id)
        self.assertEqual(picking.location_dest_id, self.outlet.property_stock_customer)
        self.assertEqual(picking.state, "assigned")
        biscuit_lines = picking.move_line_ids.filtered(lambda ml: ml.product_id == self.biscuit)
        # first expiry first out: all 10 of the early lot, then 2 of the late one
        self.assertEqual({(ml.lot_id, ml.quantity) for ml in biscuit_lines},
                         {(self.lot_early, 10), (self.lot_late, 2)})
        self.assertEqual(picking.move_line_ids.owner_id, self.distributor)

        order.with_user(self.rep).action_deliver()
        order.invalidate_recordset()
        self.assertEqual(picking.state, "done")
        self.assertEqual(order.line_ids.mapped("qty_delivered"), [12, 5])
        self.assertEqual(self._qty(self.biscuit, lot=self.lot_early), 0)
        self.assertEqual(self._qty(self.biscuit, lot=self.lot_late), 8)
        self.assertEqual(self._qty(self.soap), 25)

    def test_source_location_is_the_distributors_saleable_stock(self):
        """The reproduction: an order's source written to the company's WH/Stock left a -3 quant
        owned by the distributor inside the company's warehouse."""
        self._stock(self.soap, 30)
        order = self.env["dms.secondary.order"].with_user(self.rep).create({
            "partner_id": self.outlet.id, "distributor_id": self.distributor.id,
            "line_ids": [(0, 0, {"product_id": self.soap.id, "product_uom_qty": 3})]})
        damaged = self.distributor._dms_bucket_location("damaged")
        south = self.distributor_south._dms_bucket_location("saleable")
        for location in (self.warehouse.lot_stock_id, damaged, south):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                order.write({"location_id": location.id})
        self.assertEqual(order.location_id, self.saleable)
        order.action_confirm()
        with self.assertRaises(UserError), self.cr.savepoint():
            order.write({"location_id": self.saleable.id})
        order.action_deliver()
        self.assertFalse(self.env["stock.quant"].search([
            ("location_id", "=", self.warehouse.lot_stock_id.id), ("owner_id", "=", self.distributor.id)]))

    def test_cases_over_rpc_reserve_their_units(self):
        """12 cases of 24 sent without units reserve and deliver 288 units, not 1."""
        self._stock(self.soap, 300)
        order = self.env["dms.secondary.order"].with_user(self.rep).create({
            "distributor_id": self.distributor.id, "partner_id": self.outlet.id,
            "line_ids": [Command.create({"product_id": self.soap.id, "product_packaging_id": self.soap_case.id,
                                         "product_packaging_qty": 12})]})
        order.action_confirm()
        self.assertEqual(order.picking_ids.move_ids.product_uom_qty, 288)
        self.assertEqual(sum(order.picking_ids.move_line_ids.mapped("quantity")), 288)
        order.action_deliver()
        self.assertEqual(order.line_ids.qty_delivered, 288)
        self.assertEqual(self._qty(self.soap), 12)

    def test_order_without_distributor_names_the_field(self):
        """No distributor: the order says so, instead of failing on the stock location it would
        take the goods from."""
        Order = self.env["dms.secondary.order"].with_user(self.rep)
        with self.assertRaisesRegex(ValidationError, r"Rahim Store.*\(Distributor\)"):
            Order.create({"partner_id": self.outlet.id,
                          "line_ids": [(0, 0, {"product_id": self.soap.id, "product_uom_qty": 1})]})
        order = self._create_order()
        with self.assertRaisesRegex(ValidationError, r"%s.*\(Distributor\)" % order.name):
            order.with_user(self.rep).write({"distributor_id": False})
        # a new order on screen has no source location until its distributor is known
        draft = self.env["dms.secondary.order"].new({"partner_id": self.outlet.id})
        self.assertFalse(draft.location_id)
        draft.distributor_id = self.distributor
        self.assertEqual(draft.location_id, self.saleable)

    def test_insufficient_stock_error_names_everything(self):
        self._stock(self.soap, 7)
        order = self._create_order(lines=[(self.soap, 10)])
        with self.assertRaises(UserError) as err:
            order.action_confirm()
        message = str(err.exception)
        for part in (order.name, "Soap 100g", "North Distribution Ltd", "7.0", "10.0"):
            self.assertIn(part, message)
        self.assertFalse(self.env["stock.picking"].search([("dms_secondary_order_id", "=", order.id)]))

    def test_only_distributor_owned_stock_is_reserved(self):
        self._stock(self.soap, 3)
        self._stock(self.soap, 100, owner=False)  # someone else's goods in the same place
        order = self._create_order(lines=[(self.soap, 5)])
        with self.assertRaisesRegex(UserError, "3.0 Units available, 5.0 Units asked"):
            order.action_confirm()
        self.distributor.dms_backorder_policy = "backorder"
        order.action_confirm()
        self.assertEqual(order.picking_ids.move_line_ids.owner_id, self.distributor)
        self.assertEqual(sum(order.picking_ids.move_line_ids.mapped("quantity")), 3)

    def test_backorder_policy_delivers_what_is_there(self):
        self.distributor.dms_backorder_policy = "backorder"
        self._stock(self.soap, 20)
        order = self._create_order(lines=[(self.soap, 25)])
        order.action_confirm()
        order.action_deliver()
        self.assertEqual(order.state, "delivered")
        self.assertEqual(order.line_ids.qty_delivered, 20)
        self.assertEqual(self._qty(self.soap), 0, "never negative")
        backorder = order.picking_ids.filtered(lambda p: p.state != "done")
        self.assertEqual(len(backorder), 1)
        self.assertEqual(backorder.move_ids.product_uom_qty, 5)
        # the rest arrives and is delivered later: the order line counts it
        self._stock(self.soap, 5)
        backorder.action_assign()
        backorder.move_ids.picked = True
        backorder.button_validate()
        self.assertEqual(order.line_ids.qty_delivered, 25)

    def test_cancel_releases_reservation(self):
        self._stock(self.soap, 10)
        order = self._create_order(lines=[(self.soap, 10)])
        order.action_confirm()
        quant = self.env["stock.quant"].search([("product_id", "=", self.soap.id),
                                                ("location_id", "=", self.saleable.id)])
        self.assertEqual(quant.reserved_quantity, 10)
        order.action_cancel()
        self.assertEqual(order.picking_ids.state, "cancel")
        self.assertEqual(quant.reserved_quantity, 0)
        other = self._create_order(lines=[(self.soap, 10)])
        other.action_confirm()
        self.assertEqual(other.picking_ids.state, "assigned")

    def test_unmanaged_distributor_and_consumables_move_no_stock(self):
        consumable = self.env["product.product"].create({"name": "Leaflet", "list_price": 1})
        self.distributor.dms_stock_managed = False
        order = self._create_order(lines=[(self.soap, 10)])
        order.action_confirm()
        order.action_deliver()
        self.assertFalse(order.picking_ids)
        self.assertEqual(order.line_ids.qty_delivered, 10)
        self.distributor.dms_stock_managed = True
        self._stock(self.soap, 4)
        order = self._create_order(lines=[(self.soap, 4), (consumable, 50)])
        order.action_confirm()
        order.action_deliver()
        self.assertEqual(order.picking_ids.move_ids.product_id, self.soap)
        self.assertEqual(order.line_ids.mapped("qty_delivered"), [4, 50])
