import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import tagged
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import SQL, mute_logger


@tagged("post_install", "-at_install", "concurrency")
class TestFulfilmentConcurrency(BaseCase):
    """Two secondary orders confirmed at the same time for the last units of a distributor's stock:
    the second waits for the first's lock on the quants, and once the first commits it is refused.
    Real cursors on committed data, cleaned up afterwards."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.patch(Registry, "_lock", DummyRLock())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            territory = env["dms.territory"].create({"name": "Stock race territory"})
            distributor = env["res.partner"].create({
                "name": "Stock Race Distribution", "is_company": True, "dms_role": "distributor",
                "dms_covered_territory_ids": [Command.set(territory.ids)], "dms_stock_managed": True})
            outlet = env["res.partner"].create({
                "name": "Stock Race Outlet", "is_company": True, "dms_role": "outlet",
                "dms_territory_id": territory.id, "dms_distributor_id": distributor.id})
            product = env["product.product"].create({"name": "Stock Race Soap", "is_storable": True})
            env["stock.quant"]._update_available_quantity(
                product, distributor._dms_bucket_location("saleable"), 5, owner_id=distributor)
            orders = env["dms.secondary.order"].create([{
                "distributor_id": distributor.id, "partner_id": outlet.id,
                "line_ids": [Command.create({"product_id": product.id, "product_uom_qty": 4})]} for __ in range(2)])
            self.ids = {"orders": orders.ids, "partners": (outlet | distributor).ids, "territory": territory.id,
                        "product": product.id, "location": distributor.dms_stock_location_id.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr, mute_logger("odoo.sql_db"):
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            orders = env["dms.secondary.order"].browse(self.ids["orders"])
            orders.filtered(lambda o: o.state != "cancel").action_cancel()
            orders.picking_ids.unlink()
            orders.unlink()
            cr.execute(SQL("DELETE FROM stock_quant WHERE product_id = %s", self.ids["product"]))
            env.invalidate_all()
            for records in (env["product.product"].browse(self.ids["product"]),
                            env["res.partner"].browse(self.ids["partners"]),
                            env["dms.territory"].browse(self.ids["territory"])):
                try:
                    with cr.savepoint():
                        records.unlink()
                except Exception:  # archived instead: locations hang on the distributor
                    records.write({"active": False})

    def test_last_units_confirmed_once(self):
        order_1, order_2 = self.ids["orders"]
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {"tracking_disable": True})
            env2 = api.Environment(cr2, SUPERUSER_ID, {"tracking_disable": True})
            env1["dms.secondary.order"].browse(order_1).action_confirm()  # holds the quant lock
            cr2.execute("SET LOCAL lock_timeout = '300ms'")
            with self.assertRaises(psycopg2.errors.LockNotAvailable), mute_logger("odoo.sql_db"):
                env2["dms.secondary.order"].browse(order_2).action_confirm()
            cr2.rollback()
            cr1.commit()
            # the retried transaction sees what the first one reserved
            env2.invalidate_all()
            with self.assertRaisesRegex(UserError, "1.0 Units available, 4.0 Units asked"):
                env2["dms.secondary.order"].browse(order_2).action_confirm()
            cr2.rollback()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["dms.secondary.order"].browse(self.ids["orders"])
            self.assertEqual(orders.mapped("state"), ["confirmed", "draft"])
            quants = env["stock.quant"].search([("product_id", "=", self.ids["product"])])
            self.assertEqual(sum(quants.mapped("quantity")), 5)
            self.assertEqual(sum(quants.mapped("reserved_quantity")), 4)
            self.assertTrue(all(q.quantity >= 0 for q in quants))
