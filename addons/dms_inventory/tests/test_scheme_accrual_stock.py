from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestSchemeAccrualStock(DmsInventoryCommon):
    """Scheme accruals follow the distributor's real stock moves: a partial delivery accrues what
    left the shelf, its backorder the rest, an outlet return accrues back its own units."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["account.account"]
        cls.liability = Account.create({"name": "Accrued scheme liability S", "code": "DMSALS1",
                                        "account_type": "liability_current"})
        cls.expense = Account.create({"name": "Trade scheme expense S", "code": "DMSAES1", "account_type": "expense"})
        cls.journal = cls.env["account.journal"].create({
            "name": "Scheme accruals S", "code": "DAS1", "type": "general"})
        cls.company.write({"dms_scheme_accrual_account_id": cls.liability.id,
                           "dms_scheme_accrual_journal_id": cls.journal.id})
        cls.env["dms.scheme"].create({
            "name": "Soap 10% off", "rule_type": "qty_slab", "product_ids": [Command.set(cls.soap.ids)],
            "account_id": cls.expense.id, "slab_ids": [Command.create({"threshold": 1, "discount_value": 10})]})
        cls.distributor.dms_backorder_policy = "backorder"
        cls.staff = new_test_user(cls.env, "dms_accrual_staff",
                                  groups="base.group_user,dms_sales.group_dms_distributor")
        cls.staff.partner_id.parent_id = cls.distributor

    def _accrued(self, order):
        moves = self.env["account.move"].search([("dms_accrual_order_id", "=", order.id)], order="id")
        return [sum(moves_line.balance for moves_line in move.line_ids if moves_line.account_id == self.liability)
                for move in moves]

    def test_partial_delivery_backorder_and_return(self):
        self._stock(self.soap, 4)
        # 10 soaps at 35, 10% off: 35 of benefit, 3.50 a unit
        order = self._create_order(lines=[(self.soap, 10)])
        order.action_confirm()
        order.action_deliver()
        line = order.line_ids
        self.assertEqual((order.state, line.qty_delivered), ("delivered", 4))
        self.assertEqual(self._accrued(order), [-14.0], "4 of 10 left the shelf: 4/10 of the benefit")
        backorder = order.picking_ids.filtered(lambda p: p.state != "done")
        self._stock(self.soap, 6)
        backorder.action_assign()
        backorder.move_ids.picked = True
        backorder.button_validate()
        self.assertEqual(line.qty_delivered, 10)
        self.assertEqual(self._accrued(order), [-14.0, -21.0], "the backorder accrues the rest only")

        form = Form(self.env["dms.stock.return"].with_user(self.staff))
        form.partner_id = self.outlet
        form.secondary_order_id = order
        with form.line_ids.new() as ret_line:
            ret_line.product_id = self.soap
            ret_line.qty = 2
            ret_line.reason_id = self.env.ref("dms_inventory.return_reason_saleable")
        form.save().with_user(self.staff).action_validate()
        self.assertEqual(self._accrued(order), [-14.0, -21.0, 7.0], "2 returned: 7 accrued back, by distributor staff")
        self.assertEqual(line.accrued_amount, 28.0)
