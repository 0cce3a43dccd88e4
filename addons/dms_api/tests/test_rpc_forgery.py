from xmlrpc.client import Fault

from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import DmsApiCommon


@tagged("post_install", "-at_install")
class TestRpcForgery(DmsApiCommon):
    """The integrity reproductions over the wire: JSON-RPC as the logged-in attacker and XML-RPC,
    then the database re-read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receipt = cls.env["dms.demo.loader"]._load_demo_goods_receipt(cls.distributor, {cls.soap: 120})
        cls.line = cls.receipt.line_ids
        cls.staff = new_test_user(
            cls.env, "dms_rpc_staff", groups="base.group_user,dms_sales.group_dms_distributor",
            partner_id=cls.env["res.partner"].create({"name": "Clerk", "parent_id": cls.distributor.id}).id)

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request("/web/dataset/call_kw/%s/%s" % (model, method), {
            "model": model, "method": method, "args": args, "kwargs": kwargs or {}})

    def _xmlrpc(self, user, model, method, *args):
        return self.xmlrpc_object.execute(self.env.cr.dbname, user.id, user.login, model, method, *args)

    def _assert_receipt_untouched(self):
        self.receipt.invalidate_recordset()
        self.line.invalidate_recordset()
        self.assertEqual((self.receipt.state, self.receipt.claim_id.id), ("pending", False))
        self.assertEqual((self.line.qty_shipped, self.line.qty_received), (120, 120))

    @mute_logger("odoo.http")
    def test_portal_user_json_rpc(self):
        """dms_meghna's reproduction: a portal user raised a receipt line's shipped quantity over
        RPC and confirmed, for a 4-million shortage claim."""
        self.authenticate("dms_dist_staff", "dms_dist_staff")
        for model, record, vals in (
                ("dms.goods.receipt.line", self.line, {"qty_shipped": 100000}),
                ("dms.goods.receipt.line", self.line, {"qty_received": 1}),
                ("dms.goods.receipt", self.receipt, {"state": "confirmed"}),
        ):
            with self.assertRaises(JsonRpcException) as cm:
                self._call_kw(model, "write", [record.ids, vals])
            self.assertEqual(str(cm.exception), "odoo.exceptions.AccessError")
        with self.assertRaises(JsonRpcException):
            self._call_kw("dms.goods.receipt", "action_confirm", [self.receipt.ids])
        with self.assertRaises(JsonRpcException):
            self._call_kw("dms.secondary.order", "create", [{
                "distributor_id": self.distributor.id, "partner_id": self.outlet.id}])
        self._assert_receipt_untouched()

    @mute_logger("odoo.http")
    def test_portal_user_xml_rpc(self):
        portal = self.distributor_user
        for vals in ({"qty_shipped": 100000}, {"qty_received": 5}):
            with self.assertRaises(Fault):
                self._xmlrpc(portal, "dms.goods.receipt.line", "write", self.line.ids, vals)
        with self.assertRaises(Fault):
            self._xmlrpc(portal, "dms.goods.receipt", "write", self.receipt.ids, {"state": "confirmed"})
        self._assert_receipt_untouched()

    @mute_logger("odoo.http")
    def test_internal_staff_xml_rpc(self):
        """dist_padma's reproductions: receipt shipped quantity, receipt back to pending after
        confirmation, an order straight to delivered."""
        with self.assertRaises(Fault) as cm:
            self._xmlrpc(self.staff, "dms.goods.receipt.line", "write", self.line.ids, {"qty_shipped": 100000})
        self.assertIn("Shipped", cm.exception.faultString)
        self._assert_receipt_untouched()
        self._xmlrpc(self.staff, "dms.goods.receipt", "action_confirm", self.receipt.ids)
        self.receipt.invalidate_recordset()
        self.assertEqual(self.receipt.state, "confirmed")
        transit = self.distributor._dms_bucket_location("transit")
        saleable = self.distributor._dms_bucket_location("saleable")
        quants = self.env["stock.quant"].search([("location_id", "in", (transit + saleable).ids),
                                                 ("product_id", "=", self.soap.id)])
        before = {q.location_id: q.quantity for q in quants}
        for vals in ({"state": "pending"}, {"claim_id": False, "state": "pending"}):
            with self.assertRaises(Fault):
                self._xmlrpc(self.staff, "dms.goods.receipt", "write", self.receipt.ids, vals)
        with self.assertRaises(Fault):
            self._xmlrpc(self.staff, "dms.goods.receipt", "action_confirm", self.receipt.ids)
        quants.invalidate_recordset()
        self.assertEqual({q.location_id: q.quantity for q in quants}, before)
        self.receipt.invalidate_recordset()
        self.assertEqual(self.receipt.state, "confirmed")
        order = self._create_order()
        with self.assertRaises(Fault):
            self._xmlrpc(self.staff, "dms.secondary.order", "write", order.ids, {"state": "delivered"})
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
