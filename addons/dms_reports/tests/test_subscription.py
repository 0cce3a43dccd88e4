import base64
import io

import openpyxl
from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.dms_sales.tests.jobs import trap_jobs

from .common import DmsReportsCommon


@tagged("post_install", "-at_install")
class TestReportSubscription(DmsReportsCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.distributor.id, "invoice_date": "2026-02-10",
            "invoice_line_ids": [(0, 0, {"name": "Goods", "quantity": 1, "price_unit": 1000, "tax_ids": [(5,)]})],
        }).action_post()
        cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.distributor_south.id, "invoice_date": "2026-02-11",
            "invoice_line_ids": [(0, 0, {"name": "Goods", "quantity": 1, "price_unit": 300, "tax_ids": [(5,)]})],
        }).action_post()
        cls.supervisor.email = "sup@example.com"
        Subscription = cls.env["dms.report.subscription"]
        cls.sub_accountant = Subscription.create({
            "user_id": cls.accountant.id, "report_code": "statement", "frequency": "monthly",
            "next_run_date": "2026-03-01"})
        cls.sub_supervisor = Subscription.create({
            "user_id": cls.supervisor.id, "report_code": "statement", "frequency": "weekly",
            "next_run_date": "2026-03-02"})

    def _mails(self, sub):
        return self.env["mail.mail"].search([("model", "=", sub._name), ("res_id", "=", sub.id)])

    def _summary(self, mail):
        [attachment] = mail.attachment_ids
        self.assertTrue(attachment.name.endswith("_2026-02-01_2026-02-28.xlsx"), attachment.name)
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        return {row[0]: row[9] for row in book["Summary"].iter_rows(min_row=2, values_only=True) if row[0] != "Total"}

    @freeze_time("2026-03-03")
    def test_cron_sends_once_per_period(self):
        self.env["dms.report.subscription"]._cron_send_reports()
        mail = self._mails(self.sub_accountant)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.accountant.partner_id)
        self.assertIn("2026-02-01", mail.subject)
        summary = self._summary(mail)
        self.assertEqual(summary[self.distributor.name], 1000)
        self.assertEqual(summary[self.distributor_south.name], 300, "accountants see every distributor")
        self.assertEqual(self.sub_accountant.next_run_date, fields.Date.to_date("2026-04-01"))
        self.assertEqual(self.sub_accountant.last_period_end, fields.Date.to_date("2026-02-28"))
        self.assertEqual(self.sub_supervisor.last_period_end, fields.Date.to_date("2026-03-01"), "last week")
        self.assertEqual(self.sub_supervisor.next_run_date, fields.Date.to_date("2026-03-09"))

        # the run is due again (say the date was set back): the same period is not sent twice
        self.sub_accountant.next_run_date = "2026-03-01"
        self.env["dms.report.subscription"]._cron_send_reports()
        self.assertEqual(len(self._mails(self.sub_accountant)), 1)
        self.assertEqual(self.sub_accountant.next_run_date, fields.Date.to_date("2026-04-01"))

    @freeze_time("2026-03-03")
    def test_cron_queues_many_due_reports(self):
        """Over the threshold the cron queues the due subscriptions (root.dms.reports); the job
        sends each once, and its rerun sends nothing twice."""
        self.env["ir.config_parameter"].set_param("dms_sales.job_threshold_reports", 1)
        with trap_jobs() as trap:
            self.env["dms.report.subscription"]._cron_send_reports()
            trap.assert_jobs_count(1)
            self.assertFalse(self._mails(self.sub_accountant), "nothing sent by the cron itself")
            trap.perform_enqueued_jobs()
        self.assertEqual(len(self._mails(self.sub_accountant)), 1)
        self.assertEqual(len(self._mails(self.sub_supervisor)), 1)
        self.assertEqual(self.sub_accountant.next_run_date, fields.Date.to_date("2026-04-01"))
        (self.sub_accountant | self.sub_supervisor)._dms_send_due(fields.Date.to_date("2026-03-03"))
        self.assertEqual(len(self._mails(self.sub_accountant)), 1, "a rerun sends nothing twice")

    @freeze_time("2026-03-03")
    def test_rendered_with_subscriber_rights(self):
        self.sub_supervisor.frequency = "monthly"
        self.sub_supervisor.action_send_now()
        summary = self._summary(self._mails(self.sub_supervisor))
        self.assertEqual(summary, {self.distributor.name: 1000},
                         "the supervisor's statement leaves out the other territory's distributor")

    def test_registry_and_own_subscriptions(self):
        codes = dict(self.env["dms.report.subscription"]._selection_report_code())
        self.assertEqual(set(codes), {"statement", "target", "claim"})
        mine = self.env["dms.report.subscription"].with_user(self.supervisor).search([])
        self.assertEqual(mine, self.sub_supervisor)
