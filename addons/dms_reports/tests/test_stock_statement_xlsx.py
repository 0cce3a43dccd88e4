import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.tests import tagged

from odoo.addons.dms_routing.tests.common import DmsTripCommon


@tagged("post_install", "-at_install")
class TestStockStatementXlsx(DmsTripCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shampoo.name = '=HYPERLINK("http://evil.example","x")'
        cls.soap.standard_price = 2.0
        cls.shampoo.standard_price = 5.0
        cls.lot_soap.expiration_date = fields.Datetime.now() + timedelta(days=10)
        cls._delivery(cls.outlet, [(cls.shampoo, 4)])  # reserves 4 shampoo
        cls.env.flush_all()

    def _workbook(self, user):
        content, fmt = self.env["ir.actions.report"].with_user(user)._render(
            "dms_reports.dms_stock_statement_xlsx", self.distributor.ids)
        self.assertEqual(fmt, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_stock_sheet(self):
        book = self._workbook(self.manager)
        self.assertEqual(book.sheetnames, ["Stock", "Near Expiry"])
        sheet = book["Stock"]
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet.auto_filter.ref)
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        data, total = rows[:-1], rows[-1]
        by_product = {row[1]: row for row in data}
        soap = by_product[self.soap.display_name]
        self.assertEqual(soap[0], self.distributor.display_name)
        self.assertEqual(soap[3], "SOAP-LOT-1")
        self.assertEqual(soap[4].date(), self.lot_soap.expiration_date.date())
        self.assertEqual(soap[5], "Saleable")
        self.assertEqual(soap[6:10], (5000, 0, 5000, 10000))
        shampoo = by_product[self.shampoo.display_name]
        self.assertEqual(shampoo[6:10], (5000, 4, 4996, 25000))
        self.assertEqual(total[0], "Total")
        self.assertEqual(total[6:10], (10000, 4, 9996, 35000))
        # a product name that looks like a formula stays text
        row_index = 2 + data.index(shampoo)
        self.assertEqual(sheet.cell(row=row_index, column=2).data_type, "s")

    def test_near_expiry_sheet(self):
        sheet = self._workbook(self.manager)["Near Expiry"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), 2, "the soap lot and the totals row")
        self.assertEqual(rows[0][1:3], (self.soap.display_name, "SOAP-LOT-1"))
        self.assertIn(rows[0][4], (9, 10))
        self.assertEqual(rows[1][6:8], (5000, 10000))

    def test_lot_beyond_window_not_near_expiry(self):
        self.lot_soap.expiration_date = fields.Datetime.now() + timedelta(days=90)
        self.env.flush_all()
        rows = list(self._workbook(self.manager)["Near Expiry"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(rows, [("Total", None, None, None, None, None, 0, 0)])
