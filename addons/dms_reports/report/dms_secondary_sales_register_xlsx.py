import logging
import time

from odoo import models
from odoo.tools import SQL

from ..engine import xlsx_stream

_logger = logging.getLogger(__name__)

CHUNK_SIZE = 20000
# column widths of the lines sheet, and of the summary sheet
WIDTHS = (17, 16, 34, 28, 12, 28, 16, 8, 20, 12, 28, 22, 6, 12, 12, 14, 14, 14, 14)
SUMMARY_WIDTHS = (34, 10, 14, 14, 16, 16, 16, 16)
FIRST_TOTAL_COL = 13  # totals under the quantity and amount columns
SUMMARY_KINDS = ("text", "int", "qty", "qty", "amount", "amount", "amount", "amount")
LINE_KINDS = ("date",) + ("text",) * 12 + ("qty", "qty", "amount", "amount", "amount", "amount")
SUMMARY_MEASURES = ("qty_units:sum", "qty_cases:sum", "price_gross:sum", "scheme_discount:sum",
                    "free_goods_value:sum", "price_subtotal:sum")



class DmsSecondarySalesRegisterXlsx(models.AbstractModel):
    """The secondary sales register: a sheet of lines (frozen header, autofilter, formats, totals
    row) and a summary by distributor. Rows are read in chunks by id straight from the report
    view, through a query built by the report model's `_search`, so record rules apply."""

    _name = "report.dms_reports.secondary_sales_register_xlsx"
    _inherit = "dms.report.xlsx.abstract"
    _description = "Secondary Sales Register XLSX"

    def get_workbook_options(self):
        # constant_memory: each row goes to disk once written; numbers typed as text stay text
        return dict(super().get_workbook_options(), constant_memory=True, strings_to_numbers=False)

    def generate_xlsx_report(self, workbook, data, objs):
        domain = (data or {}).get("domain") or [("id", "in", objs.ids)]
        self._write_register(workbook, domain)

    def _formats(self, workbook):
        return {
            "header": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "qty": workbook.add_format({"num_format": "#,##0.00"}),
            "amount": workbook.add_format({"num_format": "#,##0.00"}),
            "int": workbook.add_format({"num_format": "#,##0"}),
            "total_label": workbook.add_format({"bold": True, "top": 1}),
            "total": workbook.add_format({"bold": True, "top": 1, "num_format": "#,##0.00"}),
            "total_int": workbook.add_format({"bold": True, "top": 1, "num_format": "#,##0"}),
        }

    def _headers(self):
        return [
            self.env._("Date"),
            self.env._("Order"),
            self.env._("Territory"),
            self.env._("Distributor"),
            self.env._("Outlet Code"),
            self.env._("Outlet"),
            self.env._("Channel"),
            self.env._("Outlet Class"),
            self.env._("Sales Rep"),
            self.env._("Product Code"),
            self.env._("Product"),
            self.env._("Category"),
            self.env._("Free Good"),
            *self._amount_headers(),
        ]

    def _summary_headers(self):
        return [self.env._("Distributor"), self.env._("Lines"), *self._amount_headers()]

    def _amount_headers(self):
        """The quantity and amount columns, last on both sheets."""
        return [
            self.env._("Qty (Units)"),
            self.env._("Qty (Cases)"),
            self.env._("Gross"),
            self.env._("Scheme Discount"),
            self.env._("Free Goods Value"),
            self.env._("Net"),
        ]

    def _write_header(self, sheet, headers, widths, fmt):
        for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.write_string(0, col, header, fmt)
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)

    def _register_query(self, domain, xml=False):
        """(SELECT expressions, FROM, WHERE, ORDER BY) of the register rows the current user may
        read. `xml`: text comes XML-escaped and numbers never NULL,
        for the streaming writer's fast path (PostgreSQL escapes faster than Python)."""
        Report = self.env["dms.report.secondary.sales"]
        query = Report._search(domain)  # record rules of the report model apply here
        alias = query.table
        lang = self.env.lang or "en_US"

        def join(column, table, link):
            return query.left_join(alias, column, table, "id", link)

        def text(expression):
            if not xml:
                return expression
            # control characters XML forbids are dropped by the writer, in one pass per chunk
            return SQL("replace(replace(replace(COALESCE(%s, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;')",
                       expression)

        def translated(table_alias):
            return text(SQL("COALESCE(%s->>%s, %s->>'en_US')", SQL.identifier(table_alias, "name"), lang,
                            SQL.identifier(table_alias, "name")))

        order = join("order_id", "dms_secondary_order", "order_id")
        territory = join("territory_id", "dms_territory", "territory_id")
        distributor = join("distributor_id", "res_partner", "distributor_id")
        outlet = join("partner_id", "res_partner", "partner_id")
        channel = join("channel_id", "dms_channel", "channel_id")
        outlet_class = join("outlet_class_id", "dms_outlet_class", "outlet_class_id")
        user = join("user_id", "res_users", "user_id")
        user_partner = query.left_join(user, "partner_id", "res_partner", "id", "partner_id")
        product = join("product_id", "product_product", "product_id")
        template = join("product_tmpl_id", "product_template", "product_tmpl_id")
        categ = join("categ_id", "product_category", "categ_id")

        def col(table_alias, name):
            return text(SQL.identifier(table_alias, name))

        def number(name):  # floats, not Decimals: cheaper to fetch
            return SQL("COALESCE(%s, 0)::float8", SQL.identifier(alias, name))

        # the order date in the user's time zone, as an Excel serial number (days since 1899-12-30)
        date = SQL("(EXTRACT(EPOCH FROM timezone(%s, timezone('UTC', %s))) / 86400.0 + 25569)::float8",
                   self.env.context.get("tz") or self.env.user.tz or "UTC", SQL.identifier(alias, "date"))
        free_good = text(SQL("CASE WHEN %s THEN %s ELSE %s END", SQL.identifier(alias, "is_reward"),
                             self.env._("Yes"), self.env._("No")))
        select = SQL(", ").join([
            date, col(order, "name"), col(territory, "complete_name"),
            col(distributor, "name"), col(outlet, "dms_outlet_code"), col(outlet, "name"), translated(channel),
            translated(outlet_class), col(user_partner, "name"), col(product, "default_code"),
            translated(template), col(categ, "complete_name"), free_good, number("qty_units"),
            number("qty_cases"), number("price_gross"), number("scheme_discount"), number("free_goods_value"),
            number("price_subtotal"),
        ])
        return select, query.from_clause, query.where_clause or SQL("TRUE"), SQL.identifier(alias, "id")

    def _register_rows(self, domain, chunk_size=CHUNK_SIZE, xml=False):
        """Yield the register rows (tuples in column order, the date as an Excel serial number)
        in chunks: one query through a server-side cursor (DECLARE ... FETCH), so that memory
        holds one chunk at a time and PostgreSQL runs the joins once."""
        started = time.monotonic()
        total = self.env["dms.report.secondary.sales"].search_count(domain)
        select, from_clause, where_clause, id_column = self._register_query(domain, xml=xml)
        cr = self.env.cr
        cursor = SQL.identifier("dms_register_rows")
        cr.execute(SQL("DECLARE %s NO SCROLL CURSOR FOR SELECT %s FROM %s WHERE %s ORDER BY %s",
                       cursor, select, from_clause, where_clause, id_column))
        done = 0
        try:
            while True:
                cr.execute(SQL("FETCH FORWARD %s FROM %s", chunk_size, cursor))
                rows = cr.fetchall()
                if not rows:
                    break
                done += len(rows)
                yield rows
                _logger.info("secondary sales register: %d/%d lines read (%.1fs)", done, total,
                             time.monotonic() - started)
        finally:
            cr.execute(SQL("CLOSE %s", cursor))

    def _summary_rows(self, domain):
        groups = self.env["dms.report.secondary.sales"]._read_group(
            domain, ["distributor_id"], ["__count", *SUMMARY_MEASURES], order="price_subtotal:sum desc")
        return [(distributor.display_name or self.env._("None"), *(value or 0.0 for value in measures))
                for distributor, *measures in groups]

    def _write_register(self, workbook, domain, chunk_size=CHUNK_SIZE):
        """Write the register with xlsxwriter (the Print menu, through report_xlsx); returns the
        number of lines."""
        fmt = self._formats(workbook)
        lines_sheet = workbook.add_worksheet(self.env._("Lines"))
        summary_sheet = workbook.add_worksheet(self.env._("By Distributor"))
        self._write_header(lines_sheet, self._headers(), WIDTHS, fmt["header"])
        write_string, write_number = lines_sheet.write_string, lines_sheet.write_number
        formats = [fmt.get(kind) for kind in LINE_KINDS]
        sums = [0.0] * len(WIDTHS)
        row = 0
        for chunk in self._register_rows(domain, chunk_size):
            for values in chunk:
                row += 1
                for col, (kind, value) in enumerate(zip(LINE_KINDS, values, strict=True)):
                    if value is None or value == "":
                        continue
                    if kind == "text":
                        write_string(row, col, value)
                    else:
                        sums[col] += value
                        write_number(row, col, value, formats[col])
        self._write_totals(lines_sheet, row, {col: sums[col] for col in range(FIRST_TOTAL_COL, len(WIDTHS))}, fmt)
        lines_sheet.autofilter(0, 0, max(row, 1), len(WIDTHS) - 1)
        self._write_header(summary_sheet, self._summary_headers(), SUMMARY_WIDTHS, fmt["header"])
        summary = self._summary_rows(domain)
        for summary_row, values in enumerate(summary, start=1):
            summary_sheet.write_string(summary_row, 0, values[0])
            for col in range(1, len(values)):
                summary_sheet.write_number(summary_row, col, values[col], fmt[SUMMARY_KINDS[col]])
        self._write_totals(summary_sheet, len(summary), {
            col: sum(values[col] for values in summary) for col in range(1, len(SUMMARY_WIDTHS))}, fmt, int_cols={1})
        summary_sheet.autofilter(0, 0, max(len(summary), 1), len(SUMMARY_WIDTHS) - 1)
        return row

    def _write_totals(self, sheet, last_row, totals, fmt, int_cols=()):
        total_row = last_row + 1
        sheet.write_string(total_row, 0, self.env._("Total"), fmt["total_label"])
        for col, value in totals.items():
            letter = xlsx_stream.column_letter(col)
            sheet.write_formula(total_row, col, "=SUBTOTAL(9,%s2:%s%d)" % (letter, letter, max(last_row, 1) + 1),
                                fmt["total_int"] if col in int_cols else fmt["total"], round(value, 6))

    def _stream_register(self, fileobj, domain, chunk_size=CHUNK_SIZE):
        """Write the register with the streaming writer (the export wizard, any size); returns
        the number of lines."""
        summary = self._summary_rows(domain)  # its sums are the totals of the lines too
        lines = int(sum(values[1] for values in summary))
        writer = xlsx_stream.XlsxStreamWriter(fileobj)
        # header, lines, totals
        sheet = writer.start_sheet(self.env._("Lines"), self._headers(), LINE_KINDS, WIDTHS, last_row=lines + 2)
        count = 0
        Job = self.env["dms.job"]
        for chunk in self._register_rows(domain, chunk_size, xml=True):
            sheet.write_rows(chunk, escaped=True)
            count += len(chunk)
            Job._dms_progress(count, lines)  # in a background export only; a cancel point
        totals = [sum(values[col] for values in summary) for col in range(len(SUMMARY_WIDTHS))[1:]]
        sheet.finish({FIRST_TOTAL_COL + i: value for i, value in enumerate(totals[1:])}, self.env._("Total"))
        sheet = writer.start_sheet(self.env._("By Distributor"), self._summary_headers(), SUMMARY_KINDS,
                                   SUMMARY_WIDTHS, last_row=len(summary) + 2)
        sheet.write_rows(summary)
        sheet.finish({col: totals[col - 1] for col in range(1, len(SUMMARY_WIDTHS))}, self.env._("Total"))
        writer.close()
        return count
