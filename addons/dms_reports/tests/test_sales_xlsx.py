import io

import openpyxl

from odoo.tests import tagged

from .common import DmsReportsCommon


@tagged("post_install", "-at_install")
class TestSalesXlsx(DmsReportsCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        month = cls.today.replace(day=1)
        Target = cls.env["dms.target"]
        cls.targets = Target.create([
            {"target_type": "distributor", "distributor_id": cls.distributor.id, "month": month,
             "target_value": 1000},
            {"target_type": "territory", "territory_id": cls.area.id, "month": month,
             "target_value": 400, "target_qty": 10},
        ])
        cls.evil = cls.env["res.partner"].create({
            "name": "=HYPERLINK(\"http://evil.example\")", "is_company": True, "dms_role": "distributor"})
        cls.claim = cls._approved_claim(120)
        cls.claim_2 = cls.env["dms.claim"].create({
            "distributor_id": cls.evil.id, "date_from": cls._days_ago(30), "date_to": cls.today})
        cls.env["dms.claim.line"].create([
            {"claim_id": cls.claim_2.id, "source": "adjustment", "name": "Shelf rent", "amount": 40},
            {"claim_id": cls.claim_2.id, "source": "return_damage", "name": "Broken", "amount": 10},
            {"claim_id": cls.claim_2.id, "source": "adjustment", "name": "Shelf rent 2", "amount": 5},
        ])

    def _render(self, xmlid, records, user=None):
        report = self.env.ref(xmlid)
        content, fmt = self.env["ir.actions.report"].with_user(user or self.manager)._render(
            report.report_name, records.ids)
        self.assertEqual(fmt, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_target_achievement(self):
        book = self._render("dms_reports.dms_target_xlsx", self.targets)
        self.assertEqual(book.sheetnames, ["Targets", "By Target Type"])
        sheet = book["Targets"]
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, "A1:J3")
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        by_subject = {row[2]: row for row in rows[:2]}
        self.assertEqual(by_subject[self.distributor.name][4:7], (1000, 0, 0))
        self.assertEqual(by_subject[self.area.display_name][7], 10)
        self.assertEqual(rows[2][0], "Total")
        self.assertEqual(rows[2][4], 1400)
        self.assertEqual(sheet["A2"].number_format, "yyyy-mm-dd")
        self.assertEqual(sheet["E2"].number_format, "#,##0.00")
        by_type = list(book["By Target Type"].iter_rows(min_row=2, values_only=True))
        self.assertEqual({row[0]: row[1] for row in by_type}, {"Territory": 400, "Distributor": 1000})

    def test_claim_statement(self):
        book = self._render("dms_reports.dms_claim_xlsx", self.claim | self.claim_2, self.accountant)
        self.assertEqual(book.sheetnames, ["Claims", "By Scheme", "Lines"])
        claims = book["Claims"]
        rows = {row[0]: row for row in claims.iter_rows(min_row=2, max_row=3, values_only=True)}
        self.assertEqual(rows[self.claim.name][6:8], (120, self.claim.credit_note_id.name))
        self.assertEqual(rows[self.claim_2.name][5:7], (3, 55))
        self.assertEqual(claims["A4"].value, "Total")
        self.assertEqual(claims["G4"].value, 175)
        evil_cell = claims["B3"] if claims["A3"].value == self.claim_2.name else claims["B2"]
        self.assertEqual(evil_cell.data_type, "s", "user text never becomes a formula")
        by_scheme = list(book["By Scheme"].iter_rows(min_row=2, values_only=True))
        grouped = {(row[0], row[3]): (row[4], row[5]) for row in by_scheme[:-1]}
        self.assertEqual(grouped, {
            (self.claim.name, "Adjustment"): (1, 120),
            (self.claim_2.name, "Adjustment"): (2, 45),
            (self.claim_2.name, "Damaged Return"): (1, 10),
        })
        self.assertEqual(by_scheme[-1][4:6], (4, 175))
        self.assertEqual(book["Lines"].max_row, 6, "header, 4 lines, totals")
        self.assertEqual(book["By Scheme"].freeze_panes, "A2")
