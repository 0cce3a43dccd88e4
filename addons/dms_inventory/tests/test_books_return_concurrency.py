from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dms_sales.guard import dms_system_write
from odoo.addons.dms_sales.tests.common import DmsConcurrencyCase


@tagged("post_install", "-at_install", "concurrency")
class TestReturnCreditNoteRace(DmsConcurrencyCase):
    """Two users credit the same outlet return at the same moment: one credit note. The distributor
    is a company depot (credited in the company's own books); committed data cleaned up afterwards.
    The order's delivery and the return's goods are set as their flows set them: the race is on the
    credit note, not on stock."""

    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            territory = env["dms.territory"].create({"name": "Credit race territory"})
            distributor = env["res.partner"].create({
                "name": "Credit Race Depot", "is_company": True, "dms_role": "distributor", "dms_books": "depot",
                "dms_covered_territory_ids": [Command.set(territory.ids)]})
            outlet = env["res.partner"].create({
                "name": "Credit Race Outlet", "is_company": True, "dms_role": "outlet",
                "dms_territory_id": territory.id, "dms_distributor_id": distributor.id})
            product = env["product.product"].create({"name": "Credit Race Soap", "list_price": 40,
                                                      "taxes_id": [Command.clear()]})
            order = env["dms.secondary.order"].create({
                "distributor_id": distributor.id, "partner_id": outlet.id, "pricelist_id": False,
                "line_ids": [Command.create({"product_id": product.id, "product_uom_qty": 10})]})
            order.action_confirm()
            with dms_system_write():
                order.write({"state": "delivered"})
                order.line_ids.qty_delivered = 10
            order._dms_bill()
            ret = env["dms.stock.return"].create({
                "partner_id": outlet.id, "distributor_id": distributor.id, "secondary_order_id": order.id,
                "line_ids": [Command.create({"product_id": product.id, "qty": 3,
                                             "reason_id": env.ref("dms_inventory.return_reason_damaged").id})]})
            with dms_system_write():
                ret.state = "done"
            self.ids = {"order": order.id, "return": ret.id, "partners": (outlet | distributor).ids,
                        "territory": territory.id, "product": product.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.committed_env() as env, mute_logger("odoo.sql_db"):
            order = env["dms.secondary.order"].browse(self.ids["order"])
            ret = env["dms.stock.return"].browse(self.ids["return"])
            moves = order.invoice_ids | ret.credit_note_ids
            moves.button_draft()
            moves.with_context(force_delete=True).unlink()
            with dms_system_write():
                ret.state = "draft"
                order.write({"state": "cancel"})
            ret.unlink()
            order.unlink()
            self.unlink_or_archive(env, [self.ids["product"]], self.ids["partners"], [self.ids["territory"]], [])

    def test_two_users_credit_once(self):
        return_id = self.ids["return"]
        self.meet_at("dms.stock.return", "action_create_credit_note")
        results = self.run_concurrently(*(
            lambda env: env["dms.stock.return"].browse(return_id).action_create_credit_note().ids
            for __ in range(2)))
        self.assertFalse([r for r in results if isinstance(r, Exception)], results)
        self.assertEqual(sorted(len(ids) for ids in results), [0, 1], "one credit note, the other found it")
        with self.committed_env() as env:
            ret = env["dms.stock.return"].browse(return_id)
            self.assertEqual(len(ret.credit_note_ids), 1)
            self.assertEqual(ret.credit_note_ids.state, "posted")
            self.assertAlmostEqual(ret.credit_note_ids.amount_total, 3 * 40)
