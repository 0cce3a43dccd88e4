import datetime
from datetime import timedelta

from odoo import fields

from odoo.addons.dms_sales.tests.common import DmsSalesCommon


class DmsInventoryCommon(DmsSalesCommon):
    """The DMS fixture plus a stock-managed distributor, a lot-tracked product with expiry dates and
    helpers to put stock where a test needs it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.distributor.dms_stock_managed = True
        cls.distributor_south.dms_stock_managed = True
        cls.saleable = cls.distributor._dms_bucket_location("saleable")
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.biscuit = cls.env["product.product"].create({
            "name": "Biscuit 50g", "default_code": "BISC", "list_price": 20, "standard_price": 12,
            "is_storable": True, "tracking": "lot", "use_expiration_date": True,
        })
        now = fields.Datetime.now()
        # created first, but expires last: FEFO must not take it first
        cls.lot_late, cls.lot_early = cls.env["stock.lot"].create([
            {"name": "BISC-LATE", "product_id": cls.biscuit.id, "expiration_date": now + timedelta(days=300)},
            {"name": "BISC-EARLY", "product_id": cls.biscuit.id, "expiration_date": now + timedelta(days=60)},
        ])

    @classmethod
    def _stock(cls, product, qty, distributor=None, bucket="saleable", lot=None, owner=True):
        distributor = distributor or cls.distributor
        cls.env["stock.quant"]._update_available_quantity(
            product, distributor._dms_bucket_location(bucket), qty, lot_id=lot,
            owner_id=distributor if owner else None)

    def _qty(self, product, bucket="saleable", distributor=None, lot=None):
        distributor = distributor or self.distributor
        domain = [("product_id", "=", product.id),
                  ("location_id", "=", distributor._dms_bucket_location(bucket).id)]
        if lot:
            domain.append(("lot_id", "=", lot.id))
        return sum(self.env["stock.quant"].search(domain).mapped("quantity"))

    def _company_receipt(self, product, qty, lot=None):
        """Goods the company buys into its own warehouse: a real, valued receipt."""
        return self.env["stock.picking"]._dms_create_done(
            self.warehouse.in_type_id, self.env.ref("stock.stock_location_suppliers"), self.warehouse.lot_stock_id,
            self.env["res.partner"], [{"product": product, "qty": qty, "lot": lot}])

    def _primary_delivery(self, lines, distributor=None):
        """Sell to the distributor and validate the delivery in full; returns the delivery."""
        order = self.env["sale.order"].create({
            "partner_id": (distributor or self.distributor).id,
            "order_line": [fields.Command.create({"product_id": p.id, "product_uom_qty": q, "price_unit": price})
                           for p, q, price in lines],
        })
        order.action_confirm()
        delivery = order.picking_ids
        delivery.action_assign()
        for move in delivery.move_ids:
            self.assertEqual(move.quantity, move.product_uom_qty, "the company has the stock to ship")
        delivery.move_ids.picked = True
        delivery.with_context(skip_sms=True).button_validate()
        self.assertEqual(delivery.state, "done")
        return delivery

    @classmethod
    def _stock_at(cls, distributor, product, qty, bucket="saleable", lot=None, owner=True):
        location = distributor._dms_bucket_location(bucket)
        cls.env["stock.quant"]._update_available_quantity(
            product, location, qty, lot_id=lot, owner_id=distributor if owner else None)
        return location

    @classmethod
    def _delivered_sales(cls, outlet, product, daily_qty, days, today=None):
        """One delivered secondary order a day, at noon UTC, for each of the last `days` days."""
        today = today or fields.Date.context_today(cls.env.user)
        orders = cls.env["dms.secondary.order"].create([{
            "distributor_id": outlet.dms_distributor_id.id, "partner_id": outlet.id,
            "date_order": datetime.datetime.combine(today - datetime.timedelta(days=k), datetime.time(12)),
            "line_ids": [(0, 0, {"product_id": product.id, "product_uom_qty": daily_qty})],
        } for k in range(1, days + 1)])
        # as delivered as the delivery flow would leave them, without depending on that flow here
        orders.write({"state": "delivered"})
        for line in orders.line_ids:
            line.qty_delivered = line.product_uom_qty
        return orders
