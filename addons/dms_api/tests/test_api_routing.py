import base64
import io
import uuid
from datetime import timedelta

from PIL import Image

from odoo import fields
from odoo.tests import tagged

from ..registry import RESOURCES
from .common import DmsApiCommon


def new_uuid():
    return str(uuid.uuid4())


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


@tagged("post_install", "-at_install")
class TestApiRouting(DmsApiCommon):
    """Beats, visits, no-order reasons and collections over the sync API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outlet.write({"partner_latitude": 23.794028, "partner_longitude": 90.403196})
        cls.outlet_3 = cls._create_outlet_3()
        cls.reason = cls.env["dms.no.order.reason"].create({"name": "API test: enough stock"})
        Beat = cls.env["dms.beat"]
        cls.beat = Beat.create({
            "name": "Rep beat", "user_id": cls.rep.id, "territory_id": cls.area.id,
            "distributor_id": cls.distributor.id, "on_monday": True, "date_start": "2025-01-01",
            "line_ids": [(0, 0, {"partner_id": cls.outlet.id, "sequence": 2}),
                         (0, 0, {"partner_id": cls.outlet_3.id, "sequence": 1})]})
        cls.beat_2 = Beat.create({
            "name": "Rep 2 beat", "user_id": cls.rep_2.id, "territory_id": cls.area_2.id,
            "distributor_id": cls.distributor.id,
            "on_monday": True, "date_start": "2025-01-01",
            "line_ids": [(0, 0, {"partner_id": cls.outlet_2.id})]})
        cls.today = fields.Date.context_today(cls.beat)
        Visit = cls.env["dms.visit"]
        cls.planned = Visit.create({"user_id": cls.rep.id, "partner_id": cls.outlet.id, "beat_id": cls.beat.id,
                                    "planned_date": cls.today, "is_planned": True})
        cls.planned_2 = Visit.create({"user_id": cls.rep_2.id, "partner_id": cls.outlet_2.id,
                                      "beat_id": cls.beat_2.id, "planned_date": cls.today, "is_planned": True})

    def test_pull_beats_visits_and_reasons_of_the_rep_only(self):
        beats = self.pull_all("beats", self.key_rep)[0]
        self.assertEqual([b["id"] for b in beats], self.beat.ids)
        self.assertEqual(beats[0]["outlet_ids"], [self.outlet_3.id, self.outlet.id], "in visiting order")
        self.assertEqual([b["id"] for b in self.pull_all("beats", self.key_rep_2)[0]], self.beat_2.ids)

        visits = self.pull_all("visits", self.key_rep)[0]
        self.assertEqual([v["id"] for v in visits], self.planned.ids)
        self.assertEqual((visits[0]["partner_id"], visits[0]["beat_id"], visits[0]["state"]),
                         (self.outlet.id, self.beat.id, "planned"))
        self.assertEqual([v["id"] for v in self.pull_all("visits", self.key_rep_2)[0]], self.planned_2.ids)
        status, page = self.api("visits?date=%s" % self.today, self.key_rep)
        self.assertEqual((status, [v["id"] for v in page["records"]]), (200, self.planned.ids))
        status, page = self.api("visits?date=%s" % (self.today + timedelta(days=1)), self.key_rep)
        self.assertEqual((status, page["records"]), (200, []))
        status, page = self.api("visits?date=tomorrow!", self.key_rep)
        self.assertEqual((status, page["error"]["code"]), (400, "invalid_parameter"))
        status, page = self.api("beats?date=%s" % self.today, self.key_rep)
        self.assertEqual((status, page["error"]["code"]), (400, "unknown_parameter"))

        reasons = self.pull_all("no_order_reasons", self.key_rep)[0]
        self.assertIn(self.reason.id, [r["id"] for r in reasons])

    def test_push_planned_visit_twice_records_it_once(self):
        record = self.visit(visit_id=self.planned.id, notes="Owner away", photo=png())
        [first] = self.push("visits", [record])
        self.assertEqual((first["status"], first["id"], first["duplicate"]), ("ok", self.planned.id, False), first)
        [again] = self.push("visits", [record])
        self.assertEqual((again["status"], again["id"], again["duplicate"]), ("ok", self.planned.id, True))
        visit = self.planned
        self.assertEqual((visit.state, visit.client_uuid, visit.no_order_reason_id, visit.outcome, visit.notes),
                         ("done", record["uuid"], self.reason, "no_order", "Owner away"))
        self.assertEqual((str(visit.check_in_time), str(visit.check_out_time)),
                         ("2026-03-02 04:00:00", "2026-03-02 04:20:00"))
        self.assertEqual(visit.duration_minutes, 20)
        self.assertTrue(visit.photo)
        self.assertFalse(visit.out_of_fence)
        self.assertEqual(self.env["dms.visit"].search_count([("client_uuid", "=", record["uuid"])]), 1)
        # the same planned visit under a new uuid is refused, not recorded twice
        [other] = self.push("visits", [self.visit(visit_id=self.planned.id)])
        self.assertEqual((other["status"], other["code"]), ("error", "conflict"))

    def test_push_unplanned_visit_with_its_order(self):
        order = {"uuid": new_uuid(), "outlet_id": self.outlet_3.id, "lines": [{"product_id": self.soap.id, "qty": 3}]}
        [pushed_order] = self.push("secondary_orders", [order])
        self.assertEqual(pushed_order["status"], "ok", pushed_order)
        record = self.visit(outlet_id=self.outlet_3.id, no_order_reason_id=None, order_uuid=order["uuid"])
        results = self.push("visits", [record, record])
        self.assertEqual([r["status"] for r in results], ["ok", "ok"], results)
        self.assertEqual(results[0]["id"], results[1]["id"])
        visit = self.env["dms.visit"].browse(results[0]["id"])
        self.assertEqual((visit.user_id, visit.partner_id, visit.is_planned, visit.state, visit.order_id.id,
                          str(visit.planned_date)), (self.rep, self.outlet_3, False, "done", pushed_order["id"],
                                                     "2026-03-02"))

    def test_photo_too_big_and_bad_records(self):
        big = base64.b64encode(b"\xff" * (2 * 1024 * 1024 + 1)).decode()
        cases = {
            "big photo": (self.visit(visit_id=self.planned.id, photo=big), "too_large", "photo"),
            "not base64": (self.visit(visit_id=self.planned.id, photo="%%%"), "invalid_value", "photo"),
            "no target": (self.visit(), "missing_field", "visit_id"),
            "both targets": (self.visit(visit_id=self.planned.id, outlet_id=self.outlet.id), "invalid_value",
                             "visit_id"),
            "latitude": (self.visit(visit_id=self.planned.id, check_in_latitude=91), "out_of_range",
                         "check_in_latitude"),
            "out before in": (self.visit(visit_id=self.planned.id, check_out_time="2026-03-02T09:00:00+06:00"),
                              "out_of_range", "check_out_time"),
            "unknown reason": (self.visit(visit_id=self.planned.id, no_order_reason_id=2_000_000_000), "unknown_id",
                               "no_order_reason_id"),
            "unknown field": (self.visit(visit_id=self.planned.id, state="done"), "unknown_field", "state"),
        }
        results = self.push("visits", [c[0] for c in cases.values()])
        for name, result in zip(cases, results, strict=True):
            self.assertEqual((result["status"], result["code"], result["field"]), ("error", *cases[name][1:]), name)
        self.assertEqual((self.planned.state, self.planned.client_uuid), ("planned", False), "nothing recorded")

    def test_rep_cannot_push_visits_of_another_rep(self):
        [theirs] = self.push("visits", [self.visit(visit_id=self.planned_2.id)])
        [missing] = self.push("visits", [self.visit(visit_id=2_000_000_000)])
        self.assertEqual((theirs["code"], theirs["message"]), (missing["code"], missing["message"]))
        self.assertEqual(theirs["code"], "unknown_id")
        [their_outlet] = self.push("visits", [self.visit(outlet_id=self.outlet_2.id)])
        [no_outlet] = self.push("visits", [self.visit(outlet_id=2_000_000_000)])
        self.assertEqual((their_outlet["code"], their_outlet["message"]), (no_outlet["code"], no_outlet["message"]))
        self.assertEqual(self.planned_2.state, "planned")
        self.assertFalse(self.env["dms.visit"].search([("user_id", "=", self.rep.id), ("is_planned", "=", False)]))

    def test_push_cheque_received_no_payment(self):
        """A cheque pushed from a phone is recorded as received, pending deposit: no payment yet."""
        journal = self.company._dms_collection_journal()
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.outlet.id,
            "invoice_line_ids": [(0, 0, {"product_id": self.soap.id, "quantity": 10, "price_unit": 50,
                                         "tax_ids": [(6, 0, [])]})]})
        invoice.action_post()
        record = {"uuid": new_uuid(), "partner_id": self.outlet.id, "amount": 200, "method": "cheque",
                  "cheque_number": "A-1001", "cheque_date": "2099-01-31", "invoice_ids": [invoice.id]}
        [first] = self.push("collections", [record])
        self.assertEqual((first["status"], first["record"]["state"]), ("ok", "received"), first)
        self.assertFalse(first["record"]["payment_id"])
        [again] = self.push("collections", [record])
        self.assertEqual((again["status"], again["id"], again["duplicate"]), ("ok", first["id"], True))
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (500, "not_paid"))
        self.assertFalse(self.env["account.move.line"].search([("journal_id", "=", journal.id),
                                                                ("partner_id", "=", self.outlet.id)]))
        [pulled] = [c for c in self.pull_all("collections", self.key_rep)[0] if c["id"] == first["id"]]
        self.assertEqual(pulled["state"], "received")

    def test_push_mobile_money(self):
        """bKash pushed from a phone: posted to the provider's journal; its transaction id once."""
        wallet = self.env["account.journal"].create({"name": "bKash API", "code": "BKAP", "type": "bank"})
        provider = self.env["dms.mobile.provider"].create({"name": "bKash API", "journal_id": wallet.id})
        record = {"uuid": new_uuid(), "partner_id": self.outlet.id, "amount": 150, "method": "mobile",
                  "mobile_provider_id": provider.id, "mobile_transaction_id": "9AB77XK", "mobile_sender": "01711"}
        [first] = self.push("collections", [record])
        self.assertEqual((first["status"], first["record"]["state"]), ("ok", "confirmed"), first)
        collection = self.env["dms.collection"].browse(first["id"])
        self.assertEqual((collection.method, collection.payment_id.journal_id), ("mobile", wallet))
        results = self.push("collections", [
            {**record, "uuid": new_uuid()},
            {**record, "uuid": new_uuid(), "mobile_transaction_id": None},
            {**record, "uuid": new_uuid(), "mobile_provider_id": 2_000_000_000},
        ])
        self.assertEqual([(r["code"], r["field"]) for r in results], [
            ("invalid_value", "mobile_transaction_id"), ("missing_field", "mobile_transaction_id"),
            ("unknown_id", "mobile_provider_id")])

    def test_push_collection_twice_one_payment(self):
        self.company._dms_collection_journal()
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.outlet.id,
            "invoice_line_ids": [(0, 0, {"product_id": self.soap.id, "quantity": 10, "price_unit": 50,
                                         "tax_ids": [(6, 0, [])]})]})
        invoice.action_post()
        record = {"uuid": new_uuid(), "partner_id": self.outlet.id, "amount": 200, "method": "cash",
                  "invoice_ids": [invoice.id], "date": "2026-03-02"}
        [first] = self.push("collections", [record])
        self.assertEqual((first["status"], first["duplicate"], first["record"]["state"]), ("ok", False, "confirmed"),
                         first)
        [again] = self.push("collections", [record])
        self.assertEqual((again["status"], again["id"], again["duplicate"]), ("ok", first["id"], True))
        collection = self.env["dms.collection"].search([("client_uuid", "=", record["uuid"])])
        self.assertEqual(len(collection), 1)
        self.assertEqual((collection.user_id, collection.amount, collection.state), (self.rep, 200, "confirmed"))
        payments = self.env["account.payment"].search([("memo", "=", collection.name)])
        self.assertEqual(payments, collection.payment_id)
        self.assertEqual(invoice.amount_residual, 300)
        bad = [
            {**record, "uuid": new_uuid(), "method": "cheque"},
            {**record, "uuid": new_uuid(), "method": "card"},
            {**record, "uuid": new_uuid(), "amount": 0},
            {**record, "uuid": new_uuid(), "partner_id": self.outlet_2.id, "invoice_ids": []},
            {**record, "uuid": new_uuid(), "partner_id": self.outlet_3.id},
        ]
        results = self.push("collections", bad)
        self.assertEqual([(r["code"], r["field"]) for r in results], [
            ("missing_field", "cheque_number"), ("invalid_value", "method"), ("out_of_range", "amount"),
            ("unknown_id", "partner_id"), ("unknown_id", "invoice_ids[0]")])
        self.assertEqual([c["id"] for c in self.pull_all("collections", self.key_rep)[0]], collection.ids)
        self.assertFalse(self.pull_all("collections", self.key_rep_2)[0])

    def test_collection_refused_up_front_costs_the_batch_nothing(self):
        """A collection refused by its checks (an unknown payer) is answered in its place: the
        others of the batch are not replayed one by one (a payment each), the batch costs what its
        good ones do and the refused one's lookup."""
        self.company._dms_collection_journal()

        def good():
            return [{"uuid": new_uuid(), "partner_id": self.outlet.id, "amount": 10 + i, "method": "cash"}
                    for i in range(2)]

        self.push("collections", good())  # caches of the API user warmed
        alone = self.cr.sql_log_count
        self.push("collections", good())
        alone = self.cr.sql_log_count - alone
        batch = good()
        batch.insert(1, {**batch[0], "uuid": new_uuid(), "partner_id": 2_000_000_000})
        with self.assertQueryCount(alone + 1):  # the refused one's own lookup of its payer
            results = self.push("collections", batch)
        self.assertEqual([(r["status"], r.get("field")) for r in results],
                         [("ok", None), ("error", "partner_id"), ("ok", None)])
        collections = self.env["dms.collection"].search([("client_uuid", "in", [r["uuid"] for r in batch])])
        self.assertEqual(sorted(collections.mapped("amount")), [10, 11])
        self.assertEqual(set(collections.mapped("state")), {"confirmed"})
        self.assertEqual(len(collections.payment_id), 2)

    def test_push_collection_outside_territories_is_refused(self):
        """The model refuses money from a payer outside the rep's territories: the push answers
        that record's error (not a 500) and pays nothing, the rest of the batch goes through."""
        self.company._dms_collection_journal()
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.distributor_south.id,
            "invoice_line_ids": [(0, 0, {"product_id": self.soap.id, "quantity": 10, "price_unit": 2550,
                                         "tax_ids": [(6, 0, [])]})]})
        invoice.action_post()
        theirs = {"uuid": new_uuid(), "partner_id": self.distributor_south.id, "amount": 25500, "method": "cash"}
        chosen = {**theirs, "uuid": new_uuid(), "invoice_ids": [invoice.id]}
        mine = {"uuid": new_uuid(), "partner_id": self.outlet.id, "amount": 10, "method": "cash"}
        results = self.push("collections", [theirs, chosen, mine])
        self.assertEqual([r["status"] for r in results], ["error", "error", "ok"], results)
        self.assertEqual(results[0]["code"], "validation_error")
        self.assertIn("South Traders", results[0]["message"])
        self.assertFalse(self.env["dms.collection"].search([("client_uuid", "in", (theirs["uuid"], chosen["uuid"]))]))
        invoice.invalidate_recordset()
        self.assertEqual((invoice.payment_state, invoice.amount_residual), ("not_paid", 25500))

    def test_pushed_models_share_one_uuid_mechanism(self):
        """Collections are made idempotent like orders and visits: dms.api.pushed.mixin's
        UNIQUE(client_uuid), the constraint the push recognises a concurrent clash by."""
        pushed = {res.model for res in RESOURCES.values() if res.push_model}
        self.assertEqual(pushed, {"dms.secondary.order", "dms.visit", "dms.collection", "stock.picking",
                                  "dms.rep.day", "res.partner", "dms.stock.return"})
        self.assertLessEqual(pushed, self.env["dms.api.pushed.mixin"]._inherit_children)
        self.env.cr.execute("SELECT conname FROM pg_constraint WHERE conname LIKE %s", ["%client_uuid%"])
        # a working day is pushed twice (start, end), each event with its uuid, both unique
        self.assertEqual({row[0] for row in self.env.cr.fetchall()},
                         {"%s_client_uuid_uniq" % self.env[model]._table for model in pushed}
                         | {"dms_rep_day_end_client_uuid_uniq"})
