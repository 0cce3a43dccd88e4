import logging

from odoo.tests import tagged

from .common import DmsInventoryCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestFulfilmentQueries(DmsInventoryCommon):
    """Confirm + deliver in batches: what this module adds costs the same queries whatever the
    number of orders (one quant lock and one availability read per source location, one backorder
    search, no reordering-rule search per move, no unreserve/re-reserve of every line for its
    owner, no quant search or lock query per line, the move lines of a batch created at once).
    What is left per line is core's (its quant at the outlet's location), so a batch grows by a
    fixed amount per line and nothing per order beyond that."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.distributor.dms_backorder_policy = "error"
        cls.products = cls.env["product.product"].create([
            {"name": "Query soap %d" % i, "is_storable": True, "list_price": 10 + i} for i in range(6)])
        for product in cls.products:
            cls._stock(product, 1000)
        cls.outlets = cls.outlet | cls.outlet_2

    def _orders(self, count, lines):
        return self.env["dms.secondary.order"].create([{
            "distributor_id": self.distributor.id, "partner_id": self.outlets[n % 2].id,
            "line_ids": [(0, 0, {"product_id": p.id, "product_uom_qty": 2}) for p in self.products[:lines]],
        } for n in range(count)])

    def _fulfil_queries(self, orders):
        self.env.flush_all()
        self.env.invalidate_all()
        count0 = self.cr.sql_log_count
        orders.action_confirm()
        orders.action_deliver()
        self.env.flush_all()
        count = self.cr.sql_log_count - count0
        self.assertEqual(set(orders.mapped("state")), {"delivered"})
        self.assertEqual(set(orders.picking_ids.mapped("state")), {"done"})
        return count

    def test_batch_grows_per_line_only(self):
        self._fulfil_queries(self._orders(2, 1))  # warm the caches, for both outlets (PER_ORDER)
        one = self._fulfil_queries(self._orders(1, 1))
        per_line = self._fulfil_queries(self._orders(1, 2)) - one
        per_order = self._fulfil_queries(self._orders(2, 1)) - one
        big = self._fulfil_queries(self._orders(6, 3))
        _logger.info("confirm+deliver queries: 1x1 %s, +1 line %s, +1 order %s, 6x3 %s",
                     one, per_line, per_order, big)
        # an order of one line costs what core's move line costs plus its picking: a fixed amount
        self.assertLessEqual(per_order, PER_ORDER)
        self.assertLessEqual(per_line, PER_LINE)
        # 6 orders of 3 lines: 5 more orders and 12 more lines than one order of one line, nothing else
        self.assertLessEqual(big, one + 5 * per_order + 12 * per_line)

    def test_batch_query_count(self):
        self._fulfil_queries(self._orders(1, 1))  # warm the caches
        orders = self._orders(6, 3)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=BATCH_6X3):
            orders.action_confirm()
            orders.action_deliver()
            self.env.flush_all()
        self.assertEqual(orders.line_ids.mapped("qty_delivered"), [2.0] * 18)


# measured: a line of a product never delivered before costs the distributor's first quant of it
# at the outlets' location (created, then read); another order of one line, its picking's name
# and moves. The distributor's quants, where the goods leave and where they arrive, are locked
# once, then searched and moved out of a pool with no query per line (see stock.quant._gather).
PER_ORDER = 2
PER_LINE = 5
BATCH_6X3 = 85
