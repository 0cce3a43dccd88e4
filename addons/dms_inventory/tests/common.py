import datetime

from odoo import fields

from odoo.addons.dms_sales.tests.common import DmsSalesCommon


class DmsInventoryCommon(DmsSalesCommon):
    """DmsSalesCommon plus helpers to put distributor stock and delivered sales in place."""

    @classmethod
    def _stock(cls, distributor, product, qty, bucket="saleable", lot=None, owner=True):
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
