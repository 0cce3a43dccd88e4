import io
from datetime import datetime

import openpyxl
import xlsxwriter

from odoo.tests import Form, tagged

from .common import DmsReportsAnalysisCommon


@tagged("post_install", "-at_install")
class TestRegisterXlsx(DmsReportsAnalysisCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outlet_2.name = '=HYPERLINK("http://evil.example","x")'
        cls.outlet.name = "Rahim & <Sons>\x01 "

    def _export(self, user, **values):
        form = Form(self.env["dms.secondary.sales.register.wizard"].with_user(user))
        form.date_from = self.today.replace(day=1)
        form.date_to = self.today
        for territory in values.get("territories", ()):
            form.territory_ids.add(territory)
        for distributor in values.get("distributors", ()):
            form.distributor_ids.add(distributor)
        wizard = form.save()
        expected = wizard.line_count
        wizard.action_export()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.exported_count, expected)
        self.assertTrue(wizard.filename.endswith(".xlsx"))
        action = wizard.action_download()
        self.assertEqual(action["url"], "/web/content/%d?download=true" % wizard.attachment_id.id)
        return openpyxl.load_workbook(io.BytesIO(wizard.attachment_id.raw)), expected

    def test_register_cells(self):
        book, count = self._export(self.manager, distributors=[self.distributor])
        lines = (self.o1 | self.o2).line_ids
        self.assertEqual(count, len(lines))
        self.assertEqual(book.sheetnames, ["Lines", "By Distributor"])
        sheet = book["Lines"]
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, "A1:S%d" % (count + 1))
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header[:4], ["Date", "Order", "Territory", "Distributor"])
        self.assertEqual(header[-1], "Net")
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=count + 1)]
        self.assertEqual(sorted(r[1] for r in rows), sorted(line.order_id.name for line in lines))
        self.assertTrue(all(isinstance(r[0], datetime) for r in rows), "dates are dates, not text")
        self.assertEqual(sheet.cell(2, 1).number_format, "yyyy-mm-dd hh:mm")
        self.assertEqual(sheet.cell(2, 19).number_format, "#,##0.00")
        case_row = next(r for r in rows if r[14] == 2)
        self.assertEqual((case_row[10], case_row[13], case_row[15], case_row[16], case_row[18]),
                         ("Soap 100g", 48, 1680, 168, 1512))
        self.assertEqual(case_row[5], "Rahim & <Sons> ", "escaped in the file, control character dropped")
        towel = next(r for r in rows if r[10] == "Towel")
        self.assertEqual((towel[12], towel[17], towel[18]), ("Yes", 60, 0))
        evil = next(r for r in rows if r[1] == self.o2.name)
        self.assertEqual(evil[5], self.outlet_2.name, "an outlet name is text, never a formula")
        self.assertEqual(sheet.cell(rows.index(evil) + 2, 6).data_type, "s")
        # totals row: SUBTOTAL formulas; their cached values sum the lines
        total_row = count + 2
        self.assertEqual(sheet.cell(total_row, 1).value, "Total")
        self.assertEqual(sheet.cell(total_row, 19).value, "=SUBTOTAL(9,S2:S%d)" % (count + 1))
        self.assertAlmostEqual(sum(r[18] for r in rows), sum(lines.mapped("price_subtotal")))

        summary = book["By Distributor"]
        self.assertEqual(summary.freeze_panes, "A2")
        self.assertEqual([c.value for c in summary[2]][:2], [self.distributor.name, count])
        self.assertAlmostEqual(summary.cell(2, 8).value, sum(lines.mapped("price_subtotal")))
        self.assertEqual(summary.cell(3, 1).value, "Total")
        self.assertEqual(sheet.calculate_dimension(), "A1:S%d" % (count + 2))

    def test_cached_totals(self):
        wizard = self.env["dms.secondary.sales.register.wizard"].create({
            "date_from": self.today.replace(day=1), "date_to": self.today})
        wizard.action_export()
        book = openpyxl.load_workbook(io.BytesIO(wizard.attachment_id.raw), data_only=True)
        sheet = book["Lines"]
        total_row = wizard.exported_count + 2
        nets = [sheet.cell(row, 19).value for row in range(2, total_row)]
        self.assertAlmostEqual(sheet.cell(total_row, 19).value, sum(nets))
        [(net,)] = self.env["dms.report.secondary.sales"]._read_group(self._this_month(), [], ["price_subtotal:sum"])
        self.assertAlmostEqual(sheet.cell(total_row, 19).value, net, places=2)

    def test_rules_territories_and_chunks(self):
        book, count = self._export(self.rep)
        self.assertEqual(count, len(self.o1.line_ids), "a rep exports their territories only")
        self.assertEqual({row[1].value for row in book["Lines"].iter_rows(min_row=2, max_row=count + 1)},
                         {self.o1.name})
        __, count = self._export(self.manager, territories=[self.area_2])
        self.assertEqual(count, 1, "the territory filter takes sub-territories: Area 2 has o2")
        __, count = self._export(self.manager, territories=[self.region])
        self.assertEqual(count, len((self.o1 | self.o2).line_ids))
        # chunked reading: 2 lines per chunk gives the same rows in id order
        report = self.env["report.dms_reports.secondary_sales_register_xlsx"]
        out = io.BytesIO()
        workbook = xlsxwriter.Workbook(out, {**report.get_workbook_options(), "in_memory": True})
        written = report._write_register(workbook, [("order_id", "in", self.counted.ids)], chunk_size=2)
        workbook.close()
        self.assertEqual(written, len(self.counted.line_ids))
        sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["Lines"]
        self.assertEqual(sheet.max_row, written + 2)

    def test_print_selected_rows(self):
        rows = self.env["dms.report.secondary.sales"].search([("order_id", "=", self.o1.id)])
        content, fmt = self.env["ir.actions.report"].with_user(self.supervisor)._render(
            "dms_reports.secondary_sales_register_xlsx", rows.ids)
        self.assertEqual(fmt, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book["Lines"].max_row, len(rows) + 2)
        self.assertEqual(book["By Distributor"]["B2"].value, len(rows))

    def test_characters_xml_forbids_are_dropped(self):
        """U+FFFE, U+FFFF and control characters are not allowed in XML 1.0: one outlet named with
        them must not make the whole file unreadable, in the streamed export nor in the printed one."""
        self.outlet.name = "Rahim\ufffe Store\uffff\x01\x1f\tA"
        rows = self.env["dms.report.secondary.sales"].search([("order_id", "in", (self.o1 | self.o2).ids)])
        content, __ = self.env["ir.actions.report"].with_user(self.manager)._render(
            "dms_reports.secondary_sales_register_xlsx", rows.ids)
        streamed, __ = self._export(self.manager, distributors=[self.distributor])
        for label, book in (("streamed", streamed), ("printed", openpyxl.load_workbook(io.BytesIO(content)))):
            with self.subTest(label):
                lines = list(book["Lines"].iter_rows(min_row=2, values_only=True))
                outlets = {row[1]: row[5] for row in lines if row[1]}
                self.assertEqual(outlets[self.o1.name], "Rahim Store\tA")
                self.assertEqual(outlets[self.o2.name], '=HYPERLINK("http://evil.example","x")',
                                 "a name starting with = is text")
                cell = next(row[5] for row in book["Lines"].iter_rows(min_row=2) if row[1].value == self.o2.name)
                self.assertEqual(cell.data_type, "s")

    def test_every_xlsx_report_writes_through_the_cleaning_workbook(self):
        reports = self.env["ir.actions.report"].search([
            ("report_type", "=", "xlsx"), ("report_name", "=like", "dms_%")])
        self.assertGreaterEqual(len(reports), 5)
        children = self.env["dms.report.xlsx.abstract"]._inherit_children
        for report in reports:
            self.assertIn("report.%s" % report.report_name, children, report.report_name)
