import datetime
import io

import openpyxl

from odoo.tests import BaseCase, tagged

from ..engine.xlsx_stream import XlsxStreamWriter, column_letter, excel_date


@tagged("post_install", "-at_install")
class TestXlsxStream(BaseCase):

    def _book(self, **load):
        out = io.BytesIO()
        writer = XlsxStreamWriter(out)
        sheet = writer.start_sheet("Lines", ["Date", "Name", "Qty", "Amount"], ["date", "text", "int", "amount"],
                                   [18, 30, 10, 12])
        sheet.write_rows([
            (datetime.datetime(2026, 1, 31, 13, 30), "=HYPERLINK(\"http://x\",\"x\")", 3, 10.5),
            (datetime.date(2026, 2, 1), "  A & B <c>\x01 ", 0, None),
        ])
        sheet.write_rows([(None, "", 7, -2.25)])
        sheet.finish({2: 10, 3: 8.25}, "Total")
        other = writer.start_sheet("By Distributor", ["Distributor", "Net"], ["text", "amount"], [30, 12])
        other.finish()
        writer.close()
        return openpyxl.load_workbook(io.BytesIO(out.getvalue()), **load)

    def test_cells_formats_layout(self):
        book = self._book()
        self.assertEqual(book.sheetnames, ["Lines", "By Distributor"])
        sheet = book["Lines"]
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, "A1:D4")
        self.assertEqual([c.value for c in sheet[1]], ["Date", "Name", "Qty", "Amount"])
        self.assertTrue(sheet["A1"].font.b)
        self.assertEqual(sheet["A2"].value, datetime.datetime(2026, 1, 31, 13, 30))
        self.assertEqual(sheet["A2"].number_format, "yyyy-mm-dd hh:mm")
        self.assertEqual(sheet["A3"].value, datetime.datetime(2026, 2, 1))
        self.assertEqual((sheet["B2"].value, sheet["B2"].data_type), ('=HYPERLINK("http://x","x")', "s"),
                         "text is never a formula")
        self.assertEqual(sheet["B3"].value, "  A & B <c> ", "escaped, spaces kept, control characters dropped")
        self.assertEqual((sheet["C2"].value, sheet["C2"].number_format), (3, "#,##0"))
        self.assertEqual((sheet["D2"].value, sheet["D2"].number_format), (10.5, "#,##0.00"))
        self.assertEqual(sheet["C3"].value, 0, "zero is a value, not an empty cell")
        self.assertIsNone(sheet["D3"].value)
        self.assertEqual(sheet["A5"].value, "Total")
        self.assertEqual(sheet["D5"].value, "=SUBTOTAL(9,D2:D4)")
        self.assertEqual(sheet.column_dimensions["B"].width, 30)
        self.assertEqual(book["By Distributor"].max_row, 1)

    def test_cached_totals(self):
        sheet = self._book(data_only=True)["Lines"]
        self.assertEqual((sheet["C5"].value, sheet["D5"].value), (10, 8.25))

    def test_helpers(self):
        self.assertEqual([column_letter(i) for i in (0, 25, 26, 701, 702)], ["A", "Z", "AA", "ZZ", "AAA"])
        self.assertEqual(excel_date(datetime.date(1900, 3, 1)), 61)

    def test_fast_path(self):
        """escaped=True: text comes escaped (as PostgreSQL escapes it), every cell has a value."""
        out = io.BytesIO()
        writer = XlsxStreamWriter(out)
        sheet = writer.start_sheet("Lines", ["Date", "Name", "Code", "Amount"], ["date", "text", "text", "amount"],
                                   [18, 30, 10, 12], last_row=5)
        sheet.write_rows([(46053.5, "A &amp; B &lt;c&gt;\x02", "", 10.5), (46054.0, "x", "C-1", 0.0)], escaped=True)
        sheet.write_rows([(46055.25, "y", "", -1.0)], escaped=True)
        sheet.finish({3: 9.5}, "Total")
        writer.close()
        sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["Lines"]
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=4)]
        self.assertEqual(rows[0], [datetime.datetime(2026, 1, 31, 12, 0), "A & B <c>", None, 10.5])
        self.assertEqual(rows[1], [datetime.datetime(2026, 2, 1), "x", "C-1", 0])
        self.assertEqual(rows[2][1:], ["y", None, -1])
        self.assertEqual(sheet["D5"].value, "=SUBTOTAL(9,D2:D4)")
        self.assertEqual(sheet.auto_filter.ref, "A1:D4")
        read_only = openpyxl.load_workbook(io.BytesIO(out.getvalue()), read_only=True)["Lines"]
        self.assertEqual((read_only.max_row, read_only.max_column), (5, 4), "the dimension is written")

    def test_characters_xml_forbids_are_dropped(self):
        """Noncharacters U+FFFE/U+FFFF, control characters and lone surrogates are dropped from text,
        in both paths; tab, line feed and carriage return are kept."""
        bad = "A\ufffeB\uffffC\x01D\x1fE\ud800F\tG\nH"
        out = io.BytesIO()
        writer = XlsxStreamWriter(out)
        sheet = writer.start_sheet("Lines\uffff", ["Name\ufffe", "Code"], ["text", "text"], [30, 10])
        sheet.write_rows([(bad, "x")])
        sheet.write_rows([("A\ufffeB\uffffC\x01D\x1fE\ud800F\tG\nH &amp;", "y")], escaped=True)
        sheet.finish({}, "Total\x02")
        writer.close()
        book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
        self.assertEqual(book.sheetnames, ["Lines"])
        sheet = book["Lines"]
        self.assertEqual(sheet["A1"].value, "Name")
        self.assertEqual(sheet["A2"].value, "ABCDEF\tG\nH")
        self.assertEqual(sheet["A3"].value, "ABCDEF\tG\nH &")
        self.assertEqual(sheet["A4"].value, "Total")
