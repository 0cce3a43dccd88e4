from odoo.addons.dms_sales.tests.common import DmsSalesCommon


class DmsRoutingCommon(DmsSalesCommon):
    """DmsSalesCommon with coordinates, a third outlet in the rep's area and a weekly beat."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outlet.write({"partner_latitude": 23.794028, "partner_longitude": 90.403196})
        cls.outlet_2.write({"partner_latitude": 23.80, "partner_longitude": 90.41})
        cls.outlet_3 = cls.env["res.partner"].create({
            "name": "Hasan General Store", "is_company": True, "dms_role": "outlet", "dms_outlet_code": "OUT-3",
            "dms_territory_id": cls.area.id, "dms_distributor_id": cls.distributor.id,
            "partner_latitude": 23.7960, "partner_longitude": 90.4050,
        })
        cls.reason = cls.env["dms.no.order.reason"].create({"name": "Test: enough stock"})
        cls.beat = cls._create_beat(cls.rep, cls.area, [cls.outlet, cls.outlet_3])

    @classmethod
    def _create_beat(cls, rep, territory, outlets, **vals):
        return cls.env["dms.beat"].create({
            "name": "Beat of %s" % rep.name, "user_id": rep.id, "territory_id": territory.id,
            "distributor_id": cls.distributor.id, "on_monday": True, "on_thursday": True,
            "date_start": "2025-01-01",
            "line_ids": [(0, 0, {"partner_id": o.id, "sequence": i}) for i, o in enumerate(outlets)],
            **vals,
        })
