from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DmsRoutingCommon


@tagged("post_install", "-at_install")
class TestVanSession(DmsRoutingCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.biscuit = cls.env["product.product"].create({
            "name": "Biscuit", "is_storable": True, "tracking": "lot", "list_price": 20})
        cls.lot_a, cls.lot_b = cls.env["stock.lot"].create([
            {"name": "BIS-A", "product_id": cls.biscuit.id}, {"name": "BIS-B", "product_id": cls.biscuit.id}])
        cls._add_stock(cls.soap, cls.saleable, 50, cls.distributor)
        cls._add_stock(cls.biscuit, cls.saleable, 6, cls.distributor, lot=cls.lot_a)
        cls._add_stock(cls.biscuit, cls.saleable, 6, cls.distributor, lot=cls.lot_b)
        cls.session = cls.env["dms.van.session"].create({
            "vehicle_id": cls.van.id, "user_id": cls.rep.id,
            "load_line_ids": [(0, 0, {"product_id": cls.soap.id, "quantity": 20}),
                              (0, 0, {"product_id": cls.biscuit.id, "quantity": 8})],
        })

    def test_van_location(self):
        self.assertEqual(self.van_location.usage, "internal")
        self.assertEqual(self.van_location.location_id, self.distributor.dms_stock_location_id)
        self.assertEqual(self.van_location.dms_distributor_id, self.distributor)
        self.assertFalse(self.van_location.dms_bucket, "a van is no bucket: ordinary orders never reserve from it")
        order = self._create_order()
        self.assertEqual(order.location_id, self.saleable)
        self.assertEqual(self.session.distributor_id, self.distributor)
        self.assertEqual(self.session.territory_id, self.region)

    def test_van_day(self):
        session = self.session.with_user(self.rep)
        session.action_load()
        self.assertEqual(session.state, "loaded")
        load = self.session.picking_ids.filtered(lambda p: p.dms_van_role == "load")
        self.assertEqual(load.state, "done")
        self.assertEqual(self._quantity(self.soap, self.van_location, self.distributor), 20)
        self.assertEqual(self._quantity(self.soap, self.saleable, self.distributor), 30)
        van_quants = self.env["stock.quant"].search(
            [("location_id", "=", self.van_location.id), ("product_id", "=", self.biscuit.id)])
        self.assertEqual(sum(van_quants.mapped("quantity")), 8)
        self.assertEqual(van_quants.owner_id, self.distributor, "owner kept on the van")
        self.assertTrue(van_quants.lot_id <= (self.lot_a | self.lot_b) and van_quants.lot_id, "lots kept")

        # the button prefills a van sale: source location is the van
        action = session.action_new_order()
        with Form(self.env["dms.secondary.order"].with_user(self.rep).with_context(**action["context"])) as form:
            form.partner_id = self.outlet
            with form.line_ids.new() as line:
                line.product_id = self.soap
                line.product_uom_qty = 5
        order = form.save()
        self.assertEqual(order.location_id, self.van_location)
        self.assertEqual(order.dms_van_session_id, self.session)
        self.assertEqual(session.order_count, 1)
        # the delivery of the van sale and a customer return, as real moves
        self._ship(self.van_location, self.customers, self.soap, 5, self.distributor, self.outlet)
        self._ship(self.customers, self.van_location, self.soap, 1, self.distributor, self.outlet)
        self._ship(self.van_location, self.customers, self.biscuit, 3, self.distributor, self.outlet)

        session.action_prefill_unload()
        counted = {line.product_id: line.quantity for line in session.unload_line_ids}
        self.assertEqual(counted, {self.soap: 16, self.biscuit: 5})
        soap_line = session.unload_line_ids.filtered(lambda ln: ln.product_id == self.soap)
        soap_line.quantity = 14  # one missing, one damaged return below
        with self.assertRaises(UserError):
            # more than the van holds is refused: stock never goes negative
            self.env["dms.van.session.line"].create({
                "session_id": session.id, "line_type": "unload", "product_id": self.biscuit.id, "quantity": 1})
            session.action_unload()
        self.env["dms.van.session.line"].create({
            "session_id": session.id, "line_type": "unload", "product_id": self.soap.id, "quantity": 1,
            "bucket": "damaged", "reason": "Crushed pack returned"})
        session.action_unload()
        self.assertEqual(session.state, "unloaded")
        self.assertEqual(self._quantity(self.soap, self.saleable, self.distributor), 44)
        self.assertEqual(self._quantity(self.soap, self.damaged, self.distributor), 1)
        self.assertEqual(self._quantity(self.biscuit, self.saleable, self.distributor), 9)

        lines = {ln.product_id: ln for ln in session.variance_line_ids}
        soap = lines[self.soap]
        self.assertEqual((soap.qty_loaded, soap.qty_sold, soap.qty_returned, soap.qty_unloaded, soap.qty_variance),
                         (20, 5, 1, 15, 1))
        biscuit = lines[self.biscuit]
        self.assertEqual((biscuit.qty_loaded, biscuit.qty_sold, biscuit.qty_unloaded, biscuit.qty_variance),
                         (8, 3, 5, 0))
        self.assertTrue(session.has_variance)

        with self.assertRaises(UserError):
            session.action_close()
        with self.assertRaises(UserError):
            session.action_confirm_variance()  # a rep cannot accept it
        with self.assertRaises(AccessError):  # nor write the acceptance over RPC
            session.write({"variance_confirmed_by": self.manager.id})
        with self.assertRaises(UserError):
            session.action_close()
        manager_session = self.session.with_user(self.manager)
        manager_session.variance_note = "One soap lost on the road"
        manager_session.action_confirm_variance()
        self.assertEqual(self.session.variance_confirmed_by, self.manager)
        # the money of the day: the rep collected 100 in cash at the outlet and hands over 95
        with self.assertRaises(UserError):
            session.action_close()  # not before the money is closed
        self.assertEqual(session.state, "unloaded")
        cash = self.env["dms.collection"].with_user(self.rep).create({
            "partner_id": self.outlet.id, "amount": 100, "date": session.date})
        cash.action_confirm()
        self.company.dms_cash_diff_expense_account_id = self.env["account.account"].create({
            "name": "Van shortages", "code": "DMSVS1", "account_type": "expense"})
        action = session.action_money_close()
        close = self.env["dms.cash.deposit"].browse(action["res_id"])
        self.assertEqual(session.money_close_id, close)
        self.assertEqual(session.action_money_close()["res_id"], close.id, "one close per rep and day")
        self.assertEqual(close.collection_ids, cash)
        close.with_user(self.rep).amount_deposited = 95
        # both variances on the session: stock (above) and money
        self.assertAlmostEqual(session.amount_sales, order.amount_total)
        self.assertEqual((session.amount_collected, session.amount_handed_over, session.amount_money_difference),
                         (100, 95, -5))
        self.assertAlmostEqual(session.amount_uncollected, order.amount_total - 100)
        with self.assertRaises(UserError):
            session.action_close()  # the close is still open
        close.with_user(self.rep).action_post()
        session.action_close()
        self.assertEqual(session.state, "closed")
        self.assertEqual(self._quantity(self.soap, self.van_location), 0, "the variance was written off")
        self.assertEqual(self.session.variance_line_ids.filtered(
            lambda ln: ln.product_id == self.soap).qty_variance, 1)
        self.assertFalse(self.env["stock.quant"].search([
            ("location_id", "child_of", self.distributor.dms_stock_location_id.id), ("quantity", "<", 0)]))

    def test_load_more_than_stock_is_refused(self):
        self.session.load_line_ids[0].quantity = 51
        with self.assertRaises(UserError):
            self.session.action_load()
        self.assertEqual(self.session.state, "draft")
        self.assertEqual(self._quantity(self.soap, self.saleable), 50)
        self.assertEqual(self._quantity(self.soap, self.van_location), 0)

    def test_one_open_session_per_van(self):
        self.session.action_load()
        other = self.env["dms.van.session"].create({
            "vehicle_id": self.van.id, "user_id": self.rep_2.id,
            "load_line_ids": [(0, 0, {"product_id": self.soap.id, "quantity": 1})]})
        with self.assertRaises(ValidationError):
            other.action_load()
        with self.assertRaises(UserError):
            self.session.unlink()
