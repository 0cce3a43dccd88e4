"""A streaming XLSX writer for large registers: rows go straight into the zipped sheet XML.

xlsxwriter builds every cell as an object and writes it on its own (about 5 to 10 microseconds a
cell here), too slow for a million lines of twenty columns in under a minute and a half. This
writer formats a whole row with one string template, writes strings inline (so no string table
to hold in memory, and text is never read as a formula) and streams each sheet into the zip
member, so memory stays flat whatever the number of rows. It writes what the register needs:
a styled, frozen header row, column widths, dates, numbers with formats, inline text, a totals
row of SUBTOTAL formulas with their values cached, and an autofilter.

    writer = XlsxStreamWriter(fileobj)
    sheet = writer.start_sheet("Lines", headers, kinds, widths)
    sheet.write_rows(rows)                  # tuples of Python values, as many times as needed
    sheet.finish(totals={13: 42.0}, label="Total")
    writer.close()
"""
import datetime
import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
# column kinds -> cell style index in STYLES_XML
KINDS = {"text": 0, "date": 1, "amount": 2, "qty": 2, "int": 3}
HEADER_STYLE, TOTAL_LABEL_STYLE, TOTAL_STYLE, TOTAL_INT_STYLE = 4, 5, 6, 7
# characters XML 1.0 forbids (control characters but tab, LF and CR; the noncharacters U+FFFE and
# U+FFFF; lone surrogates, which UTF-8 cannot encode): dropped from text; and what text needs
# escaped or dropped
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CONTROL_BYTES = bytes([*range(1, 9), 11, 12, *range(14, 32)])
_NONCHARACTERS_UTF8 = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE, U+FFFF
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

TEXT_CELL = '<c t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>'
EMPTY_TEXT_CELL = TEXT_CELL % ""

STYLES_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="3"><border><left/><right/><top/><bottom/><diagonal/></border>
<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>\
<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>
<border><left/><right/><top style="thin"><color auto="1"/></top><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="8">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" \
applyAlignment="1"><alignment wrapText="1"/></xf>
<xf numFmtId="0" fontId="1" fillId="0" borderId="2" xfId="0" applyFont="1" applyBorder="1"/>
<xf numFmtId="4" fontId="1" fillId="0" borderId="2" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>
<xf numFmtId="3" fontId="1" fillId="0" borderId="2" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def column_letter(index):
    """0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def excel_date(value):
    """A datetime or date as an Excel serial number (days since 1899-12-30)."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    return (value - EXCEL_EPOCH).total_seconds() / 86400.0


def strip_forbidden(text):
    """`text` without the characters XML 1.0 forbids: the one filter of the text of every workbook
    we write, streamed here or built by xlsxwriter (report/xlsx_helpers.py)."""
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text


def clean_text(value):
    """Text as XML character data: escaped, without the characters XML forbids."""
    return strip_forbidden(escape(str(value)))


class _Sheet:
    def __init__(self, writer, name, headers, kinds, widths, stream, last_row=None):
        self.writer, self.name, self.kinds = writer, name, tuple(kinds)
        self.letters = [column_letter(i) for i in range(len(self.kinds))]
        # the fast path's row: cells without a reference, so in column order; then
        # (is text, cell template taking the row number and the value) per column
        self.row_template = '<row r="%%d">%s</row>' % "".join(
            (TEXT_CELL if kind == "text" else '<c s="%d"><v>%%r</v></c>' % KINDS[kind]) for kind in self.kinds)
        self.columns = [
            (True, '<c r="%s%%d" t="inlineStr"><is><t xml:space="preserve">%%s</t></is></c>' % letter)
            if kind == "text" else (False, '<c r="%s%%d" s="%d"><v>%%r</v></c>' % (letter, KINDS[kind]))
            for kind, letter in zip(self.kinds, self.letters, strict=True)
        ]
        self.stream = stream
        self.row = 1  # rows written, header included
        self.finished = False
        cols = "".join('<col min="%d" max="%d" width="%s" customWidth="1"/>' % (i + 1, i + 1, w)
                       for i, w in enumerate(widths))
        header = "".join('<c r="%s1" t="inlineStr" s="%d"><is><t>%s</t></is></c>' % (
            letter, HEADER_STYLE, clean_text(text)) for letter, text in zip(self.letters, headers, strict=True))
        self._write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s %s>%s'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/><cols>%s</cols><sheetData><row r="1">%s</row>' % (
                NS, NS_R, '<dimension ref="A1:%s%d"/>' % (self.letters[-1], last_row) if last_row else "", cols,
                header))

    def _write(self, text):
        self.stream.write(text.encode("utf-8"))

    def write_rows(self, rows, escaped=False):
        """Append rows (sequences of values in column order). Text: str, None or '' for an empty
        cell. Dates: datetime, date or an Excel serial number. Numbers: int or float; None for an
        empty cell.

        ``escaped=True`` is the fast path of large exports: every row has a value in every column,
        text already XML-escaped (control characters are dropped here), dates as serial numbers, numbers
        as int or float; each row is then formatted by one string template, and empty text
        becomes an empty cell."""
        if escaped:
            template, first = self.row_template, self.row + 1
            xml = "".join([template % ((first + index,) + tuple(values)) for index, values in enumerate(rows)])
            self.row = first + len(rows) - 1 if rows else self.row
            # control bytes never occur inside multi-byte UTF-8 sequences, and the lead byte of
            # U+FFFE/U+FFFF cannot be a continuation byte: deleting them from the encoded chunk is
            # safe, and much faster than a regular expression over the text ("ignore" drops lone
            # surrogates, which have no UTF-8)
            data = xml.replace(EMPTY_TEXT_CELL, "<c/>").encode("utf-8", "ignore").translate(None, _CONTROL_BYTES)
            if b"\xef\xbf" in data:
                for nonchar in _NONCHARACTERS_UTF8:
                    data = data.replace(nonchar, b"")
            self.stream.write(data)
            return
        out = []
        row_number = self.row
        columns = self.columns
        special, clean = _SPECIAL.search, clean_text
        for values in rows:
            row_number += 1
            cells = ['<row r="%d">' % row_number]
            for (is_text, template), value in zip(columns, values, strict=False):
                if is_text:
                    if value:
                        cells.append(template % (row_number, clean(value) if special(value) else value))
                elif value is not None and value is not False:
                    if value.__class__ is not float and value.__class__ is not int:
                        value = excel_date(value) if isinstance(value, datetime.date) else float(value)
                    cells.append(template % (row_number, value))
            cells.append("</row>")
            out.append("".join(cells))
        self.row = row_number
        self._write("".join(out))

    def finish(self, totals=None, label=None):
        """Close the sheet: a totals row ({column index: value}, written as SUBTOTAL formulas over
        the data rows with their value cached) and the autofilter over header and data rows."""
        last_data_row = max(self.row, 2)
        total_row = ""
        if totals is not None:
            number = self.row + 1
            cells = []
            if label:
                cells.append('<c r="A%d" t="inlineStr" s="%d"><is><t>%s</t></is></c>' % (
                    number, TOTAL_LABEL_STYLE, clean_text(label)))
            for col in sorted(totals):
                letter = self.letters[col]
                style = TOTAL_INT_STYLE if self.kinds[col] == "int" else TOTAL_STYLE
                cells.append('<c r="%s%d" s="%d"><f>SUBTOTAL(9,%s2:%s%d)</f><v>%r</v></c>' % (
                    letter, number, style, letter, letter, last_data_row, float(totals[col])))
            total_row = '<row r="%d">%s</row>' % (number, "".join(cells))
        self.filter_ref = "A1:%s%d" % (self.letters[-1], last_data_row)
        self._write('%s</sheetData><autoFilter ref="%s"/></worksheet>' % (total_row, self.filter_ref))
        self.stream.close()
        self.finished = True


class XlsxStreamWriter:
    """Writes sheets one after the other into `fileobj` (a path or a binary file object)."""

    def __init__(self, fileobj, compresslevel=1):
        self.zip = zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self.sheets = []

    def start_sheet(self, name, headers, kinds, widths, last_row=None):
        """A new sheet. `last_row`, when known, is written as the sheet's dimension (readers such
        as openpyxl's read-only mode otherwise parse the whole sheet to find its size)."""
        if self.sheets and not self.sheets[-1].finished:
            raise ValueError("finish sheet %r before starting %r" % (self.sheets[-1].name, name))
        stream = self.zip.open("xl/worksheets/sheet%d.xml" % (len(self.sheets) + 1), "w", force_zip64=True)
        sheet = _Sheet(self, strip_forbidden(name), headers, kinds, widths, stream, last_row)
        self.sheets.append(sheet)
        return sheet

    def close(self):
        if self.sheets and not self.sheets[-1].finished:
            self.sheets[-1].finish()
        count = len(self.sheets)
        sheets = "".join('<sheet name=%s sheetId="%d" r:id="rId%d"/>' % (quoteattr(s.name[:31]), i, i)
                         for i, s in enumerate(self.sheets, start=1))
        names = "".join(
            '<definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">%s</definedName>' % (
                i, escape("'%s'!%s" % (s.name[:31].replace("'", "''"), _absolute(s.filter_ref))))
            for i, s in enumerate(self.sheets))
        self.zip.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook %s %s><bookViews>'
            '<workbookView/></bookViews><sheets>%s</sheets><definedNames>%s</definedNames></workbook>'
            % (NS, NS_R, sheets, names)))
        self.zip.writestr("xl/styles.xml", STYLES_XML)
        self.zip.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s'
            '<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/></Relationships>' % (
                "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>'
                        % (i, REL, i) for i in range(1, count + 1)), count + 1, REL)))
        self.zip.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            'Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % REL))
        self.zip.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types '
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>%s</Types>' % (
                "".join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % i
                        for i in range(1, count + 1)))))
        self.zip.close()


def _absolute(ref):
    """A1:S10 -> $A$1:$S$10"""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))
