import io
import re

import openpyxl
from lxml import html

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import DmsReportsCommon


def _amount(node_text):
    """'$ 1,950.00' or '-350.00 ৳' -> '1950.00' / '-350.00'."""
    return re.sub(r"[^\d.\-]", "", node_text.replace(",", ""))


@tagged("post_install", "-at_install")
class TestDistributorStatement(DmsReportsCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # before the period: an invoice partly paid
        cls.inv_old = cls._invoice(1000, 120)
        cls.pay_old = cls._payment(400, 90)
        (cls._rec_line(cls.inv_old) | cls._rec_line(cls.pay_old)).reconcile()
        # in the period: invoices, a credit note offset on one, a scheme claim, a payment on account
        cls.inv_2 = cls._invoice(2000, 45)
        cls.refund = cls._invoice(300, 20, move_type="out_refund")
        (cls._rec_line(cls.inv_2) | cls._rec_line(cls.refund)).reconcile()
        cls.inv_3 = cls._invoice(500, 10)
        cls.pay_2 = cls._payment(700, 5, memo="cash")
        cls.claim = cls._approved_claim(150)
        # other customers never mix in
        cls._invoice(999, 10, partner=cls.distributor_south)
        cls.date_from, cls.date_to = cls._days_ago(60), cls.today

    def test_figures_equal_the_ledger(self):
        stmt = self.distributor._dms_statements(self.date_from, self.date_to)[self.distributor]
        opening = self._ledger(self.distributor, date_to=self._days_ago(61))
        movement = self._ledger(self.distributor, self.date_from, self.date_to)
        self.assertAlmostEqual(stmt.opening, opening)
        self.assertAlmostEqual(stmt.opening, 600)
        self.assertAlmostEqual(stmt.closing, opening + movement)
        self.assertAlmostEqual(stmt.closing, 1950)
        self.assertEqual(stmt.totals, {"invoice": 2500, "credit_note": -450, "payment": -700, "other": 0})
        self.assertEqual(stmt.claim_credits, -150)
        claim_entries = [e for e in stmt.entries if e.is_claim]
        self.assertEqual([e.move_name for e in claim_entries], [self.claim.credit_note_id.name])
        self.assertEqual(stmt.entries[-1].balance, stmt.closing)
        self.assertEqual(stmt.ageing, {"0_30": -350, "31_60": 1700, "61_90": 0, "90_plus": 600})
        self.assertAlmostEqual(stmt.ageing_total, sum(self._rec_line(m).amount_residual for m in (
            self.inv_old, self.inv_2, self.inv_3, self.pay_2, self.claim.credit_note_id)))

    def test_earlier_end_date(self):
        date_to = self._days_ago(30)
        stmt = self.distributor._dms_statements(self._days_ago(60), date_to)[self.distributor]
        self.assertAlmostEqual(stmt.closing, self._ledger(self.distributor, date_to=date_to))
        self.assertEqual(stmt.ageing, {"0_30": 2000, "31_60": 0, "61_90": 600, "90_plus": 0},
                         "the credit note offset later is not in the ageing yet")

    def test_wizard_xlsx(self):
        wizard = Form(self.env["dms.statement.wizard"].with_user(self.accountant).with_context(
            active_model="res.partner", active_ids=self.distributor.ids))
        wizard.date_from = self.date_from
        wizard = wizard.save()
        self.assertEqual(wizard.distributor_ids, self.distributor)
        action = wizard.action_print_xlsx()
        self.assertEqual(action["report_name"], "dms_reports.dms_statement_xlsx")
        content, fmt = self.env["ir.actions.report"].with_user(self.accountant)._render(
            action["report_name"], self.distributor.ids, data=action["data"])
        self.assertEqual(fmt, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, ["Summary", "Entries", "Ageing"])
        summary = book["Summary"]
        self.assertEqual(summary.freeze_panes, "A2")
        self.assertEqual(summary.auto_filter.ref, "A1:J2")
        self.assertEqual([c.value for c in summary[2]][3:], [600, 2500, -450, -150, -700, 0, 1950])
        self.assertEqual(summary["A2"].value, self.distributor.name)
        self.assertEqual(summary["B2"].number_format, "yyyy-mm-dd")
        self.assertEqual(summary["J3"].value, 1950, "totals row")
        entries = book["Entries"]
        rows = list(entries.iter_rows(min_row=2, values_only=True))
        self.assertEqual(rows[0][3], "Opening Balance")
        self.assertEqual(rows[-1][9], 1950)
        self.assertEqual([r[2] for r in rows if r[4] == "Yes"], [self.claim.credit_note_id.name])
        ageing = book["Ageing"]
        self.assertEqual([c.value for c in ageing[2]][2:], [-350, 1700, 0, 600, 1950])

    def test_pdf_html(self):
        action = self.distributor.with_user(self.accountant).action_dms_statement()
        wizard = self.env["dms.statement.wizard"].with_user(self.accountant).with_context(
            **action["context"]).create({"date_from": self.date_from})
        action = wizard.action_print_pdf()
        body, __ = self.env["ir.actions.report"].with_user(self.accountant)._render_qweb_html(
            action["report_name"], self.distributor.ids, data=action["data"])
        body = body if isinstance(body, str) else body.decode()
        tree = html.fromstring(body)

        def text(css_class):
            [node] = tree.xpath(f"//*[contains(concat(' ', @class, ' '), ' {css_class} ')]")
            return _amount(node.text_content())

        self.assertEqual(text("o_dms_opening_amount"), "600.00")
        self.assertEqual(text("o_dms_closing_amount"), "1950.00")
        self.assertEqual(text("o_dms_total_invoice"), "2500.00")
        self.assertEqual(text("o_dms_total_credit_note"), "-450.00")
        self.assertEqual(text("o_dms_total_claim"), "-150.00")
        self.assertEqual(text("o_dms_total_payment"), "-700.00")
        self.assertEqual(text("o_dms_age_90_plus"), "600.00")
        self.assertEqual(text("o_dms_age_31_60"), "1700.00")
        self.assertEqual(len(tree.xpath("//*[contains(@class, 'o_dms_claim_flag')]")), 1)
        self.assertIn(self.inv_2.name, body)

    def test_access(self):
        south = self.distributor_south
        for user in (self.accountant, self.manager, self.supervisor, self.staff):
            stmt = self.distributor.with_user(user)._dms_statements(self.date_from, self.date_to)
            self.assertAlmostEqual(stmt[self.distributor].closing, 1950, msg=user.login)
        self.assertTrue(self.distributor_south.with_user(self.accountant)._dms_statements(
            self.date_from, self.date_to))
        for user in (self.supervisor, self.staff, self.rep):
            with self.assertRaises(AccessError, msg=user.login):
                south.with_user(user)._dms_statements(self.date_from, self.date_to)
        with self.assertRaises(AccessError):
            self.distributor.with_user(self.rep)._dms_statements(self.date_from, self.date_to)
        wizard = self.env["dms.statement.wizard"].with_user(self.staff).create({
            "distributor_ids": [(6, 0, (self.distributor | south).ids)]})
        with self.assertRaises(AccessError):
            wizard.action_print_pdf()
        Line = self.env["dms.receivable.line"]
        self.assertEqual(Line.with_user(self.staff).search([]).partner_id, self.distributor)
        self.assertFalse(Line.with_user(self.rep).search([("distributor_id", "in", self.distributor.ids)]))
        self.assertEqual(Line.with_user(self.accountant).search([("kind", "=", "credit_note"),
                                                                 ("is_claim_open", "=", True)]).claim_id, self.claim)
        # the rule follows territory reassignment at once (relation in the domain path)
        self.other_region.manager_id = self.supervisor
        self.env.flush_all()
        self.assertTrue(south.with_user(self.supervisor)._dms_statements(self.date_from, self.date_to))

    def test_queries_do_not_grow_with_distributors(self):
        def count(partners):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partners.with_user(self.accountant)._dms_statements(self.date_from, self.date_to)
            return self.env.cr.sql_log_count - before

        count(self.distributor)  # warm up caches of users and rules
        one = count(self.distributor)
        self.assertLessEqual(count(self.distributor | self.distributor_south), one)
