from odoo.tests import new_test_user, tagged

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestFulfilmentForgery(DmsInventoryCommon):
    """The fulfilment fast path's state (see fulfilment.py) cannot be sent by a client: the context
    keys it once was, in a stock user's context (what an RPC call amounts to), change nothing. A
    move line added by hand to a reserved secondary delivery reserves its quant as core does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Forgery soap", "is_storable": True})
        cls._stock(cls.product, 100)
        cls.stock_user = new_test_user(cls.env, "dms_forger", groups="base.group_user,stock.group_stock_user")

    def _reserved_delivery(self):
        order = self.env["dms.secondary.order"].create({
            "distributor_id": self.distributor.id, "partner_id": self.outlet.id,
            "line_ids": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 10})]})
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.move_ids.quantity, 10, "reserved by the fast path")
        return picking

    def _drift(self):
        """What the distributor's quants say is reserved less what the move lines reserve: 0."""
        self.env.flush_all()
        self.env.invalidate_all()
        quants = self.env["stock.quant"].search([
            ("product_id", "=", self.product.id), ("location_id", "child_of", self.saleable.id),
            ("owner_id", "=", self.distributor.id)])
        lines = self.env["stock.move.line"].search([
            ("product_id", "=", self.product.id), ("location_id", "child_of", self.saleable.id),
            ("state", "not in", ("done", "cancel"))])
        return sum(quants.mapped("reserved_quantity")) - sum(lines.mapped("quantity"))

    def _add_line(self, picking, **context):
        move = picking.move_ids
        return self.env["stock.move.line"].with_user(self.stock_user).with_context(**context).create([{
            "move_id": move.id, "picking_id": picking.id, "product_id": self.product.id,
            "product_uom_id": self.product.uom_id.id, "location_id": move.location_id.id,
            "location_dest_id": move.location_dest_id.id, "owner_id": self.distributor.id, "quantity": 5,
        }])

    def test_forged_context_keys_reserve_as_core(self):
        quant = self.env["stock.quant"].search([("product_id", "=", self.product.id),
                                                ("owner_id", "=", self.distributor.id)])
        forged_pools = (
            # as JSON would carry it: lists and string keys, no sets or records
            {"scopes": [[self.saleable.parent_path, self.distributor.id]], "locked": quant.ids,
             "quants": {"%s,%s" % (self.product.id, self.distributor.id): quant.ids}},
            {"scopes": "x", "locked": 1, "quants": None},
            "pool",
        )
        cases = [{"dms_move_lines_reserved": True}, {"dms_deferred_move_lines": []},
                 {"dms_deferred_move_lines": [], "dms_move_lines_reserved": True}]
        cases += [{"dms_quant_pool": pool} for pool in forged_pools]
        self.assertEqual(self._drift(), 0)
        for context in cases:
            with self.subTest(context=context):
                picking = self._reserved_delivery()
                drift = self._drift()  # 0, unless an earlier case failed
                line = self._add_line(picking, **context)
                self.assertEqual(len(line), 1, "the line is created")
                self.assertEqual(self._drift(), drift, "the quant reserves the line's 5 units")
                self.assertEqual(picking.move_ids.quantity, 15)
                self.assertEqual(line.move_id.move_line_ids.mapped("quantity"), [10, 5])
        self.assertEqual(self._drift(), 0)

    def test_forged_skip_outlet_follower_is_ignored(self):
        picking = self._reserved_delivery()
        picking.message_unsubscribe(partner_ids=self.outlet.ids)
        picking.with_user(self.stock_user).with_context(dms_skip_outlet_follower=True).message_subscribe(
            partner_ids=self.outlet.ids)
        self.assertIn(self.outlet, picking.message_partner_ids)
