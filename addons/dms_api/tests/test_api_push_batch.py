import uuid

from odoo import fields
from odoo.tests import tagged

from .common import DmsApiCommon
from .test_api_routing import png


def new_uuid():
    return str(uuid.uuid4())


@tagged("post_install", "-at_install")
class TestApiPushBatch(DmsApiCommon):
    """A pushed batch is created in one go: its queries grow neither with the orders (their names
    drawn from the sequence in one round trip, their stock location found once, no creation note)
    nor with their lines, hardly with the visits, and a retried batch costs the same whatever its
    size. A record refused up front is answered in its place; a record failing later fails alone
    (the batch falls back to one record at a time)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outlet_3 = cls._create_outlet_3()
        cls.reason = cls.env["dms.no.order.reason"].create({"name": "API test: enough stock"})
        cls.planned = cls.env["dms.visit"].create({
            "user_id": cls.rep.id, "partner_id": cls.outlet.id, "is_planned": True,
            "planned_date": fields.Date.context_today(cls.outlet)})

    def orders(self, count, lines):
        products = [self.soap, self.shampoo]
        return [{"uuid": new_uuid(), "outlet_id": self.outlet.id,
                 "lines": [{"product_id": products[k % 2].id, "qty": 1 + k} for k in range(lines)]}
                for _i in range(count)]

    def queries(self, func):
        before = self.cr.sql_log_count
        result = func()
        return self.cr.sql_log_count - before, result

    def test_orders_batch_queries_flat_in_lines_and_retries(self):
        self.push("secondary_orders", self.orders(1, 1))  # caches of the API user warmed
        small, results = self.queries(lambda: self.push("secondary_orders", self.orders(2, 2)))
        self.assertEqual([r["status"] for r in results], ["ok"] * 2)
        big_batch = self.orders(8, 6)
        # 6 more orders, 44 more lines: not one query more
        with self.assertQueryCount(small):
            results = self.push("secondary_orders", big_batch)
        self.assertEqual([r["status"] for r in results], ["ok"] * 8)
        orders = self.env["dms.secondary.order"].browse([r["id"] for r in results])
        self.assertEqual(len(orders.line_ids), 48)
        self.assertEqual(set(orders.line_ids.filtered(lambda ln: ln.product_id == self.soap).mapped("price_unit")),
                         {35.0}, "each line priced from the distributor's outlet pricelist, as one by one")
        self.assertEqual(orders.line_ids.tax_ids, self.soap.taxes_id | self.shampoo.taxes_id)
        self.assertEqual([r["record"]["amount_total"] for r in results], orders.mapped("amount_total"))
        # soap 1 + 3 + 5 at the outlet price of 35, shampoo 2 + 4 + 6 at its list price of 150, 15% VAT
        self.assertEqual(orders.mapped("amount_total"), [(9 * 35 + 12 * 150) * 1.15] * 8)
        numbers = sorted(int(name.rsplit("/", 1)[1]) for name in orders.mapped("name"))
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 8)), "one name each, from the sequence")
        # the batch sent again (its answer was lost): found by uuid, in as many queries as 2 orders
        retry_small, _r = self.queries(lambda: self.push("secondary_orders", big_batch[:2]))
        with self.assertQueryCount(retry_small + 1):
            again = self.push("secondary_orders", big_batch)
        self.assertEqual([(r["id"], r["duplicate"]) for r in again], [(r["id"], True) for r in results])

    def test_visits_batch_queries_flat(self):
        orders = self.push("secondary_orders", self.orders(6, 2))
        self.push("visits", [self.visit(outlet_id=self.outlet_3.id)])
        small, _r = self.queries(lambda: self.push("visits", [
            self.visit(outlet_id=self.outlet.id, no_order_reason_id=None, order_uuid=orders[0]["uuid"]),
            self.visit(outlet_id=self.outlet_3.id)]))
        batch = [self.visit(outlet_id=self.outlet.id, no_order_reason_id=None, order_uuid=order["uuid"])
                 for order in orders[1:]] + [self.visit(outlet_id=self.outlet_3.id) for _i in range(3)]
        # 6 more visits, no more queries: their rows made in one INSERT, the outlets, orders and
        # reasons they name looked up once, each checked in and out in one write, flushed together
        with self.assertQueryCount(small):
            results = self.push("visits", batch)
        self.assertEqual([r["status"] for r in results], ["ok"] * 8)
        visits = self.env["dms.visit"].browse([r["id"] for r in results])
        self.assertEqual(visits[:5].order_id.mapped("client_uuid"), [o["uuid"] for o in orders[1:]])
        self.assertEqual(set(visits.mapped("state")), {"done"})
        self.assertEqual(visits[5:].no_order_reason_id, self.reason)

    def test_visits_refused_up_front_cost_the_batch_nothing(self):
        """Records refused before anything of them is written (an unknown outlet, an order of
        another outlet, a check-out before the check-in) are answered in their place: the batch is
        not replayed record by record (a savepoint, a lookup and a flush each), so it costs the
        queries of its good records alone."""
        [order] = self.push("secondary_orders", self.orders(1, 1))
        self.push("visits", [self.visit(outlet_id=self.outlet_3.id)])  # caches of the API user warmed

        def good():
            return [self.visit(outlet_id=self.outlet.id, no_order_reason_id=None, order_uuid=order["uuid"]),
                    self.visit(outlet_id=self.outlet_3.id, photo=png()),
                    self.visit(outlet_id=self.outlet_3.id)]

        alone, _r = self.queries(lambda: self.push("visits", good()))
        bad = [self.visit(outlet_id=2_000_000_000),
               self.visit(outlet_id=self.outlet_3.id, no_order_reason_id=None, order_uuid=order["uuid"]),
               self.visit(outlet_id=self.outlet_3.id, check_out_time="2026-03-02T09:00:00+06:00")]
        first, second, third = good()
        batch = [bad[0], first, bad[1], second, bad[2], third]
        with self.assertQueryCount(alone):
            results = self.push("visits", batch)
        self.assertEqual([(r["status"], r.get("code"), r.get("field")) for r in results], [
            ("error", "unknown_id", "outlet_id"), ("ok", None, None), ("error", "unknown_id", "order_uuid"),
            ("ok", None, None), ("error", "out_of_range", "check_out_time"), ("ok", None, None)])
        self.assertEqual([r["uuid"] for r in results], [r["uuid"] for r in batch])
        visits = self.env["dms.visit"].search([("client_uuid", "in", [r["uuid"] for r in batch])])
        self.assertEqual(sorted(visits.mapped("client_uuid")), sorted([first["uuid"], second["uuid"], third["uuid"]]))
        self.assertEqual(set(visits.mapped("state")), {"done"})
        made = visits.filtered(lambda v: v.client_uuid == second["uuid"])
        self.assertTrue(made.photo, "the photo saved with the visit")
        self.assertEqual(made.check_in_time, fields.Datetime.to_datetime("2026-03-02 04:00:00"), "the device's time")

    def test_orders_refused_up_front_cost_the_batch_nothing(self):
        self.push("secondary_orders", self.orders(1, 1))  # caches of the API user warmed
        alone, _r = self.queries(lambda: self.push("secondary_orders", self.orders(2, 2)))
        batch = self.orders(4, 2)
        batch[0]["outlet_id"] = 2_000_000_000
        batch[2]["lines"][1]["product_id"] = 2_000_000_000
        with self.assertQueryCount(alone):
            results = self.push("secondary_orders", batch)
        self.assertEqual([(r["status"], r.get("field")) for r in results], [
            ("error", "outlet_id"), ("ok", None), ("error", "lines[1].product_id"), ("ok", None)])
        self.assertEqual(sorted(self.env["dms.secondary.order"].search(
            [("client_uuid", "in", [r["uuid"] for r in batch])]).mapped("client_uuid")),
            sorted([batch[1]["uuid"], batch[3]["uuid"]]))

    def test_a_bad_record_fails_alone_in_a_batch(self):
        """A record refused inside the batch (an order of another outlet named by a visit) rolls the
        batch back: each record is pushed again alone, the good ones created once."""
        [order] = self.push("secondary_orders", self.orders(1, 1))
        good, bad, good_2 = (self.visit(outlet_id=self.outlet_3.id),
                             self.visit(outlet_id=self.outlet_3.id, no_order_reason_id=None,
                                        order_uuid=order["uuid"]),
                             self.visit(visit_id=self.planned.id))
        results = self.push("visits", [good, bad, good_2])
        self.assertEqual([r["status"] for r in results], ["ok", "error", "ok"])
        self.assertEqual((results[1]["code"], results[1]["field"]), ("unknown_id", "order_uuid"))
        self.assertEqual(self.env["dms.visit"].search_count([("client_uuid", "in", [good["uuid"], bad["uuid"],
                                                                                     good_2["uuid"]])]), 2)
        self.assertEqual(self.planned.client_uuid, good_2["uuid"])
        # and an order of an unknown outlet among good ones
        batch = self.orders(3, 2)
        batch[1]["outlet_id"] = 2_000_000_000
        results = self.push("secondary_orders", batch)
        self.assertEqual([r["status"] for r in results], ["ok", "error", "ok"])
        self.assertEqual(results[1]["field"], "outlet_id")
        self.assertEqual(len(self.env["dms.secondary.order"].search(
            [("client_uuid", "in", [r["uuid"] for r in batch])])), 2)
