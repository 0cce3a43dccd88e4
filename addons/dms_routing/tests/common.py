from odoo.fields import Command

from odoo.addons.dms_sales.tests.common import DmsSalesCommon


class DmsTripCommon(DmsSalesCommon):
    """Distributor stock, located outlets with opening hours, two vehicles, deliveries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("dms_routing.solver_seconds", "0.3")
        cls.env["ir.config_parameter"].set_param("dms_routing.osrm_url", "")
        cls.env.user.tz = "Asia/Dhaka"
        cls.distributor.write({"partner_latitude": 23.7808, "partner_longitude": 90.4170})
        cls.outlet.write({"partner_latitude": 23.7940, "partner_longitude": 90.4032,
                          "dms_opening_time": 8.0, "dms_closing_time": 22.0})
        cls.outlet_2.write({"partner_latitude": 23.7951, "partner_longitude": 90.4126})
        cls.outlets = cls.outlet | cls.outlet_2 | cls.env["res.partner"].create([{
            "name": "Outlet %d" % i, "is_company": True, "dms_role": "outlet", "dms_outlet_code": "TRIP-%d" % i,
            "dms_territory_id": cls.leaf.id, "dms_distributor_id": cls.distributor.id,
            "partner_latitude": 23.75 + 0.01 * i, "partner_longitude": 90.38 + 0.008 * i,
            "dms_opening_time": 9.0, "dms_closing_time": 21.0,
        } for i in range(4)])
        cls.soap.write({"weight": 0.1, "volume": 0.0001})
        cls.shampoo.write({"weight": 0.25, "volume": 0.0003})
        cls.source = cls.distributor._dms_bucket_location("saleable")
        cls.soap.tracking = "lot"
        cls.lot_soap = cls.env["stock.lot"].create({"name": "SOAP-LOT-1", "product_id": cls.soap.id})
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.soap, cls.source, 5000, lot_id=cls.lot_soap)
        Quant._update_available_quantity(cls.shampoo, cls.source, 5000)
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.out_type = cls.warehouse.out_type_id
        Category = cls.env["fleet.vehicle.model.category"]
        cls.cat_van = Category.create({"name": "Van 300kg", "weight_capacity": 300, "volume_capacity": 2})
        cls.cat_bike = Category.create({"name": "Cargo bike 40kg", "weight_capacity": 40, "volume_capacity": 0.5})
        brand = cls.env["fleet.vehicle.model.brand"].create({"name": "Test brand"})
        model = cls.env["fleet.vehicle.model"].create({"name": "Test model", "brand_id": brand.id})
        cls.van, cls.bike = cls.env["fleet.vehicle"].create([
            {"model_id": model.id, "license_plate": "VAN-1", "category_id": cls.cat_van.id},
            {"model_id": model.id, "license_plate": "BIKE-1", "category_id": cls.cat_bike.id},
        ])

    @classmethod
    def _delivery(cls, partner, lines, source=None):
        source = source or cls.source
        picking = cls.env["stock.picking"].create({
            "picking_type_id": cls.out_type.id, "partner_id": partner.id,
            "location_id": source.id, "location_dest_id": cls.customers.id,
            "move_ids": [Command.create({
                "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
                "product_uom_qty": qty, "location_id": source.id, "location_dest_id": cls.customers.id,
            }) for product, qty in lines],
        })
        picking.action_confirm()
        picking.action_assign()
        return picking

    @classmethod
    def _trips(cls, *vehicles):
        return cls.env["stock.picking.batch"].create([
            {"vehicle_id": v.id, "picking_type_id": cls.out_type.id} for v in vehicles])
