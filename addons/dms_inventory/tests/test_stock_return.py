from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestStockReturn(DmsInventoryCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason_damaged = cls.env.ref("dms_inventory.return_reason_damaged")
        cls.reason_expired = cls.env.ref("dms_inventory.return_reason_expired")
        cls.reason_saleable = cls.env.ref("dms_inventory.return_reason_saleable")
        cls.scheme = cls.env["dms.scheme"].create({
            "name": "Soap 10% off", "rule_type": "qty_slab", "product_ids": [Command.set(cls.soap.ids)],
            "slab_ids": [Command.create({"threshold": 1, "discount_value": 10})]})
        cls._stock(cls.soap, 100)
        cls._stock(cls.biscuit, 20, lot=cls.lot_early)
        # soap: 10 x 35, 10% scheme -> 35 of benefit
        cls.order = cls._create_order(lines=[(cls.soap, 10), (cls.biscuit, 5)])
        cls.order.action_confirm()
        cls.order.action_deliver()
        cls.staff = new_test_user(cls.env, "dms_ret_staff", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.staff.partner_id.parent_id = cls.distributor
        cls.today = fields.Date.context_today(cls.order)

    def _return_form(self, user, lines, order=None):
        form = Form(self.env["dms.stock.return"].with_user(user))
        form.partner_id = self.outlet
        if order:
            form.secondary_order_id = order
        for product, qty, reason, lot in lines:
            with form.line_ids.new() as line:
                line.product_id = product
                line.qty = qty
                line.reason_id = reason
                if lot:
                    line.lot_id = lot
        return form.save().with_env(self.env)

    def test_returns_go_to_their_buckets(self):
        self.assertEqual(self.order.line_ids[0].scheme_id, self.scheme)
        ret = self._return_form(self.staff, [
            (self.soap, 3, self.reason_damaged, None), (self.soap, 2, self.reason_saleable, None),
            (self.biscuit, 1, self.reason_expired, self.lot_early)], order=self.order)
        self.assertEqual(ret.distributor_id, self.distributor)
        ret.with_user(self.staff).action_validate()
        self.assertEqual(ret.state, "done")
        self.assertEqual(self._qty(self.soap, "damaged"), 3)
        self.assertEqual(self._qty(self.soap, "saleable"), 100 - 10 + 2)
        self.assertEqual(self._qty(self.biscuit, "expired", lot=self.lot_early), 1)
        self.assertEqual(ret.picking_ids.move_line_ids.owner_id, self.distributor)
        soap_line, biscuit_line = self.order.line_ids.filtered(lambda line: not line.is_reward)
        self.assertEqual(soap_line.qty_returned, 5)
        self.assertEqual(biscuit_line.qty_returned, 1)
        # cannot return more than delivered and not yet returned
        over = self._return_form(self.staff, [(self.soap, 6, self.reason_saleable, None)], order=self.order)
        with self.assertRaisesRegex(ValidationError, "only 5.0 delivered"):
            over.action_validate()
        # a lot-tracked product needs its lot
        no_lot = self._return_form(self.staff, [(self.biscuit, 1, self.reason_damaged, None)])
        with self.assertRaisesRegex(ValidationError, "tracked by lot"):
            no_lot.action_validate()

    def test_damaged_return_claim_and_scheme_reversal(self):
        soap_line = self.order.line_ids.filtered(lambda line: line.product_id == self.soap)
        first = self.env["dms.claim"].create({
            "distributor_id": self.distributor.id, "date_from": self.today.replace(day=1), "date_to": self.today})
        first.action_compute()
        self.assertEqual(first.line_ids.filtered(lambda cl: cl.order_line_id == soap_line).amount, 35.0)
        first.action_submit()
        first.action_approve()

        ret = self._return_form(self.staff, [(self.soap, 4, self.reason_damaged, None)], order=self.order)
        ret.with_user(self.staff).action_validate()
        # damaged goods are claimed at the price the outlet paid (31.5 after the scheme)
        ret.with_user(self.staff).action_create_claim()
        self.assertEqual(ret.claim_id.line_ids.source, "return_damage")
        self.assertEqual(ret.claim_id.line_ids.amount, 4 * 31.5)
        with self.assertRaises(UserError):
            ret.action_create_claim()
        # the next scheme claim gives back the benefit of the 4 returned units: 35 * 4 / 10
        second = self.env["dms.claim"].create({
            "distributor_id": self.distributor.id, "date_from": self.today, "date_to": self.today})
        second.action_compute()
        reversal = second.line_ids.filtered(lambda cl: cl.order_line_id == soap_line)
        self.assertEqual(reversal.amount, -14.0)
        self.assertEqual(soap_line.benefit_claimed, 21.0)

    def test_saleable_return_is_not_claimable(self):
        ret = self._return_form(self.staff, [(self.soap, 1, self.reason_saleable, None)])
        ret.action_validate()
        self.assertFalse(ret.amount_claimable)
        with self.assertRaises(UserError):
            ret.action_create_claim()

    def test_return_access(self):
        ret = self._return_form(self.staff, [(self.soap, 1, self.reason_saleable, None)])
        outsider = new_test_user(self.env, "dms_ret_south", groups="base.group_user,dms_sales.group_dms_distributor")
        outsider.partner_id.parent_id = self.distributor_south
        Return = self.env["dms.stock.return"]
        self.assertFalse(Return.with_user(outsider).search([("id", "=", ret.id)]))
        with self.assertRaises(AccessError):
            ret.with_user(outsider).action_validate()
        # the outlet is in rep's territory, not rep_2's
        self.assertEqual(Return.with_user(self.rep).search([("id", "=", ret.id)]), ret)
        self.assertFalse(Return.with_user(self.rep_2).search([("id", "=", ret.id)]))
        self.assertEqual(Return.with_user(self.manager).search([("id", "=", ret.id)]), ret)
        with self.assertRaises(AccessError):
            self.reason_damaged.with_user(self.staff).write({"claimable": False})

    def test_return_lines_belong_to_the_returns_order(self):
        """A return line taking back goods of another order's line is refused before anything moves:
        the other order's returned quantity (and so its scheme benefit) stays as it was."""
        other = self._create_order(outlet=self.outlet_2, lines=[(self.soap, 10)])
        other.action_confirm()
        other.action_deliver()
        ret = self._return_form(self.staff, [(self.soap, 3, self.reason_saleable, None)], order=self.order)
        ret.line_ids.with_user(self.staff).write({"order_line_id": other.line_ids.id})
        with self.assertRaisesRegex(ValidationError, "%s.*not a line of order %s .Order Line." % (
                ret.name, self.order.name)):
            ret.with_user(self.staff).action_validate()
        # a line of an order given on a return without one
        loose = self._return_form(self.staff, [(self.soap, 3, self.reason_saleable, None)])
        loose.line_ids.with_user(self.staff).write({"order_line_id": other.line_ids.id})
        with self.assertRaisesRegex(ValidationError, "not a line of order"):
            loose.with_user(self.staff).action_validate()
        self.env.invalidate_all()
        self.assertEqual(other.line_ids.qty_returned, 0)
        self.assertEqual((ret.state, loose.state), ("draft", "draft"))
        self.assertFalse((ret | loose).picking_ids)
        self.assertEqual(self._qty(self.soap, "saleable"), 100 - 10 - 10)

    def test_claimable_return_needs_its_delivered_order(self):
        """Damaged or expired goods are claimed from the principal only as returns of a delivered
        order: at most what it delivered and was not returned yet, at the price the outlet paid."""
        # no order: 1,000 units at a typed 5,000 each would be a 5,000,000 claim
        loose = self._return_form(self.staff, [(self.soap, 1000, self.reason_damaged, None)])
        with self.assertRaises(AccessError):  # the price is the order's, never typed
            loose.line_ids.with_user(self.staff).write({"price_unit": 5000})
        pattern = r"Return %s: \[SOAP\] Soap 100g is returned as Damaged.*\(Secondary Order\)" % loose.name
        with self.assertRaisesRegex(ValidationError, pattern):
            loose.with_user(self.staff).action_validate()
        # an order not delivered yet
        confirmed = self._create_order(lines=[(self.soap, 10)])
        confirmed.action_confirm()
        ret = self._return_form(self.staff, [(self.soap, 2, self.reason_damaged, None)])
        ret.secondary_order_id = confirmed
        with self.assertRaisesRegex(ValidationError, "order %s is not delivered" % confirmed.name):
            ret.with_user(self.staff).action_validate()
        # a product the order did not deliver
        ret = self._return_form(self.staff, [(self.shampoo, 2, self.reason_damaged, None)], order=self.order)
        with self.assertRaisesRegex(ValidationError, "Shampoo 200ml.*not on order %s" % self.order.name):
            ret.with_user(self.staff).action_validate()
        # more than delivered
        ret = self._return_form(self.staff, [(self.soap, 11, self.reason_damaged, None)], order=self.order)
        with self.assertRaisesRegex(ValidationError, "only 10.0 delivered"):
            ret.with_user(self.staff).action_validate()
        self.assertEqual(self._qty(self.soap, "damaged"), 0, "nothing came back")
        self.assertFalse(self.env["dms.claim"].search([("distributor_id", "=", self.distributor.id)]))
        # the typed price is not what the claim is worth: the outlet paid 35 less 10%
        ret = self._return_form(self.staff, [(self.soap, 4, self.reason_damaged, None)], order=self.order)
        with self.assertRaises(AccessError):
            ret.line_ids.with_user(self.staff).write({"price_unit": 5000})
        ret.with_user(self.staff).action_validate()
        self.assertEqual(ret.line_ids.price_unit, 31.5)
        ret.with_user(self.staff).action_create_claim()
        self.assertEqual(ret.claim_id.amount_total, 4 * 31.5)
        # a validated return is history: its lines and order stay as validated
        with self.assertRaisesRegex(UserError, "validated"):
            ret.line_ids.with_user(self.staff).write({"qty": 10})
        with self.assertRaisesRegex(UserError, "validated"):
            ret.with_user(self.staff).write({"secondary_order_id": False})
