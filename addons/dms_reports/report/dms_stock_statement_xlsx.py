from odoo import fields, models

from .xlsx_helpers import XlsxFormats, write_row


class DmsStockStatementXlsx(models.AbstractModel):
    """Distributor stock statement: every quant in the selected distributors' locations (from the
    dms.distributor.stock view, read with the user's rules) and the lots expiring within the
    company's near-expiry days."""

    _name = "report.dms_reports.dms_stock_statement_xlsx"
    _inherit = "dms.report.xlsx.abstract"
    _description = "Distributor Stock Statement XLSX"

    def _stock_rows(self, distributors, near_expiry=False):
        domain = [("distributor_id", "in", distributors.commercial_partner_id.ids)]
        if near_expiry:
            domain.append(("is_near_expiry", "=", True))
        return self.env["dms.distributor.stock"].search(
            domain, order="distributor_id, product_id, expiration_date, lot_id, id")

    def generate_xlsx_report(self, workbook, data, objs):
        fmt = XlsxFormats(workbook)
        self._sheet_stock(workbook, fmt, objs)
        self._sheet_near_expiry(workbook, fmt, objs)

    def _sheet_stock(self, workbook, fmt, distributors):
        sheet = workbook.add_worksheet(self.env._("Stock"))
        headers = [self.env._("Distributor"), self.env._("Product"), self.env._("Code"), self.env._("Lot"),
                   self.env._("Expiry"), self.env._("Bucket"), self.env._("On Hand"), self.env._("Reserved"),
                   self.env._("Available"), self.env._("Cost Value")]
        fmt.header(sheet, headers, [28, 36, 14, 18, 12, 12, 12, 12, 12, 14])
        buckets = dict(self.env["dms.distributor.stock"]._fields["bucket"]._description_selection(self.env))
        totals = [0.0] * 4
        row = 0
        for row, line in enumerate(self._stock_rows(distributors), start=1):
            figures = [line.quantity, line.reserved_quantity, line.quantity - line.reserved_quantity,
                       line.value_cost]
            totals = [t + f for t, f in zip(totals, figures, strict=True)]
            write_row(sheet, row, [
                line.distributor_id.display_name, line.product_id.display_name, line.product_id.default_code,
                line.lot_id.name, line.expiration_date and line.expiration_date.date(),
                buckets.get(line.bucket, line.bucket), *figures], fmt)
        fmt.total_row(sheet, row + 1, [self.env._("Total"), "", "", "", "", "", *totals])
        fmt.finish(sheet, row, len(headers))

    def _sheet_near_expiry(self, workbook, fmt, distributors):
        sheet = workbook.add_worksheet(self.env._("Near Expiry"))
        headers = [self.env._("Distributor"), self.env._("Product"), self.env._("Lot"), self.env._("Expiry"),
                   self.env._("Days Left"), self.env._("Bucket"), self.env._("On Hand"), self.env._("Cost Value")]
        fmt.header(sheet, headers, [28, 36, 18, 12, 10, 12, 12, 14])
        buckets = dict(self.env["dms.distributor.stock"]._fields["bucket"]._description_selection(self.env))
        now = fields.Datetime.now()
        totals = [0.0, 0.0]
        row = 0
        for row, line in enumerate(self._stock_rows(distributors, near_expiry=True), start=1):
            totals = [totals[0] + line.quantity, totals[1] + line.value_cost]
            write_row(sheet, row, [
                line.distributor_id.display_name, line.product_id.display_name, line.lot_id.name,
                line.expiration_date.date(), (line.expiration_date - now).days, buckets.get(line.bucket, line.bucket),
                line.quantity, line.value_cost], fmt)
        fmt.total_row(sheet, row + 1, [self.env._("Total"), "", "", "", "", "", *totals])
        fmt.finish(sheet, row, len(headers))
