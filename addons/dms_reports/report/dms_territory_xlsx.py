from odoo import models


class DmsTerritoryXlsx(models.AbstractModel):
    _name = "report.dms_reports.dms_territory_xlsx"
    _inherit = "dms.report.xlsx.abstract"
    _description = "Territory Hierarchy XLSX"

    def generate_xlsx_report(self, workbook, data, objs):
        territories = objs.sorted("complete_name")
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        sheet = workbook.add_worksheet(self.env._("Territories"))
        headers = [
            self.env._("Territory"),
            self.env._("Code"),
            self.env._("Level"),
            self.env._("Parent"),
            self.env._("Manager"),
            self.env._("Reps"),
            self.env._("Depth"),
        ]
        widths = [40, 12, 14, 30, 24, 40, 8]
        for col, (header, width) in enumerate(zip(headers, widths, strict=False)):
            sheet.write_string(0, col, header, bold)
            sheet.set_column(col, col, width)
        for row, territory in enumerate(territories, start=1):
            texts = (
                territory.complete_name,
                territory.code,
                territory.level_id.name,
                territory.parent_id.complete_name,
                territory.manager_id.name,
                ", ".join(territory.user_ids.mapped("name")),
            )
            for col, text in enumerate(texts):
                if text:
                    sheet.write_string(row, col, text)
            sheet.write_number(row, len(texts), territory.parent_path.count("/") - 1)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(territories), 1), len(headers) - 1)
