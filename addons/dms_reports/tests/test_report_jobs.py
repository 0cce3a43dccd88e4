import io

import openpyxl

from odoo.tests import tagged

from odoo.addons.dms_sales.tests.jobs import trap_jobs

from .common import DmsReportsAnalysisCommon


@tagged("post_install", "-at_install")
class TestReportJobs(DmsReportsAnalysisCommon):
    """The register over the threshold is exported by a queued job, run as the user who clicked
    (their record rules), with progress per chunk; the result is the wizard with its workbook."""

    def setUp(self):
        super().setUp()
        self.registry.enter_test_mode(self.cr)  # the job's progress cursor: a test cursor here
        self.addCleanup(self.registry.leave_test_mode)

    def test_register_exported_by_a_job(self):
        self.env["ir.config_parameter"].set_param("dms_sales.job_threshold_register", 0)
        wizard = self.env["dms.secondary.sales.register.wizard"].with_user(self.rep).create({
            "date_from": self.today.replace(day=1), "date_to": self.today})
        expected = wizard.line_count
        self.assertEqual(expected, len(self.o1.line_ids), "the rep's territories only")
        with trap_jobs() as trap:
            action = wizard.action_export()
            self.assertEqual(action["res_model"], "dms.job")
            trap.assert_jobs_count(1)
            self.assertEqual(wizard.state, "draft", "nothing exported in the click")
            trap.perform_enqueued_jobs()
        job = self.env["dms.job"].browse(action["res_id"])
        self.env.invalidate_all()
        self.assertEqual((job.state, job.user_id, job.done_count, job.total_count),
                         ("done", self.rep, expected, expected))
        self.assertEqual((wizard.state, wizard.exported_count), ("done", expected))
        result = job.with_user(self.rep).action_open_result()
        self.assertEqual((result["res_model"], result["res_id"]), (wizard._name, wizard.id))
        book = openpyxl.load_workbook(io.BytesIO(wizard.attachment_id.raw), read_only=True)
        self.assertEqual(book["Lines"].max_row, expected + 2)
