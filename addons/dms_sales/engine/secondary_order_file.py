"""Reading distributors' order files (CSV or XLSX) into plain rows: no database here.

A file has a header row naming its columns (any order, any case); every following row is one
order line. ``read_rows`` returns ``(header, rows)`` where rows are ``(row_number, {column: text})``
with row numbers as a spreadsheet shows them (the header is row 1).
"""
import csv
import datetime
import io
import math

COLUMNS = ("external_ref", "date", "outlet_code", "product_code", "quantity", "unit", "rep_login")
REQUIRED = ("external_ref", "date", "outlet_code", "product_code", "quantity", "unit")
UNITS = ("unit", "case")
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
                "%d/%m/%Y", "%d/%m/%Y %H:%M")
TEMPLATE = (
    "external_ref,date,outlet_code,product_code,quantity,unit,rep_login\n"
    "INV-0001,2026-01-15,OUT-1,SOAP,2,case,\n"
    "INV-0001,2026-01-15,OUT-1,SHAMP,3,unit,\n"
    "INV-0002,2026-01-15,OUT-2,8901234567890,10,unit,rep@example.com\n"
)


class FileFormatError(Exception):
    """The file as a whole cannot be read (not a row-level problem)."""


def read_rows(content, filename=""):
    if filename.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        raw = _xlsx_rows(content)
    else:
        raw = _csv_rows(content)
    header = None
    rows = []
    for number, values in raw:
        cells = [_text(v) for v in values]
        if not any(cells):
            continue
        if header is None:
            header = [_column_name(c) for c in cells]
            continue
        rows.append((number, {name: (cells[i] if i < len(cells) else "")
                              for i, name in enumerate(header) if name in COLUMNS}))
    if header is None:
        raise FileFormatError("The file is empty: it needs a header row and at least one order line.")
    return header, rows


def _csv_rows(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise FileFormatError(
            "The file is neither an XLSX workbook nor a UTF-8 CSV file (byte %d cannot be read). "
            "Save it as 'CSV UTF-8' or as an Excel workbook." % e.start) from e
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return ((number, values) for number, values in enumerate(reader, 1))


def _xlsx_rows(content):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as e:
        raise FileFormatError("The file could not be read as an XLSX workbook: %s" % e) from e
    sheet = workbook.worksheets[0]
    rows = [(number, values) for number, values in enumerate(sheet.iter_rows(values_only=True), 1)]
    workbook.close()
    return rows


def _text(value):
    """A cell as text: numbers without a spurious '.0', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != datetime.time() else \
            value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _column_name(cell):
    return cell.strip().lower().replace(" ", "_")


def parse_quantity(text):
    """A positive finite number, or None. The decimal separator is a dot: '1,000' is refused
    rather than guessed."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def parse_date(text):
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None
