from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dms_stock_location_id = fields.Many2one(
        "stock.location", string="Distributor Stock Location", readonly=True, copy=False,
        help="Internal location holding the stock this distributor owns. Created automatically.",
    )
    dms_stock_managed = fields.Boolean(
        string="Stock Managed in Odoo", default=False, copy=False,
        help="Secondary orders of this distributor reserve and move its stock in Odoo (storable products): "
             "confirming reserves, delivering ships. Switch it on once the distributor's stock is loaded "
             "(opening stock or confirmed receipts); before that, orders only record quantities.",
    )
    dms_backorder_policy = fields.Selection(
        [("error", "Refuse the order"), ("backorder", "Deliver what is available, backorder the rest")],
        string="When Stock Is Short", default="error", required=True,
        help="What confirming a secondary order does when the distributor's saleable stock does not cover it.",
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
        distributors.filtered("active")._dms_ensure_bucket_locations()
        for partner in distributors.filtered("dms_stock_location_id"):
            if partner.dms_stock_location_id.active != partner.active:
                # sudo: only mirrors the partner's own archiving, which the user just did
                partner.dms_stock_location_id.sudo().active = partner.active

    def _dms_ensure_bucket_locations(self):
        """One internal sub-location per stock bucket under each distributor's location."""
        Location = self.env["stock.location"].sudo()  # sudo: technical locations, as above
        existing = Location.with_context(active_test=False).search([
            ("location_id", "in", self.dms_stock_location_id.ids), ("dms_bucket", "!=", False)])
        have = {(loc.location_id.id, loc.dms_bucket) for loc in existing}
        to_create = []
        labels = dict(Location._fields["dms_bucket"]._description_selection(self.env))
        for partner in self.filtered("dms_stock_location_id"):
            parent = partner.dms_stock_location_id
            for bucket in labels:
                if (parent.id, bucket) not in have:
                    to_create.append({
                        "name": labels[bucket],
                        "usage": "internal",
                        "location_id": parent.id,
                        "company_id": parent.company_id.id,
                        "dms_distributor_id": partner.id,
                        "dms_bucket": bucket,
                    })
        if to_create:
            Location.create(to_create)

    def _dms_bucket_location(self, bucket="saleable"):
        """The distributor's location for one stock bucket (saleable, damaged, expired, blocked,
        transit)."""
        self.ensure_one()
        if not self.dms_stock_location_id:
            return self.env["stock.location"]
        return self.env["stock.location"].search([
            ("location_id", "=", self.dms_stock_location_id.id), ("dms_bucket", "=", bucket)], limit=1)

    @api.model
    def _dms_init_distributor_locations(self):
        """Distributors created before this module was installed get their locations too."""
        self.search([("dms_role", "=", "distributor")])._dms_ensure_stock_location()

    def action_view_dms_stock(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_inventory.stock_quant_action_distributor")
        action["domain"] = [("location_id", "child_of", self.dms_stock_location_id.id)]
        action["context"] = {"search_default_group_product": 1}
        return action
