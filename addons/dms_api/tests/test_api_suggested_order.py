import uuid
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import DmsApiCommon


@tagged("post_install", "-at_install")
class TestApiSuggestedOrder(DmsApiCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.must_sell = cls.env["dms.assortment"].create({
            "name": "North must-sell", "territory_ids": [Command.set(cls.region.ids)],
            "line_ids": [Command.create({"product_id": cls.shampoo.id, "min_qty": 6})],
        })
        history = cls._create_order(lines=[(cls.soap, 24)], date_order=fields.Datetime.now() - timedelta(days=20))
        history.action_confirm()

    def suggest(self, key=None, **body):
        return self.api("suggested_order", key or self.key_rep, body=body)

    def test_suggested_order(self):
        status, body = self.suggest(outlet_id=self.outlet.id)
        self.assertEqual(status, 200, body)
        self.assertEqual(body["outlet_id"], self.outlet.id)
        self.assertEqual(body["date"], fields.Date.context_today(self.outlet).isoformat())
        self.assertEqual({line["product_id"]: (line["qty"], line["reasons"]) for line in body["lines"]}, {
            self.soap.id: (24.0, ["history"]), self.shampoo.id: (6.0, ["must_sell"])})
        # the shelf holds enough soap: only the must-sell product is left
        status, body = self.suggest(outlet_id=self.outlet.id, shelf_stock=[{"product_id": self.soap.id, "qty": 30}])
        self.assertEqual((status, [line["product_id"] for line in body["lines"]]), (200, [self.shampoo.id]))

    def test_assortments_pulled_for_the_field_app(self):
        """The must-sell and focus lists reach the phone with their scope and products, so that the
        order screen flags them offline; a list that ended comes back inactive."""
        records = {r["id"]: r for r in self.pull_all("assortments", self.key_rep)[0]}
        row = records[self.must_sell.id]
        self.assertEqual((row["list_type"], row["territory_ids"], row["active"]), ("must_sell", self.region.ids, True))
        self.assertEqual([(ln["product_id"], ln["min_qty"]) for ln in row["lines"]], [(self.shampoo.id, 6.0)])
        __, __, cursor, __ = self.pull_all("assortments", self.key_rep)
        self.must_sell.date_to = fields.Date.context_today(self.must_sell) - timedelta(days=1)
        [row] = [r for r in self.pull_all("assortments", self.key_rep, since=cursor)[0] if r["id"] == self.must_sell.id]
        self.assertFalse(row["active"])

    def test_bad_requests(self):
        cases = [
            ({"outlet_id": self.outlet_south.id}, "unknown_id", "outlet_id"),  # not the rep's outlet
            ({"outlet_id": self.distributor.id}, "unknown_id", "outlet_id"),  # not an outlet
            ({"outlet_id": self.outlet.id, "shelf_stock": [{"product_id": self.soap.id, "qty": -1}]},
             "out_of_range", "shelf_stock[0].qty"),
            ({"outlet_id": self.outlet.id, "date": "2026-13-01"}, "invalid_value", "date"),
            ({"outlet_id": self.outlet.id, "shelf": []}, "unknown_field", "shelf"),
            ({"outlet_id": self.outlet.id, "shelf_stock": [{"product_id": 2**31 - 2, "qty": 1}]},
             "unknown_id", "shelf_stock[0].product_id"),
        ]
        for body, code, field in cases:
            status, answer = self.suggest(**body)
            self.assertEqual((status, answer["error"]["code"], answer["error"]["field"]), (400, code, field), body)
        self.assertEqual(self.api("suggested_order", None, body={"outlet_id": self.outlet.id})[0], 401)
        status, answer = self.api("suggested_order", self.key_rep, raw="[1]")
        self.assertEqual((status, answer["error"]["code"]), (400, "invalid_type"))

    def test_pushed_order_keeps_the_suggestion(self):
        record = {"uuid": str(uuid.uuid4()), "outlet_id": self.outlet.id, "suggested_line_count": 2,
                  "lines": [{"product_id": self.soap.id, "qty": 12, "suggested_qty": 24}]}
        status, body = self.api("secondary_orders", self.key_rep, body={"records": [record]})
        self.assertEqual((status, body["results"][0]["status"]), (200, "ok"), body)
        order = self.env["dms.secondary.order"].browse(body["results"][0]["id"])
        self.assertEqual((order.suggested_line_count, order.line_ids.suggested_qty), (2, 24.0))
