import base64
import csv
import io
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..wizard import dms_secondary_order_import_job
from .common import DmsSalesCommon
from .jobs import Database, Job, trap_jobs

HEADER = ("external_ref", "date", "outlet_code", "product_code", "quantity", "unit", "rep_login")
ROWS = (
    ("JOB-1", "2026-01-15", "OUT-1", "SOAP", "2", "case", ""),
    ("JOB-1", "2026-01-15", "OUT-1", "SHAMP", "3", "unit", ""),
    ("JOB-2", "2026-01-16", "OUT-2", "SOAP", "5", "unit", ""),
    ("JOB-3", "2026-01-17", "OUT-1", "SOAP", "1", "case", ""),
)


def _csv(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return base64.b64encode(out.getvalue().encode())


@tagged("post_install", "-at_install")
class TestDmsJob(DmsSalesCommon):
    """Long actions queued on OCA queue_job: real jobs, stored and performed (no mocks of the work)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Order = cls.env["dms.secondary.order"]
        cls.manager = new_test_user(cls.env, "dms_job_manager", groups="base.group_user,dms_sales.group_dms_manager")
        cls.other = new_test_user(cls.env, "dms_job_other", groups="base.group_user,dms_sales.group_dms_supervisor")

    def setUp(self):
        super().setUp()
        # the job writes its progress from a cursor of its own: in test mode that cursor is a test
        # cursor on this transaction, so what it writes shows here
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)

    def _wizard(self, rows=ROWS, user=None):
        env = self.env(user=user) if user else self.env
        return env["dms.secondary.order.import"].create({
            "distributor_id": self.distributor.id, "file": _csv(rows), "filename": "orders.csv"})

    def _background(self, kind="import", threshold=0):
        self.env["ir.config_parameter"].set_param("dms_sales.job_threshold_%s" % kind, threshold)

    def _job_of(self, action):
        self.assertEqual(action["res_model"], "dms.job", "the click opens the job, not the result")
        return self.env["dms.job"].browse(action["res_id"])

    def _queue_job(self, job):
        return self.env["queue.job"].search([("uuid", "=", job.uuid)])

    def test_small_input_runs_inline(self):
        wizard = self._wizard()
        action = wizard.action_import()
        self.assertEqual(action["res_model"], "dms.secondary.order.import")
        self.assertEqual(wizard.state, "done", wizard.summary)
        self.assertFalse(self.env["dms.job"].search([("res_model", "=", wizard._name), ("res_id", "=", wizard.id)]))

    def test_double_click_enqueues_once_and_job_imports(self):
        self._background()
        self.patch(dms_secondary_order_import_job, "PROGRESS_ORDERS", 1)
        wizard = self._wizard()
        with trap_jobs() as trap:
            job = self._job_of(wizard.action_import())
            again = self._job_of(wizard.action_import())
            self.assertEqual(job, again, "a second click finds the job still queued")
            trap.assert_jobs_count(1)
            trap.assert_enqueued_job(job._dms_perform, args=(wizard, "action_import", [], {}, 0),
                                     properties={"channel": "root.dms.import"})
            self.assertEqual((job.state, job.progress, job.total_count), ("queued", 0.0, 4))
            self.assertFalse(self.Order.search([("external_ref", "like", "JOB-")]), "nothing imported yet")
            trap.perform_enqueued_jobs()
        self.assertEqual(wizard.state, "done", wizard.summary)
        self.assertEqual(len(self.Order.search([("external_ref", "like", "JOB-")])), 3)
        self.env.invalidate_all()  # the job wrote its progress from another cursor
        self.assertEqual((job.state, job.progress), ("done", 100.0))
        self.assertEqual((job.done_count, job.total_count), (4, 4), "rows of the orders created, from the job's cursor")
        self.assertIn("3 order(s) with 4 line(s) imported", job.result_summary)
        result = job.action_open_result()
        self.assertEqual((result["res_model"], result["res_id"]), (wizard._name, wizard.id), "the import report")

    def test_job_runs_as_the_user_and_only_they_see_it(self):
        self._background()
        user = self.env["res.users"].search([("login", "=", "dms_job_other")])
        user.groups_id |= self.env.ref("dms_sales.group_dms_distributor")
        user.partner_id.parent_id = self.distributor
        wizard = self._wizard(user=user)
        job = self._job_of(wizard.action_import())
        self.assertEqual(job.user_id, user)
        self.assertEqual(self._queue_job(job).user_id, user, "the job runs with the user's rights")
        self.assertTrue(job.with_user(self.manager).read(["name"]), "managers see every job")
        with self.assertRaises(AccessError):
            job.with_user(self.rep).read(["name"])
        with self.assertRaises(AccessError):
            job.with_user(self.rep).action_cancel()
        with self.assertRaises(AccessError):
            job.with_user(user).write({"run_state": "done"})

    def test_cancel_queued_job(self):
        self._background()
        job = self._job_of(self._wizard().action_import())
        queue_job = self._queue_job(job)
        self.assertEqual(queue_job.state, "pending")
        self.assertEqual(queue_job.channel, "root.dms.import")
        job.action_cancel()
        self.assertEqual((queue_job.state, job.state), ("cancelled", "cancelled"))
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            job.action_cancel()

    def test_cancel_running_job_rolls_back(self):
        """A cancel asked while the job runs stops it at its next step; what it did is rolled back."""
        self._background()
        self.patch(dms_secondary_order_import_job, "PROGRESS_ORDERS", 1)
        job = self._job_of(self._wizard().action_import())
        queue_job = self._queue_job(job)
        running = Job.load(self.env, job.uuid)  # as the runner leaves it while a worker performs it
        running.set_enqueued()
        running.set_started()
        running.store()
        queue_job.invalidate_recordset()
        job.action_cancel()
        self.assertTrue(job.cancel_requested)
        self.assertEqual(job.state, "running")
        Job.load(self.env, job.uuid).perform()
        self.assertEqual(job.state, "cancelled")
        self.assertFalse(self.Order.search([("external_ref", "like", "JOB-")]))

    def test_worker_killed_mid_run_retry_creates_no_duplicate(self):
        """The first run of the job died after orders of the file were committed (a worker killed
        mid-import, or the file imported by another click): the runner's dead-job requeue puts it
        back, the retry imports the rest and creates no order twice."""
        self._background()
        wizard = self._wizard()
        job = self._job_of(wizard.action_import())
        queue_job = self._queue_job(job)
        # the runner started it, and a worker died: part of its output is there, the job 'started'
        # with no lock held (a killed worker releases its lock)
        self._background(threshold=1000)
        self._wizard(ROWS[:2]).action_import()  # JOB-1, as the dead run left it
        self.assertEqual(len(self.Order.search([("external_ref", "like", "JOB-")])), 1)
        started = Job.load(self.env, job.uuid)
        started.set_enqueued()
        started.set_started()
        started.store()
        self.env.flush_all()
        self.env.cr.execute("UPDATE queue_job SET date_enqueued = %s WHERE uuid = %s",
                            (fields.Datetime.now() - timedelta(minutes=5), job.uuid))
        self.env.cr.execute(Database._query_requeue_dead_jobs(None))
        self.assertEqual([r[0] for r in self.env.cr.fetchall()], [job.uuid], "the runner requeues the dead job")
        queue_job.invalidate_recordset()
        self.assertEqual((queue_job.state, queue_job.retry), ("pending", 1))
        Job.load(self.env, job.uuid).perform()
        orders = self.Order.search([("external_ref", "like", "JOB-")])
        self.assertEqual(sorted(orders.mapped("external_ref")), ["JOB-1", "JOB-2", "JOB-3"], "each order once")
        self.assertEqual((wizard.order_count, wizard.skipped_count), (2, 1))
        self.assertEqual(job.state, "done")
        # run once more (a second requeue): the job is done, it does nothing
        self.assertIn("Nothing to do", Job.load(self.env, job.uuid).perform())
        self.assertEqual(len(self.Order.search([("external_ref", "like", "JOB-")])), 3)

    def test_claims_computed_in_chunks_with_progress(self):
        self._background("claims")
        claims = self.env["dms.claim"].create([{
            "distributor_id": self.distributor.id, "date_from": "2026-01-01", "date_to": "2026-01-31"}
            for _i in range(3)])
        with trap_jobs() as trap:
            job = self._job_of(claims.action_compute())
            trap.assert_enqueued_job(job._dms_perform, args=(claims, "action_compute", [], {}, 1),
                                     properties={"channel": "root.dms.sales"})
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()  # the job wrote its progress from another cursor
        self.assertEqual((job.state, job.done_count, job.total_count), ("done", 3, 3))
        self.assertEqual(job.action_open_result()["domain"], [["id", "in", claims.ids]], "the claims computed")
