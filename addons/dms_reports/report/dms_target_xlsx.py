from collections import defaultdict

from odoo import models

from .xlsx_helpers import XlsxFormats, write_row


class DmsTargetXlsx(models.AbstractModel):
    _name = "report.dms_reports.dms_target_xlsx"
    _inherit = "dms.report.xlsx.abstract"
    _description = "Target Achievement Statement (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        targets = objs.sorted(lambda t: (t.month, t.target_type, t.name or "", t.id))
        fmt = XlsxFormats(workbook)
        types = dict(targets._fields["target_type"]._description_selection(self.env))

        sheet = workbook.add_worksheet(self.env._("Targets"))
        headers = [
            self.env._("Month"),
            self.env._("Target For"),
            self.env._("Subject"),
            self.env._("Product Category"),
            *self._measure_headers(),
        ]
        fmt.header(sheet, headers, [12, 12, 36, 24, 16, 16, 12, 14, 14, 12])
        sums = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
        for row, target in enumerate(targets, start=1):
            subject = target.user_id or target.territory_id or target.distributor_id or target.outlet_id
            write_row(
                sheet,
                row,
                [
                    target.month,
                    types[target.target_type],
                    subject.display_name,
                    target.product_id.display_name or target.categ_id.display_name or self.env._("All products"),
                ],
                fmt,
            )
            write_row(sheet, row, [None] * 4 + [target.target_value, target.achieved_value], fmt)
            sheet.write_number(row, 6, round(target.achieved_value_percent, 1), fmt.percent)
            write_row(sheet, row, [None] * 7 + [target.target_qty, target.achieved_qty], fmt)
            sheet.write_number(row, 9, round(target.achieved_qty_percent, 1), fmt.percent)
            for key in (target.target_type, "all"):
                for i, value in enumerate(
                    (target.target_value, target.achieved_value, target.target_qty, target.achieved_qty)
                ):
                    sums[key][i] += value
        total = sums["all"]
        fmt.total_row(
            sheet,
            len(targets) + 1,
            [self.env._("Total"), None, None, None, total[0], total[1], None, total[2], total[3]],
        )
        fmt.finish(sheet, len(targets), len(headers))

        by_type = workbook.add_worksheet(self.env._("By Target Type"))
        headers = [self.env._("Target For"), *self._measure_headers()]
        fmt.header(by_type, headers, [16, 16, 16, 12, 14, 14, 12])
        row = 0
        for code, label in types.items():
            if code not in sums:
                continue
            row += 1
            value, achieved, qty, achieved_qty = sums[code]
            write_row(by_type, row, [label, value, achieved], fmt)
            by_type.write_number(row, 3, round(achieved / value * 100, 1) if value else 0.0, fmt.percent)
            write_row(by_type, row, [None] * 4 + [qty, achieved_qty], fmt)
            by_type.write_number(row, 6, round(achieved_qty / qty * 100, 1) if qty else 0.0, fmt.percent)
        fmt.finish(by_type, row, len(headers))

    def _measure_headers(self):
        """The target and achievement columns, on both sheets."""
        return [
            self.env._("Target Value"),
            self.env._("Achieved Value"),
            self.env._("Value Achievement (%)"),
            self.env._("Target Quantity"),
            self.env._("Achieved Quantity"),
            self.env._("Volume Achievement (%)"),
        ]
