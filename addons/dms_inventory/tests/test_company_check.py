from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestCompanyCheckOnce(DmsInventoryCommon):
    """Core's company check on a batch of moves runs once per distinct value (company_check.py)
    and still refuses any move linked to another company's record, wherever it is in the batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Bench Company"})
        cls.soaps = cls.env["product.product"].create([
            {"name": "Check soap %d" % i, "is_storable": True} for i in range(3)])
        cls.foreign = cls.env["product.product"].create({
            "name": "Foreign soap", "is_storable": True, "company_id": cls.other_company.id})

    def _moves(self, products):
        return self.env["stock.move"].create([{
            "name": product.name, "product_id": product.id, "product_uom_qty": 1,
            "product_uom": product.uom_id.id, "location_id": self.saleable.id,
            "location_dest_id": self.outlet.property_stock_customer.id, "company_id": self.company.id,
        } for product in products])

    def test_foreign_record_refused_anywhere_in_the_batch(self):
        ours = self._moves(list(self.soaps) * 3)
        ours._check_company()  # nine moves, three products: passes
        for position in (0, 4, 9):
            products = list(self.soaps) * 3
            products.insert(position, self.foreign)
            moves = self._moves(products)
            with self.assertRaises(UserError) as caught:
                moves._check_company()
            self.assertIn("Foreign soap", str(caught.exception))
            with self.assertRaises(UserError):
                moves._action_confirm()
