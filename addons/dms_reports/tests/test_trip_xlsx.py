import datetime
import io

import openpyxl

from odoo.tests import tagged

from odoo.addons.dms_routing.tests.common import DmsTripCommon


@tagged("post_install", "-at_install")
class TestTripXlsx(DmsTripCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outlet.name = '=HYPERLINK("http://evil.example","x")'
        cls.picking = cls._delivery(cls.outlet, [(cls.soap, 30), (cls.shampoo, 4)])
        cls.picking_2 = cls._delivery(cls.outlet_2, [(cls.soap, 10)])
        cls.trip = cls._trips(cls.van)
        cls.trip._dms_optimise(cls.picking | cls.picking_2, datetime.date(2026, 11, 23))

    def _sheet(self, xmlid):
        report = self.env.ref(xmlid)
        content, fmt = self.env["ir.actions.report"].with_user(self.supervisor)._render(report.report_name,
                                                                                       self.trip.ids)
        self.assertEqual(fmt, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content)).active

    def test_load_sheet(self):
        rows = list(self._sheet("dms_reports.dms_trip_load_sheet_xlsx").iter_rows(min_row=4, values_only=True))
        self.assertEqual([(r[0], r[2], r[3]) for r in rows], [
            (self.shampoo.display_name, None, 4), (self.soap.display_name, "SOAP-LOT-1", 40)])
        self.assertAlmostEqual(rows[1][5], 4.0)

    def test_manifest_in_route_order_and_text_stays_text(self):
        sheet = self._sheet("dms_reports.dms_trip_manifest_xlsx")
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
        first = self.trip.picking_ids.sorted("dms_stop_sequence")[0]
        self.assertEqual([r[0] for r in rows], [1, 2])
        self.assertEqual(rows[0][5], first.name)
        outlet_row = next(r for r in rows if r[5] == self.picking.name)
        self.assertEqual(outlet_row[1], '=HYPERLINK("http://evil.example","x")')
        self.assertEqual(sheet.cell(row=4 + rows.index(outlet_row), column=2).data_type, "s")
        self.assertIsInstance(outlet_row[4], datetime.time | datetime.datetime)
