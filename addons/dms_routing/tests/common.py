import base64

from odoo import fields
from odoo.fields import Command
from odoo.tests import Form, new_test_user

from odoo.addons.dms_inventory.tests.common import DmsInventoryCommon
from odoo.addons.dms_sales.tests.common import DmsSalesCommon

# a 1x1 PNG, as the signature widget would send
SIGNATURE = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8ffff3f"
    "0005fe02fea7d6a4a00000000049454e44ae426082"))


class DmsRoutingCommon(DmsSalesCommon):
    """DmsSalesCommon with coordinates, a third outlet in the rep's area, a weekly beat, a van for
    the distributor and stock helpers on real moves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outlet.write({"partner_latitude": 23.794028, "partner_longitude": 90.403196})
        cls.outlet_2.write({"partner_latitude": 23.80, "partner_longitude": 90.41})
        cls.outlet_3 = cls._create_outlet_3(partner_latitude=23.7960, partner_longitude=90.4050)
        cls.reason = cls.env["dms.no.order.reason"].create({"name": "Test: enough stock"})
        cls.beat = cls._create_beat(cls.rep, cls.area, [cls.outlet, cls.outlet_3])
        brand = cls.env["fleet.vehicle.model.brand"].create({"name": "Suzuki"})
        model = cls.env["fleet.vehicle.model"].create({"name": "Carry", "brand_id": brand.id})
        cls.van = cls.env["fleet.vehicle"].create({
            "model_id": model.id, "license_plate": "DHK-VAN-1", "dms_distributor_id": cls.distributor.id})
        cls.van_location = cls.van.dms_van_location_id
        cls.saleable = cls.distributor._dms_bucket_location("saleable")
        cls.damaged = cls.distributor._dms_bucket_location("damaged")
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.out_type = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1).out_type_id

    @classmethod
    def _create_beat(cls, rep, territory, outlets, **vals):
        return cls.env["dms.beat"].create({
            "name": "Beat of %s" % rep.name, "user_id": rep.id, "territory_id": territory.id,
            "distributor_id": cls.distributor.id, "on_monday": True, "on_thursday": True,
            "date_start": "2025-01-01",
            "line_ids": [(0, 0, {"partner_id": o.id, "sequence": i}) for i, o in enumerate(outlets)],
            **vals,
        })

    @classmethod
    def _add_stock(cls, product, location, qty, owner, lot=None):
        """Real stock: an applied inventory count (a done move from the inventory location)."""
        quant = cls.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": product.id, "location_id": location.id, "owner_id": owner.id,
            "lot_id": lot.id if lot else False, "inventory_quantity": qty,
        })
        quant.action_apply_inventory()

    @classmethod
    def _ship(cls, source, dest, product, qty, owner, partner=None):
        """A real transfer (van sale or customer return), validated."""
        picking = cls.env["stock.picking"].create({
            "picking_type_id": cls.out_type.id, "location_id": source.id, "location_dest_id": dest.id,
            "owner_id": owner.id, "partner_id": partner.id if partner else False,
            "move_ids": [(0, 0, {
                "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
                "product_uom_qty": qty, "location_id": source.id, "location_dest_id": dest.id,
                "restrict_partner_id": owner.id,
            })],
        })
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    @classmethod
    def _quantity(cls, product, location, owner=None):
        domain = [("product_id", "=", product.id), ("location_id", "=", location.id)]
        if owner is not None:
            domain.append(("owner_id", "=", owner.id))
        return sum(cls.env["stock.quant"].search(domain).mapped("quantity"))


class DmsTripCommon(DmsSalesCommon):
    """Distributor stock, located outlets with opening hours, two vehicles, deliveries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write({"dms_trip_solver_seconds": 0.3, "dms_trip_osrm_url": False})
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
    def _outlet_deliveries(cls):
        """One delivery per outlet, alternately 25 kg (100 shampoos) and 30 kg (300 soaps)."""
        pickings = cls.env["stock.picking"]
        for i, outlet in enumerate(cls.outlets):
            pickings |= cls._delivery(outlet, [(cls.soap, 300)] if i % 2 else [(cls.shampoo, 100)])
        return pickings

    @classmethod
    def _trips(cls, *vehicles):
        return cls.env["stock.picking.batch"].create([
            {"vehicle_id": v.id, "picking_type_id": cls.out_type.id} for v in vehicles])


class DmsOrderTripCommon(DmsInventoryCommon):
    """A confirmed trip of two secondary orders out of a stock-managed distributor's stock (96 and
    10 soaps, 10% scheme), driven by a rep, and the driver's proof of delivery."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.env["dms.scheme"].create({
            "name": "Soap 10% off", "rule_type": "qty_slab", "product_ids": [Command.set(cls.soap.ids)],
            "slab_ids": [Command.create({"threshold": 1, "discount_value": 10})]})
        cls._stock(cls.soap, 200)
        # 96 soaps at 35 with 10% off: 336 of scheme benefit; 10 soaps: 35
        cls.order = cls._create_order(lines=[(cls.soap, 96)])
        cls.order_2 = cls._create_order(outlet=cls.outlet_2, lines=[(cls.soap, 10)])
        (cls.order | cls.order_2).action_confirm()
        cls.stop, cls.stop_2 = cls.order.picking_ids, cls.order_2.picking_ids
        cls.driver = new_test_user(cls.env, "dms_partial_driver", groups="dms_sales.group_dms_rep")
        brand = cls.env["fleet.vehicle.model.brand"].create({"name": "Test brand"})
        model = cls.env["fleet.vehicle.model"].create({"name": "Test model", "brand_id": brand.id})
        cls.van = cls.env["fleet.vehicle"].create({"model_id": model.id, "license_plate": "VAN-P1"})
        cls.trip = cls.env["stock.picking.batch"].create({
            "vehicle_id": cls.van.id, "picking_type_id": cls.company.dms_delivery_type_id.id,
            "user_id": cls.driver.id, "picking_ids": [Command.set((cls.stop | cls.stop_2).ids)]})
        cls.trip.action_confirm()
        cls.reason = cls.env.ref("dms_routing.dms_delivery_failure_reason_refused")
        cls.today = fields.Date.context_today(cls.order)

    def _proof(self, picking, delivered=None, reason=None):
        action = picking.with_user(self.driver).action_dms_proof_of_delivery()
        form = Form(self.env[action["res_model"]].with_user(self.driver).with_context(**action["context"]))
        for i, qty in enumerate(delivered or []):
            with form.line_ids.edit(i) as line:
                line.delivered_qty = qty
        form.failure_reason_id = reason or form.failure_reason_id
        form.signature = SIGNATURE
        form.save().action_confirm()

    def _reserved(self):
        return sum(self.env["stock.quant"].search([
            ("product_id", "=", self.soap.id), ("location_id", "=", self.saleable.id)]).mapped("reserved_quantity"))
