import threading
import uuid

from odoo import api
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, tagged

from ..push import push_batch, push_record
from ..registry import RESOURCES


@tagged("post_install", "-at_install", "concurrency")
class TestPushRace(BaseCase):
    """Two phones push the same uuid at the same moment, each on its own committed transaction:
    one order is created and both answers name it (the second after a retry on a fresh snapshot)."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.patch(Registry, "_lock", DummyRLock())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            territory = env["dms.territory"].create({"name": "Race Area", "code": "RACE-T"})
            distributor = env["res.partner"].create({
                "name": "Race Distributor", "is_company": True, "dms_role": "distributor",
                "dms_covered_territory_ids": [(6, 0, territory.ids)]})
            outlet = env["res.partner"].create({
                "name": "Race Outlet", "is_company": True, "dms_role": "outlet", "dms_territory_id": territory.id,
                "dms_distributor_id": distributor.id})
            product = env["product.product"].create({"name": "Race Soap"})
            self.ids = {"territory": territory.id, "distributor": distributor.id, "outlet": outlet.id,
                        "product": product.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["dms.secondary.order"].search([("partner_id", "=", self.ids["outlet"])]).unlink()
            env["res.partner"].browse(self.ids["outlet"]).unlink()
            env["product.product"].browse(self.ids["product"]).unlink()
            distributor = env["res.partner"].browse(self.ids["distributor"])
            location = distributor.dms_stock_location_id
            distributor.dms_stock_location_id = False
            location.unlink()
            distributor.unlink()
            env["dms.territory"].browse(self.ids["territory"]).unlink()
            env["dms.api.tombstone"].search([("res_id", "in", list(self.ids.values()))]).unlink()

    def test_same_uuid_pushed_twice_at_once(self):
        record = {"uuid": str(uuid.uuid4()), "outlet_id": self.ids["outlet"],
                  "lines": [{"product_id": self.ids["product"], "qty": 3}]}
        barrier = threading.Barrier(2, timeout=20)
        resource = RESOURCES["secondary_orders"]

        waited = set()  # one wait per thread: the retry after the clash goes straight on
        Order = self.registry["dms.secondary.order"]  # the model class: patched for both threads
        push = Order._dms_api_push_batch

        def push_after_barrier(model, vals_list):
            if threading.get_ident() not in waited:
                waited.add(threading.get_ident())
                barrier.wait()  # both transactions hold their snapshot, neither has committed
            return push(model, vals_list)

        self.patch(Order, "_dms_api_push_batch", push_after_barrier)
        answers, errors = [], []

        def phone():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
                    answers.append(retrying(lambda: push_record(env, resource, dict(record)), env))
            except Exception as e:
                errors.append(e)

        threads = [threading.Thread(target=phone) for _i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertFalse(errors)
        self.assertEqual(sorted(a["duplicate"] for a in answers), [False, True])
        self.assertEqual(answers[0]["id"], answers[1]["id"])
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM dms_secondary_order WHERE client_uuid = %s", [record["uuid"]])
            self.assertEqual(cr.fetchone()[0], 1)

    def test_two_batches_for_one_distributor_do_not_wait(self):
        """Two reps push their day for outlets of one distributor at the same moment: neither takes a
        row lock the other needs (order names come from a PostgreSQL sequence, nothing writes the
        distributor or another shared row), so the second batch goes through, under a short lock
        timeout, while the first transaction is still open; both commit."""
        resource = RESOURCES["secondary_orders"]
        pushed, release = threading.Event(), threading.Event()
        answers, errors = {}, []

        def batch():
            return [{"uuid": str(uuid.uuid4()), "outlet_id": self.ids["outlet"],
                     "lines": [{"product_id": self.ids["product"], "qty": qty}]} for qty in (1, 2, 3)]

        def first_phone():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    answers["first"] = push_batch(env, resource, batch())
                    env.flush_all()
                    pushed.set()
                    release.wait(30)  # its transaction stays open while the second phone pushes
            except Exception as e:  # reported by the main thread
                errors.append(e)
            finally:
                pushed.set()

        thread = threading.Thread(target=first_phone)
        thread.start()
        try:
            pushed.wait(30)
            with self.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '2s'")
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                answers["second"] = push_batch(env, resource, batch())
                env.flush_all()
        finally:
            release.set()
            thread.join(60)
        self.assertFalse(errors)
        results = answers["first"] + answers["second"]
        self.assertEqual([r["status"] for r in results], ["ok"] * 6)
        self.assertEqual(len({r["record"]["name"] for r in results}), 6, "six orders, six names")
