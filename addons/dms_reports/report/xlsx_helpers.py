"""Shared layout of the DMS xlsx exports: bold header, frozen first row, autofilter, number and
date formats, a bold totals row. User text is always written as text, without the characters XML
forbids."""
import datetime

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ..engine.xlsx_stream import strip_forbidden


class XmlSafeWorksheet(Worksheet):
    """A worksheet that drops the characters XML 1.0 forbids from every text cell. Every way of
    writing text (write, write_string, write_row, merge_range...) ends in `_write_string`.
    xlsxwriter would escape them as `_xFFFE_` (and a lone surrogate would break the file): an
    outlet named with one would come back with that code in its name."""

    def _write_string(self, row, col, string, cell_format=None):
        return super()._write_string(row, col, strip_forbidden(string), cell_format)


# `xlsxwriter.Workbook`, not `xlsxwriter.workbook.Workbook`: Odoo (odoo/tools/misc.py: sheet names
# without []:*?/\ and cut at 31) and report_xlsx (duplicate sheet names numbered) replace the
# attribute with their patched subclasses, which the reports rely on.
class XmlSafeWorkbook(xlsxwriter.Workbook):
    worksheet_class = XmlSafeWorksheet


class XlsxFormats:
    def __init__(self, workbook):
        self.bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.number = workbook.add_format({"num_format": "#,##0.00"})
        self.percent = workbook.add_format({"num_format": "0.0"})
        self.total_text = workbook.add_format({"bold": True, "top": 1})
        self.total_number = workbook.add_format({"bold": True, "top": 1, "num_format": "#,##0.00"})

    def header(self, sheet, headers, widths):
        for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.write_string(0, col, header, self.bold)
            sheet.set_column(col, col, width)

    def total_row(self, sheet, row, values):
        for col, value in enumerate(values):
            if isinstance(value, (int, float)):
                sheet.write_number(row, col, value, self.total_number)
            elif value:
                sheet.write_string(row, col, value, self.total_text)

    def finish(self, sheet, last_row, columns):
        """Freeze the header and filter the data rows (not the totals row)."""
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(last_row, 1), columns - 1)


def write_row(sheet, row, values, fmt, number_format=None):
    for col, value in enumerate(values):
        if value is None or value is False:
            continue
        if isinstance(value, bool):
            sheet.write_boolean(row, col, value)
        elif isinstance(value, (int, float)):
            sheet.write_number(row, col, value, number_format or fmt.number)
        elif isinstance(value, datetime.date):
            sheet.write_datetime(row, col, datetime.datetime.combine(value, datetime.time.min)
                                 if not isinstance(value, datetime.datetime) else value, fmt.date)
        else:
            sheet.write_string(row, col, str(value))
