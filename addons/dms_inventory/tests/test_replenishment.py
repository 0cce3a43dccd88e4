from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.dms_sales.tests.jobs import trap_jobs

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestReplenishment(DmsInventoryCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({
            "dms_replenish_window_days": 28, "dms_replenish_safety_days": 0, "dms_replenish_seasonal": False,
            "dms_replenish_lead_time_days": 3, "dms_replenish_cover_days": 10,
        })
        cls.distributor.write({"dms_replenish_lead_time_days": 7, "dms_replenish_cover_days": 14})
        cls.shampoo.dms_moq = 40
        cls._delivered_sales(cls.outlet, cls.soap, 10, 28)     # 10 a day
        cls._delivered_sales(cls.outlet_2, cls.shampoo, 3, 28)  # 3 a day
        cls._stock_at(cls.distributor, cls.soap, 50)
        cls._stock_at(cls.distributor, cls.soap, 20, bucket="transit")
        cls._stock_at(cls.distributor, cls.soap, 500, owner=False)  # not the distributor's: ignored
        primary = cls.env["sale.order"].create({
            "partner_id": cls.distributor.id,
            "order_line": [Command.create({"product_id": cls.shampoo.id, "product_uom_qty": 30})],
        })
        primary.action_confirm()

    def _run(self, distributors, **vals):
        form = Form(self.env["dms.replenishment"])
        for distributor in distributors:
            form.distributor_ids.add(distributor)
        for name, value in vals.items():
            setattr(form, name, value)
        run = form.save()
        run.action_compute()
        return run

    def test_known_velocities_give_known_quantities(self):
        run = self._run(self.distributor)
        soap = run.line_ids.filtered(lambda ln: ln.product_id == self.soap)
        shampoo = run.line_ids.filtered(lambda ln: ln.product_id == self.shampoo)
        # soap: 10/day x (7 lead + 14 cover) = 210 - 50 on hand - 20 in transit = 140 -> 6 cases of 24
        self.assertAlmostEqual(soap.daily_velocity, 10)
        self.assertAlmostEqual(soap.demand, 210)
        self.assertEqual((soap.on_hand, soap.in_transit), (50, 20))
        self.assertEqual(soap.packaging_id, self.soap_case)
        self.assertEqual(soap.suggested_qty, 144)
        self.assertAlmostEqual(soap.days_of_cover, 5)
        # shampoo: 3 x 21 = 63 - 30 ordered on a confirmed primary order = 33, raised to the MOQ 40
        self.assertEqual(shampoo.in_transit, 30)
        self.assertEqual(shampoo.suggested_qty, 40)

        shampoo.order_qty = 48  # the planner may change the quantity
        run.action_create_orders()
        self.assertEqual(run.state, "done")
        order = run.order_ids
        self.assertEqual((order.partner_id, order.state), (self.distributor, "draft"))
        soap_line = order.order_line.filtered(lambda ln: ln.product_id == self.soap)
        self.assertEqual((soap_line.product_uom_qty, soap_line.product_packaging_id), (144, self.soap_case))
        self.assertEqual(soap_line.product_packaging_qty, 6)
        self.assertEqual(order.order_line.filtered(lambda ln: ln.product_id == self.shampoo).product_uom_qty, 48)
        with self.assertRaises(UserError):
            run.action_create_orders()

    def test_computed_by_a_queued_job(self):
        """Over the threshold, Compute queues the run (root.dms.inventory) and the job fills the
        same lines; Create Orders computes inline when it must (never an order without lines)."""
        self.registry.enter_test_mode(self.cr)  # the job's progress cursor: a test cursor here
        self.addCleanup(self.registry.leave_test_mode)
        self.env["ir.config_parameter"].set_param("dms_sales.job_threshold_replenishment", 0)
        run = self.env["dms.replenishment"].create({"distributor_ids": [Command.set(self.distributor.ids)]})
        with trap_jobs() as trap:
            action = run.action_compute()
            self.assertEqual(action["res_model"], "dms.job")
            trap.assert_jobs_count(1)
            self.assertFalse(run.line_ids, "computed by the job, not the click")
            trap.perform_enqueued_jobs()
        job = self.env["dms.job"].browse(action["res_id"])
        self.env.invalidate_all()
        self.assertEqual((job.state, job.progress), ("done", 100.0))
        self.assertEqual(run.line_ids.product_id, self.soap | self.shampoo)
        self.assertEqual(run.line_ids.filtered(lambda ln: ln.product_id == self.soap).suggested_qty, 144)
        other = self.env["dms.replenishment"].create({"distributor_ids": [Command.set(self.distributor.ids)]})
        other.action_create_orders()
        self.assertEqual(other.order_ids.order_line.product_id, self.soap | self.shampoo)

    def test_company_defaults_and_safety(self):
        """The south distributor has no settings: company lead time 3 + cover 10, safety 2 days."""
        self.company.dms_replenish_safety_days = 2
        self._delivered_sales(self.outlet_south, self.soap, 6, 28)
        run = self._run(self.distributor_south)
        line = run.line_ids
        self.assertEqual((line.lead_time_days, line.cover_days, line.safety_stock), (3, 10, 12))
        # 6 x 13 = 78 + 12 safety = 90 -> 4 cases of 24
        self.assertEqual(line.suggested_qty, 96)

    def test_query_count_independent_of_products(self):
        products = self.env["product.product"].create([
            {"name": "Bulk %s" % i, "is_storable": True, "list_price": 10} for i in range(12)])
        self.env["product.packaging"].create([
            {"name": "Case", "product_id": p.id, "qty": 12, "sales": True} for p in products])
        for product in products[:3]:
            self._delivered_sales(self.outlet_south, product, 2, 7)
        for product in products[3:]:
            self._delivered_sales(self.outlet, product, 2, 7)
        small = self.env["dms.replenishment"].create({"distributor_ids": [Command.set(self.distributor_south.ids)]})
        large = self.env["dms.replenishment"].create({"distributor_ids": [Command.set(self.distributor.ids)]})
        small.action_compute()  # warm the caches
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        small.action_compute()
        self.env.flush_all()
        queries = self.cr.sql_log_count - before
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            large.action_compute()
            self.env.flush_all()
        self.assertEqual(len(small.line_ids), 3, "nothing in stock: every product sold is to order")
        self.assertEqual(len(large.line_ids), 9 + 2)  # plus soap and shampoo of the fixture

    def test_nightly_cron_once_a_day(self):
        self.distributor.dms_auto_replenish = True
        Run = self.env["dms.replenishment"]
        Run._cron_auto_replenish()
        Run._cron_auto_replenish()
        today = fields.Date.context_today(Run)
        orders = self.env["sale.order"].search([
            ("partner_id", "=", self.distributor.id), ("dms_replenishment_id.date", "=", today)])
        self.assertEqual(len(orders), 1, "the second run of the day drafts nothing")
        self.assertEqual(orders.state, "draft")
        self.assertTrue(orders.dms_replenishment_id.is_automatic)
        self.assertFalse(orders.filtered(lambda o: o.partner_id == self.distributor_south))
