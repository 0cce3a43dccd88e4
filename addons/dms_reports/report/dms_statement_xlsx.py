from odoo import models

from ..engine.statement import AGEING_BUCKETS
from .dms_statement_report import kind_labels, statement_period
from .xlsx_helpers import XlsxFormats, write_row


class DmsStatementXlsx(models.AbstractModel):
    _name = "report.dms_reports.dms_statement_xlsx"
    _inherit = "dms.report.xlsx.abstract"
    _description = "Distributor Statement of Account (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        date_from, date_to = statement_period(self.env, data)
        partners = objs.commercial_partner_id
        statements = partners._dms_statements(date_from, date_to)
        fmt = XlsxFormats(workbook)
        kinds = kind_labels(self.env)

        summary = workbook.add_worksheet(self.env._("Summary"))
        headers = [
            self.env._("Distributor"),
            self.env._("From"),
            self.env._("To"),
            self.env._("Opening Balance"),
            self.env._("Invoices"),
            self.env._("Credit Notes"),
            self.env._("of which Claims"),
            self.env._("Payments"),
            self.env._("Other"),
            self.env._("Closing Balance"),
        ]
        fmt.header(summary, headers, [36, 12, 12, 16, 16, 16, 16, 16, 14, 16])
        totals = [0.0] * 7
        for row, (partner, stmt) in enumerate(statements.items(), start=1):
            numbers = [
                stmt.opening,
                stmt.totals["invoice"],
                stmt.totals["credit_note"],
                stmt.claim_credits,
                stmt.totals["payment"],
                stmt.totals["other"],
                stmt.closing,
            ]
            write_row(summary, row, [partner.display_name, date_from, date_to, *numbers], fmt)
            totals = [t + n for t, n in zip(totals, numbers, strict=True)]
        fmt.total_row(summary, len(statements) + 1, [self.env._("Total"), None, None, *totals])
        fmt.finish(summary, len(statements), len(headers))

        entries = workbook.add_worksheet(self.env._("Entries"))
        headers = [
            self.env._("Distributor"),
            self.env._("Date"),
            self.env._("Number"),
            self.env._("Type"),
            self.env._("Claim"),
            self.env._("Reference"),
            self.env._("Due Date"),
            self.env._("Debit"),
            self.env._("Credit"),
            self.env._("Balance"),
        ]
        fmt.header(entries, headers, [36, 12, 20, 14, 8, 36, 12, 16, 16, 16])
        row = 0
        for partner, stmt in statements.items():
            row += 1
            write_row(
                entries,
                row,
                [
                    partner.display_name,
                    date_from,
                    None,
                    self.env._("Opening Balance"),
                    None,
                    None,
                    None,
                    None,
                    None,
                    stmt.opening,
                ],
                fmt,
            )
            for entry in stmt.entries:
                row += 1
                write_row(
                    entries,
                    row,
                    [
                        partner.display_name,
                        entry.date,
                        entry.move_name,
                        kinds[entry.kind],
                        self.env._("Yes") if entry.is_claim else None,
                        entry.ref,
                        entry.date_maturity,
                        entry.debit,
                        entry.credit,
                        entry.balance,
                    ],
                    fmt,
                )
        fmt.finish(entries, row, len(headers))

        ageing = workbook.add_worksheet(self.env._("Ageing"))
        headers = [
            self.env._("Distributor"),
            self.env._("On"),
            *(self.env._("%s days", label) for __, label, *___ in AGEING_BUCKETS),
            self.env._("Total"),
        ]
        fmt.header(ageing, headers, [36, 12, 14, 14, 14, 14, 16])
        totals = [0.0] * (len(AGEING_BUCKETS) + 1)
        for row, (partner, stmt) in enumerate(statements.items(), start=1):
            numbers = [stmt.ageing[key] for key, *__ in AGEING_BUCKETS] + [stmt.ageing_total]
            write_row(ageing, row, [partner.display_name, date_to, *numbers], fmt)
            totals = [t + n for t, n in zip(totals, numbers, strict=True)]
        fmt.total_row(ageing, len(statements) + 1, [self.env._("Total"), None, *totals])
        fmt.finish(ageing, len(statements), len(headers))
