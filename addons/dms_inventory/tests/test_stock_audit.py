from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestStockAudit(DmsInventoryCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.saleable = cls._stock_at(cls.distributor, cls.soap, 50)
        cls._stock_at(cls.distributor, cls.shampoo, 8)
        cls._stock_at(cls.distributor, cls.soap, 7, owner=False)  # principal's stock in the same place
        cls._stock_at(cls.distributor, cls.soap, 4, bucket="damaged")  # bucket not counted
        groups = "base.group_user,dms_sales.group_dms_distributor"
        cls.clerk = new_test_user(cls.env, "audit_clerk", groups=groups)
        cls.clerk.partner_id.parent_id = cls.distributor
        cls.south_clerk = new_test_user(cls.env, "south_clerk", groups=groups)
        cls.south_clerk.partner_id.parent_id = cls.distributor_south

    def _quant_qty(self, product, owner, location=None):
        return sum(self.env["stock.quant"].search([
            ("product_id", "=", product.id), ("location_id", "=", (location or self.saleable).id),
            ("owner_id", "=", owner.id if owner else False)]).mapped("quantity"))

    def _start(self, user=None):
        form = Form(self.env["dms.stock.audit"].with_user(user or self.clerk))
        audit = form.save()
        self.assertEqual(audit.distributor_id, self.distributor, "a clerk counts for their own distributor")
        self.assertEqual(audit.location_ids, self.saleable, "the saleable bucket by default")
        audit.action_start()
        return audit

    def test_count_and_apply_owned_stock_only(self):
        audit = self._start()
        self.assertEqual(audit.state, "in_progress")
        expected = {ln.product_id: ln.expected_qty for ln in audit.line_ids}
        self.assertEqual(expected, {self.soap: 50, self.shampoo: 8}, "owner-stamped saleable stock only")
        soap_index = audit.line_ids.ids.index(audit.line_ids.filtered(lambda ln: ln.product_id == self.soap).id)
        with Form(audit) as form:
            with form.line_ids.edit(soap_index) as line:
                self.assertEqual(line.product_id, self.soap)
                line.counted_qty = 45
        soap_line = audit.line_ids.filtered(lambda ln: ln.product_id == self.soap)
        self.assertEqual((soap_line.variance_qty, soap_line.variance_value), (-5, -5 * self.soap.standard_price))
        with self.assertRaises(AccessError, msg="distributor staff count, supervisors apply"):
            audit.with_user(self.clerk).action_apply()
        layers = "stock.valuation.layer" in self.env and self.env["stock.valuation.layer"].search_count([])
        audit.with_user(self.supervisor).action_apply()
        self.assertEqual(audit.state, "done")
        self.assertEqual(self._quant_qty(self.soap, self.distributor), 45)
        self.assertEqual(self._quant_qty(self.soap, None), 7, "the principal's quant is untouched")
        self.assertEqual(self._quant_qty(self.shampoo, self.distributor), 8, "uncounted lines are not adjusted")
        move = audit.move_ids
        self.assertEqual((move.product_qty, move.restrict_partner_id, move.move_line_ids.owner_id),
                         (5, self.distributor, self.distributor))
        self.assertTrue(move.is_inventory)
        if layers is not False:
            self.assertEqual(self.env["stock.valuation.layer"].search_count([]), layers,
                             "distributor-owned stock is outside the principal's valuation")
        with self.assertRaises(UserError):
            audit.action_apply()
        with self.assertRaises(UserError):
            soap_line.counted_qty = 40

    def test_surplus_on_new_lot_line(self):
        audit = self._start()
        self.env["dms.stock.audit.line"].with_user(self.clerk).create({
            "audit_id": audit.id, "product_id": self.shampoo.id, "location_id": self.saleable.id,
            "counted_qty": 3})  # not counted in the snapshot line: a second line, the snapshot one stays
        self.assertEqual(len(audit.line_ids), 3)
        audit.line_ids.filtered(lambda ln: ln.expected_qty == 8).counted_qty = 8
        audit.with_user(self.supervisor).action_apply()
        self.assertEqual(self._quant_qty(self.shampoo, self.distributor), 11)

    def test_stock_moved_since_snapshot(self):
        audit = self._start()
        audit.line_ids.write({"counted_qty": 10})
        self._stock_at(self.distributor, self.soap, 3)  # a receipt during the count
        with self.assertRaisesRegex(UserError, "stock moved since the snapshot"):
            audit.with_user(self.supervisor).action_apply()
        audit.action_refresh_expected()
        soap_line = audit.line_ids.filtered(lambda ln: ln.product_id == self.soap)
        self.assertEqual((soap_line.expected_qty, soap_line.counted_qty), (53, 10))
        audit.with_user(self.supervisor).action_apply()
        self.assertEqual(self._quant_qty(self.soap, self.distributor), 10)

    def test_distributor_staff_see_own_audits_only(self):
        audit = self._start()
        Audit = self.env["dms.stock.audit"]
        self.assertFalse(Audit.with_user(self.south_clerk).search([("id", "=", audit.id)]))
        with self.assertRaises(AccessError):
            audit.with_user(self.south_clerk).read(["name"])
        with self.assertRaises(AccessError):
            audit.line_ids[:1].with_user(self.south_clerk).counted_qty = 1
        with self.assertRaises(AccessError):
            Audit.with_user(self.south_clerk).create({"distributor_id": self.distributor.id})
        with self.assertRaises(AccessError):
            self.saleable.with_user(self.south_clerk).read(["name"])
        self.assertEqual(self.env["stock.location"].with_user(self.south_clerk).search(
            [("dms_distributor_id", "!=", False)]).dms_distributor_id, self.distributor_south)
        self.assertEqual(Audit.with_user(self.supervisor).search([("id", "=", audit.id)]), audit)
        with self.assertRaises(AccessError):
            Audit.with_user(self.rep).search([])
