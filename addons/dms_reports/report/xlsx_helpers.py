"""Shared layout of the DMS xlsx exports: bold header, frozen first row, autofilter, number and
date formats, a bold totals row. User text is always written as text."""
import datetime


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
