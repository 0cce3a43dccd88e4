from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.dms_sales.guard import dms_system_write, is_trusted

from .common import DmsSalesCommon


@tagged("post_install", "-at_install")
class TestWriteGuard(DmsSalesCommon):
    """States and system-set fields of secondary orders, as a rep or distributor staff would forge
    them over RPC (``with_user`` + write/create is what XML-RPC runs), then the database re-read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(
            cls.env, "dms_guard_staff", groups="base.group_user,dms_sales.group_dms_distributor",
            partner_id=cls.env["res.partner"].create({"name": "Padma clerk", "parent_id": cls.distributor.id}).id)
        # a scheme the test orders are far from earning: only forgery would put it on a line
        cls.scheme = cls.env["dms.scheme"].create({
            "name": "Soap mega slab", "rule_type": "qty_slab",
            "slab_ids": [Command.create({"threshold": 100000, "discount_type": "percent", "discount_value": 100})],
        })

    def _reread(self, order):
        order.invalidate_recordset()
        order.line_ids.invalidate_recordset()
        return order

    def test_draft_order_forged_to_delivered(self):
        """The reproduction: a draft order written straight to delivered, a line at 100,000 with a
        forged 100% scheme discount."""
        order = self._create_order()
        line = order.line_ids
        for user in (self.staff, self.rep):
            for vals in ({"state": "delivered"}, {"state": "confirmed"}, {"confirmation_date": "2026-01-01"},
                         {"amount_total": 1.0}, {"origin": "api"}, {"name": "SO-FORGED"}):
                with self.assertRaises(UserError), self.cr.savepoint():
                    order.with_user(user).write(vals)
            for vals in ({"price_unit": 100000}, {"scheme_id": self.scheme.id}, {"is_reward": True},
                         {"qty_delivered": 10}, {"qty_returned": 3}, {"state": "delivered"}):
                with self.assertRaises(UserError), self.cr.savepoint():
                    line.with_user(user).write(vals)
            # the same through the order's one2many commands
            with self.assertRaises(UserError), self.cr.savepoint():
                order.with_user(user).write({"line_ids": [Command.update(line.id, {"price_unit": 100000})]})
            with self.assertRaises(UserError), self.cr.savepoint():
                order.with_user(user).write({"line_ids": [Command.create({
                    "product_id": self.shampoo.id, "product_uom_qty": 1, "is_reward": True,
                    "scheme_id": self.scheme.id, "discount": 100})]})
        self._reread(order)
        self.assertEqual(order.state, "draft")
        self.assertEqual(line.price_unit, 35.0)
        self.assertFalse(line.qty_delivered)
        self.assertEqual(len(order.line_ids), 1)
        # the model's own actions still do all of it
        order.with_user(self.staff).action_confirm()
        order.with_user(self.staff).action_deliver()
        self.assertEqual((order.state, line.qty_delivered), ("delivered", 10.0))

    def test_create_in_a_later_state(self):
        for user in (self.staff, self.rep):
            for vals in ({"state": "delivered"}, {"state": "confirmed"}, {"name": "SO-FORGED"},
                         {"confirmation_date": "2026-01-01 00:00:00"}):
                with self.assertRaises(UserError), self.cr.savepoint():
                    self.env["dms.secondary.order"].with_user(user).create({
                        "distributor_id": self.distributor.id, "partner_id": self.outlet.id,
                        "line_ids": [Command.create({"product_id": self.soap.id, "product_uom_qty": 1})], **vals})
        self.assertFalse(self.env["dms.secondary.order"].search([("partner_id", "=", self.outlet.id)]))
        # a client that sends the initial state as it is creates the order
        order = self.env["dms.secondary.order"].with_user(self.rep).create({
            "distributor_id": self.distributor.id, "partner_id": self.outlet.id, "state": "draft",
            "line_ids": [Command.create({"product_id": self.soap.id, "product_uom_qty": 1})]})
        self.assertEqual(order.state, "draft")

    def test_context_cannot_open_the_door(self):
        """Context keys come from the client: neither defaults nor our own flags lift the guard."""
        Order = self.env["dms.secondary.order"].with_user(self.rep).with_context(
            default_state="delivered", default_origin="api", default_name="SO-FORGED",
            dms_allow_locked_write=True, dms_system_write=True)
        self.assertFalse(is_trusted(Order.env))
        order = Order.create({
            "distributor_id": self.distributor.id, "partner_id": self.outlet.id,
            "line_ids": [Command.create({"product_id": self.soap.id, "product_uom_qty": 1})]})
        self.assertEqual((order.state, order.origin), ("draft", "form"))
        self.assertNotEqual(order.name, "SO-FORGED")
        self.assertEqual(Order.default_get(["state"]), {"state": "draft"})
        order.with_user(self.rep).action_confirm()
        with self.assertRaises(UserError), self.cr.savepoint():
            order.line_ids.with_user(self.rep).with_context(dms_allow_locked_write=True).write({"product_uom_qty": 99})
        # a user default (ir.default) is the client's too
        self.env["ir.default"].set("dms.secondary.order", "state", "delivered", user_id=self.rep.id)
        order_2 = self.env["dms.secondary.order"].with_user(self.rep).create({
            "distributor_id": self.distributor.id, "partner_id": self.outlet.id})
        self.assertEqual(order_2.state, "draft")

    def test_unapproved_outlet_never_trades(self):
        self.outlet.sudo().dms_outlet_state = "proposed"
        order = self._create_order()
        for state in ("confirmed", "delivered"):
            with self.assertRaises(UserError), self.cr.savepoint():
                order.with_user(self.rep).write({"state": state})
        with self.assertRaises(UserError), self.cr.savepoint():
            order.with_user(self.rep).action_confirm()
        self.assertEqual(self._reread(order).state, "draft")

    def test_confirmed_lines_stay_locked(self):
        order = self._create_order()
        draft = self._create_order()
        order.action_confirm()
        line = order.line_ids
        with self.assertRaises(UserError), self.cr.savepoint():
            line.with_user(self.rep).write({"product_uom_qty": 500})
        with self.assertRaises(UserError), self.cr.savepoint():
            # moving a line of a draft order into a confirmed one
            draft.line_ids.with_user(self.rep).write({"order_id": order.id})
        with self.assertRaises(UserError), self.cr.savepoint():
            self.env["dms.secondary.order.line"].with_user(self.rep).create({
                "order_id": order.id, "product_id": self.shampoo.id, "product_uom_qty": 5})
        self.assertEqual(self._reread(order).line_ids, line)
        self.assertEqual(line.product_uom_qty, 10)

    def test_copy_starts_over(self):
        order = self._create_order()
        order.action_confirm()
        order.action_deliver()
        copy = order.with_user(self.rep).copy({"state": "delivered", "origin": "api"})
        self.assertEqual((copy.state, copy.origin), ("draft", "form"))
        self.assertFalse(copy.line_ids.filtered("qty_delivered"))

    def test_trusted_block(self):
        order = self._create_order()
        self.assertFalse(is_trusted(order.with_user(self.rep).env))
        with dms_system_write():
            self.assertTrue(is_trusted(order.with_user(self.rep).env))
            order.with_user(self.rep).write({"origin": "import"})
        self.assertFalse(is_trusted(order.with_user(self.rep).env))
        self.assertEqual(order.origin, "import")

    def test_portal_writes_nothing_over_rpc(self):
        portal = new_test_user(
            self.env, "dms_guard_portal", groups="base.group_portal,dms_sales.group_dms_distributor",
            partner_id=self.env["res.partner"].create({"name": "Portal clerk", "parent_id": self.distributor.id}).id)
        order = self._create_order()
        self.assertTrue(order.with_user(portal).has_access("read"))
        with self.assertRaises(AccessError), self.cr.savepoint():
            order.with_user(portal).write({"note": "forged"})
        with self.assertRaises(AccessError), self.cr.savepoint():
            self._create_order().with_user(portal).unlink()
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.env["dms.secondary.order"].with_user(portal).create({
                "distributor_id": self.distributor.id, "partner_id": self.outlet.id})
        # internal distributor staff keep their rights
        order.with_user(self.staff).write({"note": "called the outlet"})
        self.assertEqual(order.note, "called the outlet")
