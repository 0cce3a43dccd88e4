from odoo.addons.dms_sales.tests.common import DmsSalesCommon


class DmsRoutingCommon(DmsSalesCommon):
    """DmsSalesCommon with coordinates, a third outlet in the rep's area, a weekly beat, a van for
    the distributor and stock helpers on real moves."""

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
