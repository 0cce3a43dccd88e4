from odoo import fields, models


class DmsTripLoadSheetXlsx(models.AbstractModel):
    _name = "report.dms_reports.dms_trip_load_sheet_xlsx"
    _inherit = "dms.report.xlsx.abstract"
    _description = "Trip Load Sheet XLSX"

    def generate_xlsx_report(self, workbook, data, objs):
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        headers = [self.env._("Product"), self.env._("Code"), self.env._("Lot"), self.env._("Quantity"),
                   self.env._("Unit"), self.env._("Weight"), self.env._("Volume")]
        for trip in objs:
            sheet = workbook.add_worksheet(trip.name[:31])
            sheet.write_string(0, 0, trip.name, bold)
            sheet.write_string(0, 1, trip.vehicle_id.display_name or "")
            sheet.write_string(0, 2, trip.driver_id.display_name or "")
            for col, (header, width) in enumerate(zip(headers, [40, 14, 18, 10, 8, 10, 10], strict=True)):
                sheet.write_string(2, col, header, bold)
                sheet.set_column(col, col, width)
            row = 2
            for row, line in enumerate(trip._dms_load_lines(), start=3):
                sheet.write_string(row, 0, line["product"].display_name)
                for col, text in ((1, line["product"].default_code), (2, line["lot"].name)):
                    if text:
                        sheet.write_string(row, col, text)
                sheet.write_number(row, 3, line["qty"])
                sheet.write_string(row, 4, line["uom"].name)
                sheet.write_number(row, 5, line["weight"])
                sheet.write_number(row, 6, line["volume"])
            sheet.freeze_panes(3, 0)
            sheet.autofilter(2, 0, max(row, 3), len(headers) - 1)


class DmsTripManifestXlsx(models.AbstractModel):
    _name = "report.dms_reports.dms_trip_manifest_xlsx"
    _inherit = "dms.report.xlsx.abstract"
    _description = "Trip Route Manifest XLSX"

    def generate_xlsx_report(self, workbook, data, objs):
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        eta_format = workbook.add_format({"num_format": "hh:mm"})
        headers = [self.env._("Stop"), self.env._("Outlet"), self.env._("Address"), self.env._("Phone"),
                   self.env._("ETA"), self.env._("Deliveries"), self.env._("To Collect")]
        for trip in objs:
            sheet = workbook.add_worksheet(trip.name[:31])
            sheet.write_string(0, 0, trip.name, bold)
            sheet.write_string(0, 1, trip.vehicle_id.display_name or "")
            sheet.write_number(0, 2, trip.dms_distance_km)
            sheet.write_string(0, 3, "km")
            for col, (header, width) in enumerate(zip(headers, [6, 32, 40, 18, 8, 30, 12], strict=True)):
                sheet.write_string(2, col, header, bold)
                sheet.set_column(col, col, width)
            row = 2
            for row, stop in enumerate(trip._dms_manifest_stops(), start=3):
                sheet.write_number(row, 0, stop["seq"] or 0)
                sheet.write_string(row, 1, stop["partner"].display_name or "")
                for col, text in ((2, stop["address"]), (3, stop["phone"])):
                    if text:
                        sheet.write_string(row, col, text)
                if stop["eta"]:
                    sheet.write_datetime(row, 4, _local(self, stop["eta"]), eta_format)
                sheet.write_string(row, 5, ", ".join(stop["pickings"].mapped("name")))
                sheet.write_number(row, 6, stop["amount"])
            sheet.freeze_panes(3, 0)


def _local(record, value):
    """A naive UTC datetime shown in the user's time zone (xlsx has no time zones)."""
    return fields.Datetime.context_timestamp(record, value).replace(tzinfo=None)
