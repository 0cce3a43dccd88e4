from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import DmsRoutingCommon


@tagged("post_install", "-at_install")
class TestCollectionScope(DmsRoutingCommon):
    """A rep collects from the outlets of their territories and from the distributors serving
    them; a driver also at the stops of the trips they drive. Money for anyone else is refused
    before any payment is made, and the invoices paid are always the payer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company._dms_collection_journal()
        goods = cls.env["product.product"].create({"name": "Goods", "type": "consu", "list_price": 1})

        def invoice(partner, amount):
            return {"move_type": "out_invoice", "partner_id": partner.id, "invoice_date": "2026-01-01",
                    "invoice_line_ids": [(0, 0, {"product_id": goods.id, "quantity": 1, "price_unit": amount,
                                                 "tax_ids": [(6, 0, [])]})]}
        cls.inv_south, cls.inv_outlet_2, cls.inv_outlet, cls.inv_distributor = cls.env["account.move"].create([
            invoice(cls.distributor_south, 25500), invoice(cls.outlet_2, 700), invoice(cls.outlet, 300),
            invoice(cls.distributor, 900)])
        (cls.inv_south | cls.inv_outlet_2 | cls.inv_outlet | cls.inv_distributor).action_post()
        cls.driver = new_test_user(cls.env, "dms_driver", groups="dms_sales.group_dms_rep")

    def _collect(self, partner, user=None, **vals):
        return self.env["dms.collection"].with_user(user or self.rep).create({
            "partner_id": partner.id, "amount": vals.pop("amount", 100), "date": "2026-03-01", **vals})

    def assertUnpaid(self, *invoices):
        for invoice in invoices:
            invoice.invalidate_recordset()
            self.assertEqual(invoice.payment_state, "not_paid", invoice.name)

    def test_rep_cannot_collect_outside_territories(self):
        for partner in (self.distributor_south, self.outlet_2, self.outlet_south):
            with self.assertRaises(ValidationError) as caught:
                self._collect(partner, amount=25500)
            self.assertIn(partner.name, str(caught.exception))
        self.assertFalse(self.env["dms.collection"].search([("user_id", "=", self.rep.id)]))
        self.assertUnpaid(self.inv_south, self.inv_outlet_2)

    def test_rep_collects_from_own_outlet_and_serving_distributor(self):
        for partner, invoice in ((self.outlet, self.inv_outlet), (self.distributor, self.inv_distributor)):
            collection = self._collect(partner, amount=invoice.amount_total)
            collection.action_confirm()
            self.assertEqual(collection.state, "confirmed")
            invoice.invalidate_recordset()
            self.assertEqual(invoice.payment_state, "paid")

    def test_rep_cannot_move_a_draft_collection_to_another_payer(self):
        collection = self._collect(self.outlet)
        with self.assertRaises(ValidationError):
            collection.write({"partner_id": self.distributor_south.id})
        collection.invalidate_recordset()
        self.assertEqual(collection.partner_id, self.outlet)

    def test_invoices_must_be_the_payers(self):
        with self.assertRaises(ValidationError) as caught:
            self._collect(self.outlet, invoice_ids=[(6, 0, self.inv_south.ids)])
        self.assertIn("not a customer invoice of Rahim Store", str(caught.exception))
        collection = self._collect(self.outlet)
        with self.assertRaises(ValidationError):
            collection.write({"invoice_ids": [(4, self.inv_south.id)]})
        self.assertUnpaid(self.inv_south)

    def test_rep_cannot_confirm_a_collection_outside_territories(self):
        """A draft made for the rep by someone else (or before the rep was moved) is checked again
        with the rep's rights when the rep confirms it, before the payment is made in sudo."""
        collection = self.env["dms.collection"].create({
            "partner_id": self.distributor_south.id, "amount": 25500, "user_id": self.rep.id})
        with self.assertRaises(ValidationError) as caught:
            collection.with_user(self.rep).action_confirm()
        self.assertIn("South Traders", str(caught.exception))
        self.assertEqual(collection.state, "draft")
        self.assertFalse(collection.payment_id)
        self.assertUnpaid(self.inv_south)

    def test_driver_collects_at_own_stop(self):
        stop = self.env["stock.picking"].create({
            "picking_type_id": self.out_type.id, "partner_id": self.outlet_south.id,
            "location_id": self.saleable.id, "location_dest_id": self.customers.id})
        other_stop = stop.copy({"partner_id": self.outlet_2.id})
        self.env["stock.picking.batch"].create({"user_id": self.driver.id, "picking_ids": [(6, 0, stop.ids)]})
        self.env["stock.picking.batch"].create({"user_id": self.rep_2.id, "picking_ids": [(6, 0, other_stop.ids)]})
        collection = self._collect(self.outlet_south, user=self.driver, picking_id=stop.id)
        self.assertEqual(collection.partner_id, self.outlet_south)
        with self.assertRaises(ValidationError):
            self._collect(self.outlet_south, user=self.driver)  # no stop: not theirs
        with self.assertRaises(ValidationError):
            self._collect(self.distributor_south, user=self.driver, picking_id=stop.id)  # not the stop's customer
        with self.assertRaises(ValidationError):
            self._collect(self.outlet_2, user=self.driver, picking_id=other_stop.id)  # another driver's stop

    def test_supervisor_collects_in_subtree(self):
        self._collect(self.outlet_2, user=self.supervisor)
        with self.assertRaises(ValidationError):
            self._collect(self.distributor_south, user=self.supervisor)


@tagged("post_install", "-at_install")
class TestVanSessionScope(DmsRoutingCommon):
    """A rep opens van sessions only on vans of distributors serving their territories, and loads
    only that distributor's stock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.van_south = cls.env["fleet.vehicle"].create({
            "model_id": cls.van.model_id.id, "license_plate": "DHK-VAN-S",
            "dms_distributor_id": cls.distributor_south.id})
        cls.saleable_south = cls.distributor_south._dms_bucket_location("saleable")
        cls._add_stock(cls.soap, cls.saleable_south, 40, cls.distributor_south)
        cls._add_stock(cls.soap, cls.saleable, 40, cls.distributor)

    def test_rep_cannot_open_session_on_another_distributors_van(self):
        Session = self.env["dms.van.session"].with_user(self.rep)
        with self.assertRaises(ValidationError) as caught:
            Session.create({"vehicle_id": self.van_south.id,
                            "load_line_ids": [(0, 0, {"product_id": self.soap.id, "quantity": 40})]})
        self.assertIn("DHK-VAN-S", str(caught.exception))
        own = Session.create({"vehicle_id": self.van.id,
                              "load_line_ids": [(0, 0, {"product_id": self.soap.id, "quantity": 5})]})
        with self.assertRaises(ValidationError):
            own.write({"vehicle_id": self.van_south.id})
        self.assertFalse(self.env["dms.van.session"].search([("vehicle_id", "=", self.van_south.id)]))
        self.assertEqual(self._quantity(self.soap, self.saleable_south), 40)

    def test_rep_cannot_load_a_session_on_another_distributors_van(self):
        session = self.env["dms.van.session"].create({
            "vehicle_id": self.van_south.id, "user_id": self.rep.id,
            "load_line_ids": [(0, 0, {"product_id": self.soap.id, "quantity": 40})]})
        with self.assertRaises(ValidationError) as caught:
            session.with_user(self.rep).action_load()
        self.assertIn("South Traders", str(caught.exception))
        self.assertEqual(session.state, "draft")
        self.assertEqual(self._quantity(self.soap, self.saleable_south), 40)
        self.assertEqual(self._quantity(self.soap, self.van_south.dms_van_location_id), 0)

    def test_van_cannot_change_once_loaded(self):
        session = self.env["dms.van.session"].with_user(self.rep).create({
            "vehicle_id": self.van.id, "load_line_ids": [(0, 0, {"product_id": self.soap.id, "quantity": 5})]})
        session.action_load()
        other_van = self.env["fleet.vehicle"].create({
            "model_id": self.van.model_id.id, "license_plate": "DHK-VAN-2", "dms_distributor_id": self.distributor.id})
        with self.assertRaises(UserError) as caught:
            session.write({"vehicle_id": other_van.id})
        self.assertIn("Van", str(caught.exception))
        self.assertEqual(session.vehicle_id, self.van)
        self.assertEqual(self._quantity(self.soap, self.van_location), 5)

    def test_rep_loads_own_van(self):
        session = self.env["dms.van.session"].with_user(self.rep).create({
            "vehicle_id": self.van.id, "load_line_ids": [(0, 0, {"product_id": self.soap.id, "quantity": 5})]})
        session.action_load()
        self.assertEqual(self._quantity(self.soap, self.saleable), 35)
        self.assertEqual(self._quantity(self.soap, self.saleable_south), 40)
