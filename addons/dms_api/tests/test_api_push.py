import json
import uuid
from datetime import timedelta

from odoo import fields
from odoo.tests import Form, tagged

from .common import DmsApiCommon


def new_uuid():
    return str(uuid.uuid4())


@tagged("post_install", "-at_install")
class TestApiPush(DmsApiCommon):

    def order(self, outlet=None, **extra):
        return {"uuid": new_uuid(), "outlet_id": (outlet or self.outlet).id,
                "lines": [{"product_id": self.soap.id, "qty": 12}, {"product_id": self.shampoo.id, "qty": 2}],
                **extra}

    def push(self, records, key=None):
        status, body = self.api("secondary_orders", key or self.key_rep, body={"records": records})
        self.assertEqual(status, 200, body)
        return body["results"]

    def orders(self, uuids):
        return self.env["dms.secondary.order"].search([("client_uuid", "in", uuids)])

    def test_push_creates_a_draft_order_as_the_rep(self):
        record = self.order(note="Deliver before noon", date_order="2026-01-15T09:30:00+06:00")
        [result] = self.push([record])
        self.assertEqual((result["status"], result["uuid"], result["duplicate"]), ("ok", record["uuid"], False))
        order = self.orders([record["uuid"]])
        self.assertEqual(order.id, result["id"])
        self.assertEqual((order.user_id, order.partner_id, order.distributor_id, order.origin, order.state),
                         (self.rep, self.outlet, self.distributor, "api", "draft"))
        self.assertEqual(str(order.date_order), "2026-01-15 03:30:00")
        self.assertEqual(order.line_ids.mapped("product_uom_qty"), [12.0, 2.0])
        self.assertEqual(order.line_ids[0].price_unit, 35.0, "priced from the distributor's outlet pricelist")
        self.assertEqual(result["record"]["amount_total"], order.amount_total)

    def test_order_dated_in_the_future_is_refused(self):
        """A rep pushed an order dated years ahead: delivered, its scheme accrual was posted on that
        date, out of every report until then. An order is taken now or before (an hour of slack
        for a phone's clock); the rest of the batch is created."""
        ahead = fields.Datetime.now() + timedelta(days=2)
        slack = fields.Datetime.now() + timedelta(minutes=30)
        records = [self.order(date_order=ahead.isoformat() + "Z"), self.order(date_order=slack.isoformat() + "Z")]
        refused, ok = self.push(records)
        self.assertEqual((refused["status"], refused["code"], refused["field"]),
                         ("error", "invalid_value", "date_order"))
        self.assertIn("in the future", refused["message"])
        self.assertEqual(ok["status"], "ok")
        self.assertEqual(self.orders([r["uuid"] for r in records]).mapped("client_uuid"), [records[1]["uuid"]])

    def test_same_uuid_twice_creates_one_order(self):
        record = self.order()
        [first] = self.push([record])
        [again] = self.push([record])
        self.assertEqual((again["status"], again["id"], again["duplicate"]), ("ok", first["id"], True))
        # the same uuid twice in one batch, too
        other = self.order()
        results = self.push([other, other])
        self.assertEqual([r["duplicate"] for r in results], [False, True])
        self.assertEqual(results[0]["id"], results[1]["id"])
        self.assertEqual(len(self.orders([record["uuid"], other["uuid"]])), 2)

    def test_each_bad_record_fails_alone(self):
        good = self.order()
        bad = {
            "qty as text": self.order(lines=[{"product_id": self.soap.id, "qty": "12"}]),
            "bool as id": self.order(outlet_id=True),
            "negative qty": self.order(lines=[{"product_id": self.soap.id, "qty": -1}]),
            "huge qty": self.order(lines=[{"product_id": self.soap.id, "qty": 1e12}]),
            "no lines": self.order(lines=[]),
            "too many lines": self.order(lines=[{"product_id": self.soap.id, "qty": 1}] * 201),
            "missing outlet": {k: v for k, v in self.order().items() if k != "outlet_id"},
            "huge note": self.order(note="x" * 1001),
            "unknown field": self.order(discount=50),
            "unknown line field": self.order(lines=[{"product_id": self.soap.id, "qty": 1, "price_unit": 0.01}]),
            "unknown outlet": self.order(outlet_id=2_000_000_000),
            "not an outlet": self.order(outlet_id=self.distributor.id),
            "unknown product": self.order(lines=[{"product_id": 2_000_000_000, "qty": 1}]),
            "bad uuid": self.order(uuid="not-a-uuid"),
            "bad date": self.order(date_order="yesterday"),
            "not an object": ["a", "list"],
        }
        expected = {
            "qty as text": ("invalid_type", "lines[0].qty"), "bool as id": ("invalid_type", "outlet_id"),
            "negative qty": ("out_of_range", "lines[0].qty"), "huge qty": ("out_of_range", "lines[0].qty"),
            "no lines": ("too_few_items", "lines"), "too many lines": ("too_many_items", "lines"),
            "missing outlet": ("missing_field", "outlet_id"), "huge note": ("too_long", "note"),
            "unknown field": ("unknown_field", "discount"),
            "unknown line field": ("unknown_field", "lines[0].price_unit"),
            "unknown outlet": ("unknown_id", "outlet_id"), "not an outlet": ("unknown_id", "outlet_id"),
            "unknown product": ("unknown_id", "lines[0].product_id"), "bad uuid": ("invalid_uuid", "uuid"),
            "bad date": ("invalid_value", "date_order"), "not an object": ("invalid_type", "record"),
        }
        results = self.push([good, *bad.values()])
        self.assertEqual(results[0]["status"], "ok")
        for name, result in zip(bad, results[1:], strict=True):
            self.assertEqual((result["status"], result["code"], result["field"]), ("error", *expected[name]), name)
        uuids = [r["uuid"] for r in bad.values() if isinstance(r, dict)]
        self.assertFalse(self.orders(uuids), "no invalid record was created, even partly")
        self.assertEqual(len(self.orders([good["uuid"]])), 1)

    def test_malformed_requests(self):
        cases = [
            ({"raw": "{not json"}, 400, "invalid_json"),
            ({"raw": '{"records": "x"}'}, 400, "invalid_batch"),
            ({"raw": "[]"}, 400, "invalid_batch"),
            ({"body": {"records": []}}, 400, "invalid_batch"),
            ({"body": {"records": [self.order()], "extra": 1}}, 400, "unknown_field"),
            ({"body": {"records": [self.order() for _i in range(101)]}}, 413, "batch_too_large"),
            ({"raw": json.dumps({"records": [self.order(note="x" * 900)] * 1200})}, 413, "payload_too_large"),
            ({"raw": "records=1", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 415,
             "unsupported_media_type"),
        ]
        for kwargs, status, code in cases:
            got, body = self.api("secondary_orders", self.key_rep, method="POST", **kwargs)
            self.assertEqual((got, body["error"]["code"]), (status, code), code)
        self.assertFalse(self.env["dms.secondary.order"].search([("origin", "=", "api")]))

    def test_reps_cannot_cross_territories(self):
        """Rep A pushing for rep B's outlet gets the answer of a non-existent outlet, and neither
        rep pulls the other's orders."""
        [theirs] = self.push([self.order(outlet=self.outlet_2)])
        [missing] = self.push([self.order(outlet_id=2_000_000_000)])
        self.assertEqual((theirs["code"], theirs["message"]), (missing["code"], missing["message"]))
        self.assertFalse(self.orders([theirs["uuid"]]))
        [mine] = self.push([self.order()])
        [rep_2_order] = self.push([self.order(outlet=self.outlet_2)], key=self.key_rep_2)
        self.assertEqual(rep_2_order["status"], "ok")
        pulled_2 = {r["id"] for r in self.pull_all("secondary_orders", self.key_rep_2)[0]}
        pulled_1 = {r["id"] for r in self.pull_all("secondary_orders", self.key_rep)[0]}
        self.assertIn(rep_2_order["id"], pulled_2)
        self.assertNotIn(mine["id"], pulled_2)
        self.assertIn(mine["id"], pulled_1)
        self.assertNotIn(rep_2_order["id"], pulled_1)
        # another rep reusing a uuid learns nothing about the order behind it
        [reuse] = self.push([{**self.order(outlet=self.outlet_2), "uuid": mine["uuid"]}], key=self.key_rep_2)
        self.assertEqual((reuse["status"], reuse["code"]), ("error", "uuid_conflict"))
        self.assertNotIn("id", reuse)

    def test_pulled_orders_carry_their_lines(self):
        [result] = self.push([self.order()])
        [pulled] = [r for r in self.pull_all("secondary_orders", self.key_rep)[0] if r["id"] == result["id"]]
        self.assertEqual([line["product_id"] for line in pulled["lines"]], [self.soap.id, self.shampoo.id])
        self.assertEqual(pulled["client_uuid"], result["uuid"])

    def test_pushed_order_says_who_and_from_where(self):
        """No "created" note per pushed order (a write per order the form's history does not need):
        the order itself says it came from the field app and who pushed it, and its rep follows it."""
        [result] = self.push([self.order()])
        order = self.env["dms.secondary.order"].browse(result["id"])
        self.assertEqual((order.origin, order.create_uid, order.user_id), ("api", self.rep, self.rep))
        self.assertFalse(order.message_ids, "no creation note")
        self.assertEqual(order.message_partner_ids, self.rep.partner_id, "the rep follows their order")
        form = Form(order.with_user(self.supervisor))
        self.assertEqual((form.origin, form.create_uid), ("api", self.rep), "the form shows both")
        # an order entered in the form keeps its note
        entered = self.env["dms.secondary.order"].with_user(self.rep).with_context(tracking_disable=False).create({
            "distributor_id": self.distributor.id, "partner_id": self.outlet.id,
            "line_ids": [(0, 0, {"product_id": self.soap.id, "product_uom_qty": 1})]})
        self.assertEqual(entered.message_ids.mapped("body"), ['<p>Secondary Order created</p>'])
        self.assertEqual(entered.message_partner_ids, self.rep.partner_id)

    def test_no_gap_sequence_still_names_each_order(self):
        """A no-gap sequence (a row lock per number) is drawn one number at a time, in order."""
        sequence = self.env.ref("dms_sales.seq_dms_secondary_order")
        sequence.implementation = "no_gap"
        results = self.push([self.order() for _i in range(3)])
        numbers = [int(r["record"]["name"].rsplit("/", 1)[1]) for r in results]
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 3)))
        self.assertEqual(sequence.number_next, numbers[0] + 3)
