from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestGoodsReceipt(DmsInventoryCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(cls.env, "dms_inv_staff", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.staff.partner_id.parent_id = cls.distributor
        cls.staff_south = new_test_user(
            cls.env, "dms_inv_staff_s", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.staff_south.partner_id.parent_id = cls.distributor_south

    def _receipt(self, distributor=None):
        self._company_receipt(self.soap, 50)
        self._company_receipt(self.biscuit, 30, lot=self.lot_early)
        delivery = self._primary_delivery([(self.soap, 20, 30.0), (self.biscuit, 10, 15.0)], distributor)
        receipt = self.env["dms.goods.receipt"].search([("delivery_id", "=", delivery.id)])
        self.assertEqual(len(receipt), 1)
        return receipt

    def test_delivery_creates_pending_receipt_in_transit(self):
        receipt = self._receipt()
        self.assertEqual(receipt.state, "pending")
        self.assertEqual(receipt.distributor_id, self.distributor)
        self.assertEqual({(line.product_id, line.lot_id, line.qty_shipped) for line in receipt.line_ids},
                         {(self.soap, self.env["stock.lot"], 20), (self.biscuit, self.lot_early, 10)})
        self.assertEqual(self._qty(self.soap, "transit"), 20)
        self.assertEqual(self._qty(self.biscuit, "transit", lot=self.lot_early), 10)
        transit = self.distributor._dms_bucket_location("transit")
        quants = self.env["stock.quant"].search([("location_id", "=", transit.id)])
        self.assertEqual(quants.owner_id, self.distributor, "the distributor owns the goods from shipment on")

    def test_confirm_with_shortage_and_damage_then_claim(self):
        receipt = self._receipt()
        with Form(receipt.with_user(self.staff)) as form:
            with form.line_ids.edit(0) as line:  # soap
                line.qty_received = 17
                line.qty_damaged = 2
        receipt.with_user(self.staff).action_confirm()
        self.assertEqual(receipt.state, "confirmed")
        self.assertEqual(receipt.confirmed_by_id, self.staff)
        self.assertEqual(self._qty(self.soap, "saleable"), 15)
        self.assertEqual(self._qty(self.soap, "damaged"), 2)
        self.assertEqual(self._qty(self.soap, "transit"), 0)
        self.assertEqual(self._qty(self.biscuit, "saleable", lot=self.lot_early), 10)
        self.assertTrue(receipt.has_discrepancy)
        # the discrepancy list shows the soap line only
        action = self.env.ref("dms_inventory.dms_goods_receipt_line_action_discrepancy")
        self.assertIn("search_default_discrepancy", action.context)
        discrepancies = self.env["dms.goods.receipt.line"].search(
            [("has_discrepancy", "=", True), ("receipt_id", "=", receipt.id)])
        self.assertEqual(discrepancies.product_id, self.soap)
        self.assertEqual((discrepancies.qty_short, discrepancies.qty_damaged), (3, 2))
        self.assertEqual(receipt.amount_discrepancy, 5 * 30.0)

        receipt.with_user(self.staff).action_create_claim()
        claim = receipt.claim_id
        self.assertEqual(claim.distributor_id, self.distributor)
        self.assertEqual(claim.state, "draft")
        self.assertEqual(sorted(claim.line_ids.mapped(lambda cl: (cl.source, cl.amount))),
                         [("grn_damage", 60.0), ("grn_shortage", 90.0)])
        with self.assertRaises(UserError):
            receipt.action_create_claim()
        with self.assertRaises(ValidationError):
            receipt.line_ids[0].qty_received = 20  # locked once confirmed

    def test_quantities_are_checked(self):
        receipt = self._receipt()
        receipt.line_ids[0].qty_received = 25
        with self.assertRaisesRegex(ValidationError, "between 0 and the 20.0 shipped"):
            receipt.action_confirm()
        receipt.line_ids[0].write({"qty_received": 20, "qty_damaged": 21})
        with self.assertRaisesRegex(ValidationError, "Damaged"):
            receipt.action_confirm()

    def test_distributor_staff_confirm_only_their_receipts(self):
        receipt = self._receipt()
        receipt_south = self._receipt(self.distributor_south)
        Receipt = self.env["dms.goods.receipt"]
        self.assertEqual(Receipt.with_user(self.staff).search([]), receipt)
        self.assertEqual(Receipt.with_user(self.staff_south).search([]), receipt_south)
        with self.assertRaises(AccessError):
            receipt_south.with_user(self.staff).action_confirm()
        with self.assertRaises(AccessError):
            receipt_south.line_ids.with_user(self.staff).read(["qty_shipped"])
        # reps and supervisors of the territories the distributor covers read its receipts; reps of
        # sub-territories do not (they see the outlets' returns instead); reps cannot confirm
        self.assertEqual(Receipt.with_user(self.supervisor).search([]), receipt)
        self.assertFalse(Receipt.with_user(self.rep).search([]))
        self.region.user_ids = [(4, self.rep.id)]
        self.env.flush_all()  # as at the end of the request assigning the rep
        self.assertEqual(Receipt.with_user(self.rep).search([]), receipt)
        with self.assertRaises(AccessError):
            receipt.with_user(self.rep).action_confirm()
        ours = [("distributor_id", "in", (self.distributor | self.distributor_south).ids)]
        self.assertEqual(Receipt.with_user(self.manager).search(ours), receipt | receipt_south)

    def test_other_company_receipts_hidden(self):
        receipt = self._receipt()
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.manager.write({"company_ids": [(4, other_company.id)], "company_id": other_company.id})
        self.assertFalse(self.env["dms.goods.receipt"].with_user(self.manager).with_context(
            allowed_company_ids=other_company.ids).search([("id", "=", receipt.id)]))
        self.assertTrue(self.env["dms.goods.receipt"].with_user(self.manager).with_context(
            allowed_company_ids=self.company.ids).search([("id", "=", receipt.id)]))


@tagged("post_install", "-at_install")
class TestDistributorStockNotValued(DmsInventoryCommon):
    """Distributor stock belongs to the distributor: the company's automated valuation never sees it,
    while the company's own stock moves are valued as usual."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["account.account"]
        valuation, stock_in, stock_out = Account.create([
            {"name": "DMS Stock Valuation", "code": "DMS1001", "account_type": "asset_current"},
            {"name": "DMS Stock Input", "code": "DMS1002", "account_type": "asset_current"},
            {"name": "DMS Stock Output", "code": "DMS1003", "account_type": "asset_current"},
        ])
        journal = cls.env["account.journal"].create({"name": "DMS Stock Journal", "code": "DMSSJ", "type": "general"})
        cls.categ = cls.env["product.category"].create({
            "name": "Real-time valued", "property_cost_method": "fifo", "property_valuation": "real_time",
            "property_stock_valuation_account_id": valuation.id, "property_stock_account_input_categ_id": stock_in.id,
            "property_stock_account_output_categ_id": stock_out.id, "property_stock_journal": journal.id,
        })
        (cls.soap | cls.biscuit).write({"categ_id": cls.categ.id, "standard_price": 10})
        cls.distributor.dms_backorder_policy = "error"

    def _layers(self, pickings):
        return self.env["stock.valuation.layer"].search([("stock_move_id", "in", pickings.move_ids.ids)])

    def _entries(self, pickings):
        return self.env["account.move"].search([("stock_move_id", "in", pickings.move_ids.ids)])

    def test_distributor_flows_create_no_valuation(self):
        self.assertEqual(self.soap.valuation, "real_time")
        company_in = self._company_receipt(self.soap, 50)
        delivery = self._primary_delivery([(self.soap, 20, 30.0)])
        # control: the company's own stock is valued on the way in and on the way out
        self.assertEqual(len(self._layers(company_in)), 1)
        self.assertEqual(len(self._entries(company_in)), 1)
        self.assertEqual(self._layers(delivery).quantity, -20)
        self.assertEqual(len(self._entries(delivery)), 1)

        receipt = self.env["dms.goods.receipt"].search([("delivery_id", "=", delivery.id)])
        receipt.line_ids.qty_damaged = 1
        receipt.action_confirm()
        order = self._create_order(lines=[(self.soap, 6)])
        order.action_confirm()
        order.action_deliver()
        ret = self.env["dms.stock.return"].create({
            "partner_id": self.outlet.id, "distributor_id": self.distributor.id, "secondary_order_id": order.id,
            "line_ids": [(0, 0, {"product_id": self.soap.id, "qty": 2,
                                 "reason_id": self.env.ref("dms_inventory.return_reason_damaged").id})],
        })
        ret.action_validate()
        distributor_pickings = receipt.picking_ids | order.picking_ids | ret.picking_ids
        self.assertEqual(len(distributor_pickings), 5, "in transit, put away (good, damaged), delivery, return")
        self.assertTrue(all(p.state == "done" for p in distributor_pickings))
        self.assertFalse(self._layers(distributor_pickings))
        self.assertFalse(self._entries(distributor_pickings))
        self.assertEqual(distributor_pickings.move_line_ids.owner_id, self.distributor)
        self.assertEqual(self._qty(self.soap), 13)
        self.assertEqual(self._qty(self.soap, "damaged"), 3)
        # the company's valuation only knows its own 30 units left
        self.assertEqual(self.soap.quantity_svl, 30)
