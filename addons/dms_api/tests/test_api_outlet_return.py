from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DmsApiCommon

OUTLET_UUID = "7c1e4a2b-3d5f-4a6b-8c9d-0e1f2a3b4c01"
RETURN_UUID = "7c1e4a2b-3d5f-4a6b-8c9d-0e1f2a3b4c02"
# a 1x1 PNG
PIXEL = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


@tagged("post_install", "-at_install")
class TestApiOutletProposal(DmsApiCommon):
    """A new outlet proposed from the field app (``outlet_proposals``): created proposed in the
    rep's territory, idempotent on its uuid, approved by a supervisor; forged territories refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env["dms.channel"].create({"name": "Grocery"})

    def push(self, records, key=None, resource="outlet_proposals"):
        status, body = self.api(resource, key or self.key_rep, method="POST", body={"records": records})
        self.assertEqual(status, 200, body)
        return body["results"]

    def proposal(self, **extra):
        return {"uuid": OUTLET_UUID, "name": "Nabil Tea Stall", "owner": "Nabil Hossain", "phone": "+880 1711-000111",
                "channel_id": self.channel.id, "street": "Road 4", "city": "Dhaka",
                "latitude": 23.7806, "longitude": 90.4070, "accuracy": 8, "photo": PIXEL, **extra}

    def test_propose_twice_then_approve(self):
        [first] = self.push([self.proposal()])
        self.assertEqual((first["status"], first["duplicate"]), ("ok", False), first)
        self.assertEqual((first["record"]["dms_outlet_state"], first["record"]["dms_territory_id"]),
                         ("proposed", self.area.id))
        # the rep's territory is covered by one distributor: it serves the new outlet
        self.assertEqual(first["record"]["dms_distributor_id"], self.distributor.id)
        [again] = self.push([self.proposal(name="Renamed")])
        self.assertEqual((again["status"], again["duplicate"], again["id"]), ("ok", True, first["id"]))
        outlet = self.env["res.partner"].search([("client_uuid", "=", OUTLET_UUID)])
        self.assertEqual(len(outlet), 1)
        self.assertEqual((outlet.name, outlet.dms_role, outlet.dms_outlet_state, outlet.phone, outlet.dms_channel_id),
                         ("Nabil Tea Stall", "outlet", "proposed", "+880 1711-000111", self.channel))
        self.assertEqual((outlet.partner_latitude, outlet.partner_longitude), (23.7806, 90.4070))
        self.assertTrue(outlet.image_1920)
        self.assertEqual(outlet.child_ids.mapped("name"), ["Nabil Hossain"])
        self.assertIn("accuracy 8", str(outlet.comment))
        # the rep sees it in outlets (to visit) and in their proposals
        status, page = self.api("outlets", self.key_rep)
        self.assertEqual(status, 200, page)
        self.assertIn(outlet.id, [r["id"] for r in page["records"]])
        status, page = self.api("outlet_proposals", self.key_rep)
        self.assertEqual([(r["id"], r["dms_outlet_state"]) for r in page["records"]], [(outlet.id, "proposed")])
        # the rep visits it (an unplanned visit) and takes an order, which waits for the approval
        reason = self.env["dms.no.order.reason"].create({"name": "Opening next week"})
        status, body = self.api("visits", self.key_rep, method="POST", body={"records": [{
            "uuid": "7c1e4a2b-3d5f-4a6b-8c9d-0e1f2a3b4c06", "outlet_id": outlet.id,
            "check_in_time": "2026-03-02T05:00:00Z", "check_in_latitude": 23.7806, "check_in_longitude": 90.4070,
            "check_out_time": "2026-03-02T05:10:00Z", "no_order_reason_id": reason.id}]})
        self.assertEqual((status, body["results"][0]["status"]), (200, "ok"), body)
        self.assertEqual(self.env["dms.visit"].browse(body["results"][0]["id"]).partner_id, outlet)
        status, body = self.api("secondary_orders", self.key_rep, method="POST", body={"records": [{
            "uuid": "7c1e4a2b-3d5f-4a6b-8c9d-0e1f2a3b4c07", "outlet_id": outlet.id,
            "lines": [{"product_id": self.soap.id, "qty": 24}]}]})
        self.assertEqual((status, body["results"][0]["status"]), (200, "ok"), body)
        order = self.env["dms.secondary.order"].browse(body["results"][0]["id"])
        with self.assertRaisesRegex(UserError, "not approved yet"):
            order.with_user(self.supervisor).action_confirm()
        # the rep cannot approve it; the supervisor does, through the outlet's own action
        with self.assertRaisesRegex(UserError, "Only a distribution supervisor"):
            outlet.with_user(self.rep).action_dms_approve_outlet()
        outlet.with_user(self.supervisor).action_dms_approve_outlet()
        self.assertEqual(outlet.dms_outlet_state, "approved")
        order.with_user(self.supervisor).action_confirm()
        self.assertEqual(order.state, "confirmed")

    def test_duplicate_warned_to_the_supervisor(self):
        self.outlet.write({"phone": "01711000111", "partner_latitude": 23.7806, "partner_longitude": 90.4070})
        [first] = self.push([self.proposal()])
        self.assertEqual(first["record"]["dms_duplicate_ids"], [self.outlet.id])
        outlet = self.env["res.partner"].browse(first["id"])
        self.assertEqual(outlet.with_user(self.supervisor).dms_duplicate_ids, self.outlet)

    def test_forged_territory_refused(self):
        # Area 2 is rep_2's, South nobody's the rep works in
        results = self.push([self.proposal(territory_id=self.area_2.id),
                             self.proposal(uuid="7c1e4a2b-3d5f-4a6b-8c9d-0e1f2a3b4c03",
                                           territory_id=self.other_region.id)])
        self.assertEqual([(r["status"], r["code"], r["field"]) for r in results],
                         [("error", "unknown_id", "territory_id")] * 2)
        # a territory below the rep's own is theirs
        [ok] = self.push([self.proposal(territory_id=self.leaf.id)])
        self.assertEqual((ok["status"], ok["record"]["dms_territory_id"]), ("ok", self.leaf.id))
        # the uuid is the rep's: another rep gets a conflict, never the outlet
        [clash] = self.push([self.proposal()], key=self.key_rep_2)
        self.assertEqual((clash["status"], clash["code"]), ("error", "uuid_conflict"))
        # and the state cannot be forged over RPC
        outlet = self.env["res.partner"].browse(ok["id"])
        with self.assertRaises(AccessError):
            outlet.with_user(self.rep).write({"dms_outlet_state": "approved"})

    def test_bad_input(self):
        status, body = self.api("outlet_proposals", self.key_rep, method="POST", raw="[1, 2")
        self.assertEqual((status, body["error"]["code"]), (400, "invalid_json"))
        status, body = self.api("outlet_proposals", self.key_rep, method="POST", body={"records": []})
        self.assertEqual((status, body["error"]["code"]), (400, "invalid_batch"))
        results = self.push([
            self.proposal(name=""),
            self.proposal(latitude=95),
            self.proposal(longitude=None),
            self.proposal(channel_id=999999),
            self.proposal(photo="not base64!"),
            self.proposal(colour="red"),
            self.proposal(uuid="nope"),
        ])
        self.assertEqual([r["status"] for r in results], ["error"] * 7)
        self.assertEqual([r["field"] for r in results],
                         ["name", "latitude", "longitude", "channel_id", "photo", "colour", "uuid"])
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Nabil Tea Stall"),
                                                         ("create_uid", "=", self.rep.id)]))

    def test_pull_lists(self):
        for resource in ("territories", "channels", "outlet_classes", "return_reasons"):
            status, page = self.api(resource, self.key_rep)
            self.assertEqual(status, 200, page)
        status, page = self.api("territories", self.key_rep)
        self.assertEqual({r["id"] for r in page["records"]}, {self.area.id, self.leaf.id})


@tagged("post_install", "-at_install")
class TestApiStockReturn(DmsApiCommon):
    """Goods an outlet returns, from the field app (``stock_returns``): a draft return for the
    outlet's distributor, idempotent on its uuid, only for the rep's own outlets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason_damaged = cls.env.ref("dms_inventory.return_reason_damaged")
        cls.reason_expired = cls.env.ref("dms_inventory.return_reason_expired")

    def push(self, records, key=None):
        status, body = self.api("stock_returns", key or self.key_rep, method="POST", body={"records": records})
        self.assertEqual(status, 200, body)
        return body["results"]

    def record(self, **extra):
        return {"uuid": RETURN_UUID, "outlet_id": self.outlet.id, "date": "2026-03-02T05:30:00Z",
                "note": "dented cans", "lines": [
                    {"product_id": self.soap.id, "qty": 3, "reason_id": self.reason_damaged.id},
                    {"product_id": self.shampoo.id, "qty": 1, "reason_id": self.reason_expired.id}], **extra}

    def test_push_twice_makes_one_draft(self):
        [first] = self.push([self.record()])
        self.assertEqual((first["status"], first["duplicate"], first["record"]["state"]), ("ok", False, "draft"))
        [again] = self.push([self.record(note="again")])
        self.assertEqual((again["status"], again["duplicate"], again["id"]), ("ok", True, first["id"]))
        ret = self.env["dms.stock.return"].search([("client_uuid", "=", RETURN_UUID)])
        self.assertEqual(len(ret), 1)
        self.assertEqual((ret.partner_id, ret.distributor_id, ret.user_id, ret.state, ret.note, str(ret.date)),
                         (self.outlet, self.distributor, self.rep, "draft", "dented cans", "2026-03-02 05:30:00"))
        self.assertEqual([(ln.product_id, ln.qty, ln.reason_id) for ln in ret.line_ids],
                         [(self.soap, 3.0, self.reason_damaged), (self.shampoo, 1.0, self.reason_expired)])
        status, page = self.api("stock_returns", self.key_rep)
        self.assertEqual(status, 200, page)
        self.assertEqual([(r["id"], len(r["lines"])) for r in page["records"]], [(ret.id, 2)])

    def test_other_outlets_refused(self):
        # rep_2's outlet and a South outlet: answered like missing ones
        results = self.push([self.record(outlet_id=self.outlet_2.id),
                             self.record(uuid="7c1e4a2b-3d5f-4a6b-8c9d-0e1f2a3b4c04", outlet_id=self.outlet_south.id),
                             self.record(uuid="7c1e4a2b-3d5f-4a6b-8c9d-0e1f2a3b4c05", outlet_id=999999)])
        self.assertEqual([(r["status"], r["code"], r["field"]) for r in results],
                         [("error", "unknown_id", "outlet_id")] * 3)
        self.assertFalse(self.env["dms.stock.return"].search([("user_id", "=", self.rep.id)]))
        # the record rules hold the same line in the back office
        [ok] = self.push([self.record()])
        ret = self.env["dms.stock.return"].browse(ok["id"])
        self.assertFalse(self.env["dms.stock.return"].with_user(self.rep_2).search([("id", "=", ret.id)]))
        with self.assertRaises(AccessError):
            ret.with_user(self.rep_2).read(["name"])
        with self.assertRaises(AccessError):
            self.env["dms.stock.return"].with_user(self.rep).create({
                "partner_id": self.outlet_2.id, "distributor_id": self.distributor.id})
        self.assertEqual(self.api("stock_returns", self.key_rep_2)[1]["records"], [])
        # the state and uuid stay the server's
        with self.assertRaises(AccessError):
            ret.with_user(self.rep).write({"state": "done"})

    def test_bad_input(self):
        results = self.push([
            self.record(lines=[]),
            self.record(lines=[{"product_id": self.soap.id, "qty": 0, "reason_id": self.reason_damaged.id}]),
            self.record(lines=[{"product_id": self.soap.id, "qty": 2}]),
            self.record(lines=[{"product_id": self.soap.id, "qty": 2, "reason_id": 999999}]),
            self.record(lines=[{"product_id": self.soap.id, "qty": "2", "reason_id": self.reason_damaged.id}]),
            self.record(note="x" * 1001),
        ])
        self.assertEqual([r["status"] for r in results], ["error"] * 6)
        self.assertEqual([(r["code"], r["field"]) for r in results], [
            ("too_few_items", "lines"), ("out_of_range", "lines[0].qty"), ("missing_field", "lines[0].reason_id"),
            ("unknown_id", "lines[0].reason_id"), ("invalid_type", "lines[0].qty"), ("too_long", "note")])
        self.assertFalse(self.env["dms.stock.return"].search([("user_id", "=", self.rep.id)]))

    def test_return_of_a_proposed_outlet(self):
        """A proposed outlet can take a return (like a visit) before its approval."""
        status, body = self.api("outlet_proposals", self.key_rep, method="POST", body={"records": [
            {"uuid": OUTLET_UUID, "name": "New Kiosk", "latitude": 23.78, "longitude": 90.40}]})
        self.assertEqual((status, body["results"][0]["status"]), (200, "ok"), body)
        outlet_id = body["results"][0]["id"]
        [ok] = self.push([self.record(outlet_id=outlet_id)])
        self.assertEqual((ok["status"], ok["record"]["distributor_id"]), ("ok", self.distributor.id))
