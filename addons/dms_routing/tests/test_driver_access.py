from ast import literal_eval

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import SIGNATURE, DmsTripCommon


@tagged("post_install", "-at_install")
class TestDriverAccess(DmsTripCommon):
    """The Driver group: the trips a driver drives, their stops and goods, the proofs of delivery
    and collections they take; nothing of sales. Each property checked both ways."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.driver = new_test_user(cls.env, "dms_driver", groups="dms_routing.group_dms_driver")
        cls.driver_2 = new_test_user(cls.env, "dms_driver_2", groups="dms_routing.group_dms_driver")
        cls.trip, cls.trip_2 = cls._trips(cls.van, cls.bike)
        cls.trip.driver_id = cls.driver.partner_id
        cls.trip_2.driver_id = cls.driver_2.partner_id
        cls.stop = cls._delivery(cls.outlet, [(cls.soap, 5)])
        cls.stop.batch_id = cls.trip
        cls.stop_2 = cls._delivery(cls.outlet_2, [(cls.shampoo, 5)])
        cls.stop_2.batch_id = cls.trip_2
        cls.unplanned = cls._delivery(cls.outlet, [(cls.shampoo, 2)])
        cls.my_stops = cls.env.ref("dms_routing.stock_picking_action_dms_my_stops")

    def _stops(self, user):
        domain = literal_eval(self.my_stops.domain.replace("uid", str(user.id)))
        return self.env["stock.picking"].with_user(user).search(domain)

    def _menus(self, user):
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return {xmlid for xmlid in (
            "dms_routing.stock_picking_menu_dms_my_stops", "dms_routing.dms_collection_menu",
            "dms_routing.stock_picking_batch_menu_trip", "dms_routing.dms_visit_menu_my_day",
            "dms_sales.dms_menu_sales", "dms_sales.dms_menu_network", "dms_inventory.dms_menu_inventory",
            "dms_routing.dms_van_session_menu", "dms_routing.dms_cash_deposit_menu",
        ) if self.env.ref(xmlid).id in visible}

    def test_driver_is_no_rep(self):
        group = self.env.ref("dms_routing.group_dms_driver")
        self.assertEqual(group.category_id, self.env.ref("dms_sales.module_category_distribution"))
        self.assertFalse(self.driver.has_group("dms_sales.group_dms_rep"))
        for xmlid in ("dms_sales.group_dms_rep", "dms_sales.group_dms_manager", "dms_sales.group_dms_distributor"):
            self.assertNotIn(group, self.env.ref(xmlid).trans_implied_ids, xmlid)

    def test_driver_sees_own_trips_and_stops_only(self):
        Batch = self.env["stock.picking.batch"]
        self.assertEqual(Batch.with_user(self.driver).search([("id", "in", (self.trip | self.trip_2).ids)]), self.trip)
        self.assertEqual(self._stops(self.driver), self.stop)
        self.assertEqual(self._stops(self.driver_2), self.stop_2)
        self.assertFalse(self.env["stock.picking"].with_user(self.driver).search(
            [("id", "in", (self.stop_2 | self.unplanned).ids)]))
        self.assertEqual(self.env["stock.move.line"].with_user(self.driver).search(
            [("picking_id", "in", (self.stop | self.stop_2).ids)]).picking_id, self.stop)
        with self.assertRaises(AccessError):
            self.stop_2.with_user(self.driver).check_access("read")
        with self.assertRaises(AccessError):
            self.trip_2.with_user(self.driver).check_access("read")
        # reassigning the trip takes effect at once (the relation is in the rule's path)
        self.trip_2.driver_id = self.driver.partner_id
        self.env.flush_all()
        self.assertEqual(self._stops(self.driver), self.stop | self.stop_2)
        self.assertFalse(self._stops(self.driver_2))

    def test_driver_cannot_edit_trips_or_touch_sales(self):
        with self.assertRaises(AccessError):
            self.trip.with_user(self.driver).write({"description": "mine now"})
        with self.assertRaises(AccessError):
            self.stop.with_user(self.driver).write({"origin": "changed"})
        for model in ("dms.secondary.order", "dms.visit", "dms.scheme", "dms.target", "dms.van.session",
                      "dms.cash.deposit"):
            self.assertFalse(self.env[model].with_user(self.driver).has_access("read"), model)
        # a rep keeps their own sales rights and sees no driver's stops
        self.assertTrue(self.env["dms.secondary.order"].with_user(self.rep).has_access("read"))
        self.assertFalse(self._stops(self.rep))

    def test_driver_records_proof_of_delivery_of_own_stop(self):
        action = self.stop.with_user(self.driver).action_dms_proof_of_delivery()
        form = Form(self.env[action["res_model"]].with_user(self.driver).with_context(**action["context"]))
        form.signature = SIGNATURE
        proof = form.save()
        proof.action_confirm()
        self.assertRecordValues(self.stop, [{
            "state": "done", "dms_delivery_state": "delivered", "dms_delivered_by_id": self.driver.id}])
        self.assertEqual(self.env["dms.delivery.proof"].with_user(self.driver).search([]), proof)
        self.assertFalse(self.env["dms.delivery.proof"].with_user(self.driver_2).search([]))
        # another driver's stop: refused, nothing recorded
        with self.assertRaises(AccessError):
            Proof = self.env["dms.delivery.proof"].with_user(self.driver)
            Proof.create({"picking_id": self.stop_2.id, "signature": SIGNATURE}).action_confirm()
        self.assertEqual(self.stop_2.state, "assigned")

    def test_driver_collects_at_own_stops_only(self):
        Collection = self.env["dms.collection"].with_user(self.driver)
        mine = Collection.create({"partner_id": self.outlet.id, "picking_id": self.stop.id, "amount": 120})
        mine.action_confirm()
        self.assertEqual(mine.state, "confirmed")
        self.assertEqual(mine.payment_id.amount, 120)
        self.assertEqual(mine.user_id, self.driver)
        with self.assertRaises(ValidationError):
            Collection.create({"partner_id": self.outlet.id, "amount": 50})  # no stop: not their customer
        with self.assertRaises(ValidationError):
            Collection.create({"partner_id": self.outlet_2.id, "picking_id": self.stop_2.id, "amount": 50})
        others = self.env["dms.collection"].with_user(self.rep).create({"partner_id": self.outlet.id, "amount": 10})
        self.assertEqual(Collection.search([("id", "in", (mine | others).ids)]), mine)
        self.assertFalse(self.env["dms.collection"].with_user(self.driver_2).search([("id", "=", mine.id)]))

    def test_menus_per_role(self):
        self.assertEqual(self._menus(self.driver), {
            "dms_routing.stock_picking_menu_dms_my_stops", "dms_routing.dms_collection_menu",
            "dms_routing.stock_picking_batch_menu_trip"})
        rep = self._menus(self.rep)
        self.assertNotIn("dms_routing.stock_picking_menu_dms_my_stops", rep)
        self.assertTrue({"dms_routing.dms_visit_menu_my_day", "dms_sales.dms_menu_sales",
                         "dms_routing.dms_collection_menu"} <= rep)
        manager = self._menus(self.manager)
        self.assertNotIn("dms_routing.stock_picking_menu_dms_my_stops", manager)
        self.assertIn("dms_routing.stock_picking_batch_menu_trip", manager)

    def test_home_action_per_role(self):
        self.assertEqual(self.driver._dms_home_action(), self.my_stops)
        self.assertEqual(self.rep._dms_home_action(), self.env.ref("dms_routing.dms_visit_action_my_day"))
        self.assertEqual(self.supervisor._dms_home_action(), self.env.ref("dms_routing.dms_visit_action_my_day"))
        outsider = new_test_user(self.env, "dms_no_role", groups="base.group_user")
        self.assertFalse(outsider._dms_home_action())
