import base64
from xmlrpc.client import Fault

from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import DmsApiCommon


def _password(user):
    """new_test_user's password: the login, padded to 8 characters."""
    return user.login + "x" * (8 - len(user.login))


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
        cls.staff_south = new_test_user(
            cls.env, "dms_rpc_south", groups="base.group_user,dms_sales.group_dms_distributor",
            partner_id=cls.env["res.partner"].create({"name": "Clerk", "parent_id": cls.distributor_south.id}).id)

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request("/web/dataset/call_kw/%s/%s" % (model, method), {
            "model": model, "method": method, "args": args, "kwargs": kwargs or {}})

    def _xmlrpc(self, user, model, method, *args):
        return self.xmlrpc_object.execute(self.env.cr.dbname, user.id, _password(user), model, method, *args)

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

    @mute_logger("odoo.http")
    def test_stock_user_fulfilment_context_json_rpc(self):
        """The secondary fulfilment fast path once read its state from context keys (see
        dms_inventory/fulfilment.py): sent over JSON-RPC by a stock user with a move line added to a
        reserved secondary delivery, they neither skip nor fake the quant reservation, nor crash."""
        self.distributor.dms_stock_managed = True
        product = self.env["product.product"].create({"name": "RPC soap", "is_storable": True})
        saleable = self.distributor._dms_bucket_location("saleable")
        self.env["stock.quant"]._update_available_quantity(product, saleable, 100, owner_id=self.distributor)
        order = self._create_order(lines=[(product, 10)])
        order.action_confirm()
        move = order.picking_ids.move_ids
        self.assertEqual(move.quantity, 10)
        new_test_user(self.env, "dms_rpc_stock", groups="base.group_user,stock.group_stock_user")
        self.authenticate("dms_rpc_stock", "dms_rpc_stock")
        vals = {"move_id": move.id, "picking_id": move.picking_id.id, "product_id": product.id,
                "product_uom_id": product.uom_id.id, "location_id": saleable.id,
                "location_dest_id": move.location_dest_id.id, "owner_id": self.distributor.id, "quantity": 5}
        for context in ({"dms_move_lines_reserved": True}, {"dms_deferred_move_lines": []},
                        {"dms_quant_pool": {"scopes": [[saleable.parent_path, self.distributor.id]],
                                            "locked": [], "quants": {}}}):
            ids = self._call_kw("stock.move.line", "create", [[vals]], {"context": context})
            self.assertEqual(len(ids), 1, "the line is created: %s" % context)
        self.env.invalidate_all()
        quants = self.env["stock.quant"].search([("product_id", "=", product.id), ("location_id", "=", saleable.id)])
        self.assertEqual(move.move_line_ids.mapped("quantity"), [10, 5, 5, 5])
        self.assertEqual(sum(quants.mapped("reserved_quantity")), 25, "reserved as the lines say")

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_wizard_files_are_their_makers_xml_rpc(self):
        """Wizards are shared tables: every user whose groups may use one read and wrote the others'.
        Another distributor's staff read a distributor's import file and replaced it before the
        Import click (which then runs as that distributor's staff); another rep downloaded a rep's
        sales register export, the file a background job leaves."""
        south = self.staff_south
        Import = "dms.secondary.order.import"
        csv = base64.b64encode(b"outlet_code,product_code,qty\nOUT-1,SOAP,5\n").decode()
        import_id = self._xmlrpc(self.staff, Import, "create", {"file": csv, "filename": "north.csv"})
        forged = base64.b64encode(b"outlet_code,product_code,qty\nOUT-1,SOAP,5000\n").decode()
        for user in (south, self.distributor_user, self.rep):
            self.assertEqual(self._xmlrpc(user, Import, "search", [("id", "=", import_id)]), [], user.login)
            with self.assertRaises(Fault, msg=user.login):
                self._xmlrpc(user, Import, "read", [import_id], ["file"])
            with self.assertRaises(Fault, msg=user.login):
                self._xmlrpc(user, Import, "write", [import_id], {"file": forged})
        [row] = self._xmlrpc(self.staff, Import, "read", [import_id], ["file", "filename"])
        self.assertEqual((row["filename"], row["file"]), ("north.csv", csv))

        Register = "dms.secondary.sales.register.wizard"
        register_id = self._xmlrpc(self.rep, Register, "create", {"date_from": "2026-01-01", "date_to": "2026-12-31"})
        self._xmlrpc(self.rep, Register, "action_export", [register_id])
        attachment = self.env[Register].browse(register_id).attachment_id
        self.assertTrue(attachment, "the export left its file")
        for user in (self.rep_2, south):
            with self.assertRaises(Fault, msg=user.login):
                self._xmlrpc(user, Register, "read", [register_id], ["attachment_id"])
            self.authenticate(user.login, _password(user))
            response = self.url_open("/web/content/%d?download=true" % attachment.id)
            self.assertIn(response.status_code, (403, 404), user.login)
        self.authenticate(self.rep.login, _password(self.rep))
        response = self.url_open("/web/content/%d?download=true" % attachment.id)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:2], b"PK", "the rep downloads their own xlsx")
