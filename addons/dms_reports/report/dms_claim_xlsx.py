from collections import defaultdict

from odoo import models

from .xlsx_helpers import XlsxFormats, write_row


class DmsClaimXlsx(models.AbstractModel):
    _name = "report.dms_reports.dms_claim_xlsx"
    _inherit = "dms.report.xlsx.abstract"
    _description = "Scheme Claim Statement (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        claims = objs.sorted(lambda c: (c.date_to, c.name))
        fmt = XlsxFormats(workbook)
        states = dict(claims._fields["state"]._description_selection(self.env))
        sources = dict(self.env["dms.claim.line"]._fields["source"]._description_selection(self.env))

        sheet = workbook.add_worksheet(self.env._("Claims"))
        headers = [
            self.env._("Claim"),
            self.env._("Distributor"),
            self.env._("From"),
            self.env._("To"),
            self.env._("Status"),
            self.env._("Lines"),
            self.env._("Total"),
            self.env._("Credit Note"),
            self.env._("Payment Status"),
        ]
        fmt.header(sheet, headers, [18, 36, 12, 12, 12, 8, 16, 20, 14])
        for row, claim in enumerate(claims, start=1):
            # sudo: the claim is visible to the user; only the number of its credit note is shown
            credit_note = claim._credit_note_sudo()
            write_row(
                sheet,
                row,
                [claim.name, claim.distributor_id.display_name, claim.date_from, claim.date_to, states[claim.state]],
                fmt,
            )
            sheet.write_number(row, 5, claim.line_count)
            write_row(sheet, row, [None] * 6 + [claim.amount_total, credit_note.name, credit_note.payment_state], fmt)
        fmt.total_row(
            sheet,
            len(claims) + 1,
            [
                self.env._("Total"),
                None,
                None,
                None,
                None,
                sum(claims.mapped("line_count")),
                sum(claims.mapped("amount_total")),
            ],
        )
        fmt.finish(sheet, len(claims), len(headers))

        by_scheme = workbook.add_worksheet(self.env._("By Scheme"))
        headers = [
            self.env._("Claim"),
            self.env._("Distributor"),
            self.env._("Scheme"),
            self.env._("Source"),
            self.env._("Lines"),
            self.env._("Amount"),
        ]
        fmt.header(by_scheme, headers, [18, 36, 30, 18, 8, 16])
        groups = defaultdict(lambda: [0, 0.0])
        for line in claims.line_ids:
            key = (line.claim_id, line.scheme_id, line.source)
            groups[key][0] += 1
            groups[key][1] += line.amount
        row = 0
        for (claim, scheme, source), (count, amount) in sorted(
            groups.items(), key=lambda kv: (kv[0][0].date_to, kv[0][0].name, kv[0][1].name or "", kv[0][2])
        ):
            row += 1
            write_row(
                by_scheme, row, [claim.name, claim.distributor_id.display_name, scheme.name or "", sources[source]], fmt
            )
            by_scheme.write_number(row, 4, count)
            write_row(by_scheme, row, [None] * 5 + [amount], fmt)
        fmt.total_row(
            by_scheme,
            row + 1,
            [self.env._("Total"), None, None, None, len(claims.line_ids), sum(claims.line_ids.mapped("amount"))],
        )
        fmt.finish(by_scheme, row, len(headers))

        lines_sheet = workbook.add_worksheet(self.env._("Lines"))
        headers = [
            self.env._("Claim"),
            self.env._("Scheme"),
            self.env._("Source"),
            self.env._("Order"),
            self.env._("Product"),
            self.env._("Order Date"),
            self.env._("Description"),
            self.env._("Amount"),
        ]
        fmt.header(lines_sheet, headers, [18, 30, 18, 18, 30, 12, 30, 16])
        lines = claims.line_ids
        for row, line in enumerate(lines, start=1):
            # sudo: the claim line is visible to the user; its order line is part of the claim,
            # even when the order belongs to outlets outside the user's territories
            order_line = line.sudo().order_line_id
            write_row(
                lines_sheet,
                row,
                [
                    line.claim_id.name,
                    line.scheme_id.name,
                    sources[line.source],
                    order_line.order_id.name,
                    order_line.product_id.display_name,
                    order_line.date_order and order_line.date_order.date(),
                    line.name,
                    line.amount,
                ],
                fmt,
            )
        fmt.total_row(lines_sheet, len(lines) + 1, [self.env._("Total")] + [None] * 6 + [sum(lines.mapped("amount"))])
        fmt.finish(lines_sheet, len(lines), len(headers))
