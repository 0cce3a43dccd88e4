from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dms_stock_location_id = fields.Many2one(
        "stock.location", string="Distributor Stock Location", readonly=True, copy=False,
        help="Internal location holding the stock this distributor owns. Created automatically.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._dms_ensure_stock_location()
        return partners

    def write(self, vals):
        res = super().write(vals)
        if vals.get("dms_role") == "distributor" or "active" in vals:
            self._dms_ensure_stock_location()
        return res

    def _dms_ensure_stock_location(self):
        """Give every active distributor its own location; archive it with the partner."""
        distributors = self.filtered(lambda p: p.dms_role == "distributor")
        # sudo: stock locations are technical records; users allowed to create or archive a
        # distributor must not need stock administration rights for its location to follow.
        for partner in distributors.filtered(lambda p: p.active and not p.dms_stock_location_id):
            company = partner.company_id or self.env.company
            partner.sudo().dms_stock_location_id = self.env["stock.location"].sudo().create({
                "name": partner.name,
                "usage": "internal",
                "location_id": company._dms_get_distributor_view_location().id,
                "company_id": company.id,
                "dms_distributor_id": partner.id,
            })
        for partner in distributors.filtered("dms_stock_location_id"):
            if partner.dms_stock_location_id.active != partner.active:
                # sudo: only mirrors the partner's own archiving, which the user just did
                partner.dms_stock_location_id.sudo().active = partner.active

    def action_view_dms_stock(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_inventory.stock_quant_action_distributor")
        action["domain"] = [("location_id", "child_of", self.dms_stock_location_id.id)]
        action["context"] = {"search_default_group_product": 1}
        return action
