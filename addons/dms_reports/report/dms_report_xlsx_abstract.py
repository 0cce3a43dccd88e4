from io import BytesIO

from odoo import models

from .xlsx_helpers import XmlSafeWorkbook


class DmsReportXlsxAbstract(models.AbstractModel):
    """The base of the DMS xlsx reports: report_xlsx's, with a workbook whose sheets drop the
    characters XML forbids from every text cell, and user text never read as a formula or a link."""

    _name = "dms.report.xlsx.abstract"
    _inherit = "report.report_xlsx.abstract"
    _description = "DMS XLSX Report"

    def get_workbook_options(self):
        # Names typed by users (outlets, territories) must never become formulas or links.
        return {"strings_to_formulas": False, "strings_to_urls": False}

    def create_xlsx_report(self, docids, data):
        # report_xlsx's own, with XmlSafeWorkbook instead of xlsxwriter's Workbook
        objs = self._get_objs_for_report(docids, data)
        file_data = BytesIO()
        workbook = XmlSafeWorkbook(file_data, self.get_workbook_options())
        self.generate_xlsx_report(workbook, data, objs)
        workbook.close()
        return file_data.getvalue(), "xlsx"
