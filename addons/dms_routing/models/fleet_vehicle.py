from odoo import api, fields, models
from odoo.exceptions import UserError


class FleetVehicle(models.Model):
    _inherit = "fleet.vehicle"

    dms_distributor_id = fields.Many2one(
        "res.partner", string="Van of Distributor", index="btree_not_null", tracking=True,
        domain="[('dms_role', 'in', ('distributor', 'wholesaler')), ('is_company', '=', True)]",
        help="Distributor whose goods this van carries for van sales. Setting it gives the van its "
             "own stock location under the distributor's stock.",
    )
    dms_van_location_id = fields.Many2one(
        "stock.location", string="Van Stock Location", readonly=True, copy=False,
        help="Internal location holding the distributor's goods loaded on this van. It belongs to "
             "no stock bucket, so ordinary secondary orders never reserve from it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        vehicles = super().create(vals_list)
        vehicles.filtered("dms_distributor_id")._dms_ensure_van_location()
        return vehicles

    def write(self, vals):
        if "dms_distributor_id" in vals:
            for vehicle in self.filtered("dms_van_location_id"):
                if vehicle.dms_distributor_id.id != vals["dms_distributor_id"] and self.env["stock.quant"].search_count(
                        [("location_id", "=", vehicle.dms_van_location_id.id), ("quantity", "!=", 0)], limit=1):
                    raise UserError(self.env._(
                        "Van %(van)s still carries goods of %(distributor)s: unload it before changing its "
                        "distributor.", van=vehicle.display_name, distributor=vehicle.dms_distributor_id.display_name))
        res = super().write(vals)
        if "dms_distributor_id" in vals:
            self.filtered("dms_distributor_id")._dms_ensure_van_location()
        return res

    def _dms_ensure_van_location(self):
        """One internal location per van, under its distributor's stock location."""
        # sudo: stock locations are technical records; a manager allowed to assign a van to a
        # distributor must not need stock administration rights for its location to follow.
        Location = self.env["stock.location"].sudo()
        for vehicle in self:
            distributor = vehicle.dms_distributor_id.commercial_partner_id
            if not distributor.dms_stock_location_id:
                distributor._dms_ensure_stock_location()
            vals = {
                "name": self.env._("Van %(plate)s", plate=vehicle.license_plate or vehicle.name),
                "usage": "internal",
                "location_id": distributor.dms_stock_location_id.id,
                "company_id": distributor.dms_stock_location_id.company_id.id or self.env.company.id,
                "dms_distributor_id": distributor.id,
            }
            if vehicle.dms_van_location_id:
                vehicle.dms_van_location_id.sudo().write(vals)  # sudo: same technical location, as above
            else:
                vehicle.sudo().dms_van_location_id = Location.create(vals)  # sudo: as above
