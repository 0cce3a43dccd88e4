from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models


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
    dms_served_outlet_ids = fields.One2many(
        "res.partner", "dms_distributor_id", string="Served Outlets", readonly=True,
        help="Outlets this distributor serves: their territories' reps see its stock.")
    dms_auto_replenish = fields.Boolean(
        string="Auto Replenishment",
        help="Every night, draft a primary order with the suggested replenishment quantities.")
    dms_replenish_lead_time_days = fields.Float(
        string="Lead Time (days)",
        help="Days from primary order to goods received. 0 uses the company default.")
    dms_replenish_cover_days = fields.Float(
        string="Target Days of Cover",
        help="Days of forecast sales a primary order should cover. 0 uses the company default.")
    dms_replenish_safety_days = fields.Float(
        string="Safety Stock (days)",
        help="Extra stock kept, in days of forecast sales. 0 uses the company default.")
    dms_stock_value = fields.Monetary(
        compute="_compute_dms_stock_summary", string="Stock Value",
        currency_field="dms_stock_currency_id",
        help="Stock held in this distributor's locations, at cost.")
    dms_stock_currency_id = fields.Many2one(
        "res.currency", compute="_compute_dms_stock_summary", string="Stock Currency")
    dms_near_expiry_count = fields.Integer(
        compute="_compute_dms_stock_summary", string="Near-Expiry Lots",
        help="Lots in this distributor's stock that expire within the company's near-expiry days "
             "(or have expired).")
    dms_days_of_cover = fields.Float(
        compute="_compute_dms_stock_summary", string="Stock Cover (days)", digits=(16, 1),
        help="Saleable stock divided by the daily delivered secondary sales, over all products.")

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

    def _dms_bucket_locations(self, bucket="saleable"):
        """{distributor: its location for one stock bucket} for these distributors, in one search:
        of several, the first in the locations' order, as ``_dms_bucket_location`` takes."""
        Location = self.env["stock.location"]
        parents = self.dms_stock_location_id
        first = {}
        if parents:
            for location in Location.search_fetch(
                    [("location_id", "in", parents.ids), ("dms_bucket", "=", bucket)], ["location_id"]):
                first.setdefault(location.location_id, location)
        return {partner: first.get(partner.dms_stock_location_id, Location) for partner in self}

    @api.model
    def _dms_init_distributor_locations(self):
        """Distributors created before this module was installed get their locations too."""
        self.search([("dms_role", "=", "distributor")])._dms_ensure_stock_location()

    def _compute_dms_stock_summary(self):
        Stock = self.env["dms.distributor.stock"]
        distributors = self.filtered("dms_stock_location_id")
        values, expiring, cover = {}, {}, {}
        if distributors and Stock.has_access("read"):
            domain = [("distributor_id", "in", distributors.ids)]
            values = dict(Stock._read_group(domain, ["distributor_id"], ["value_cost:sum"]))
            expiring = dict(Stock._read_group(
                domain + ["|", ("is_near_expiry", "=", True), ("is_expired", "=", True)],
                ["distributor_id"], ["__count"]))
            # days of cover of the distributor as a whole: saleable stock / velocity of all products
            stock_qty = dict(Stock._read_group(
                domain + [("bucket", "=", "saleable")], ["distributor_id"], ["quantity:sum"]))
            velocity = Stock._dms_daily_velocity(distributors)
            for partner in distributors:
                daily = sum(v for (dist_id, _product), v in velocity.items() if dist_id == partner.id)
                cover[partner] = stock_qty.get(partner, 0.0) / daily if daily else 0.0
        for partner in self:
            partner.dms_stock_value = values.get(partner, 0.0)
            partner.dms_stock_currency_id = (partner.company_id or self.env.company).currency_id
            partner.dms_near_expiry_count = expiring.get(partner, 0)
            partner.dms_days_of_cover = cover.get(partner, 0.0)

    def _dms_replenish_settings(self):
        """(lead time, days of cover, safety days) of this distributor, company defaults for 0."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return (
            self.dms_replenish_lead_time_days or company.dms_replenish_lead_time_days,
            self.dms_replenish_cover_days or company.dms_replenish_cover_days,
            self.dms_replenish_safety_days or company.dms_replenish_safety_days,
        )

    def action_view_dms_stock_report(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_inventory.dms_distributor_stock_action")
        action["domain"] = [("distributor_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_dms_near_expiry(self):
        action = self.action_view_dms_stock_report()
        action["domain"] += ["|", ("is_near_expiry", "=", True), ("is_expired", "=", True)]
        return action

    def action_view_dms_stock(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_inventory.stock_quant_action_distributor")
        action["domain"] = [("location_id", "child_of", self.dms_stock_location_id.id)]
        action["context"] = {"search_default_group_product": 1}
        return action

    @api.model
    def _cron_dms_stock_alerts(self):
        """Daily: a to-do for the distributor's responsible user (its salesperson, else the
        distribution managers) about stock-outs (no saleable stock of a product sold in the sales
        window) and lots near expiry, unless such an activity is still open."""
        distributors = self.search([("dms_role", "=", "distributor"), ("dms_stock_location_id", "!=", False)])
        if not distributors:
            return
        Stock = self.env["dms.distributor.stock"]
        velocity = Stock._dms_daily_velocity(distributors)
        saleable = {(dist.id, product.id): qty for dist, product, qty in Stock._read_group(
            [("distributor_id", "in", distributors.ids), ("bucket", "=", "saleable")],
            ["distributor_id", "product_id"], ["quantity:sum"])}
        stock_outs = defaultdict(list)
        for (dist, product), daily in velocity.items():
            if daily > 0 and saleable.get((dist, product), 0.0) <= 0:
                stock_outs[dist].append(product)
        expiring = defaultdict(list)
        for row in Stock.search([
                ("distributor_id", "in", distributors.ids), ("quantity", ">", 0), ("lot_id", "!=", False),
                "|", ("is_near_expiry", "=", True), ("is_expired", "=", True)]):
            expiring[row.distributor_id.id].append(row)
        managers = self.env.ref("dms_sales.group_dms_manager").users.filtered(
            lambda u: not u.share and u.active and u.id != SUPERUSER_ID)
        stock_out_type = self.env.ref("dms_inventory.mail_activity_type_dms_stock_out")
        expiry_type = self.env.ref("dms_inventory.mail_activity_type_dms_near_expiry")
        open_activities = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "in", distributors.ids),
            ("activity_type_id", "in", (stock_out_type | expiry_type).ids)])
        already = {(a.res_id, a.activity_type_id.id, a.user_id.id) for a in open_activities}
        model_id = self.env["ir.model"]._get_id("res.partner")
        Product = self.env["product.product"]
        vals = []
        for partner in distributors:
            users = partner.user_id if partner.user_id and not partner.user_id.share else managers
            alerts = []
            if stock_outs.get(partner.id):
                products = Product.browse(stock_outs[partner.id])
                alerts.append((stock_out_type, self.env._(
                    "Stock-out at %(distributor)s: %(count)s products", distributor=partner.name,
                    count=len(products)), ", ".join(products.mapped("display_name"))))
            if expiring.get(partner.id):
                alerts.append((expiry_type, self.env._(
                    "Near-expiry stock at %(distributor)s: %(count)s lots", distributor=partner.name,
                    count=len(expiring[partner.id])), ", ".join(
                    "%s %s (%s)" % (row.product_id.display_name, row.lot_id.name,
                                    fields.Date.to_string(row.expiration_date)) for row in expiring[partner.id])))
            for activity_type, summary, note in alerts:
                for user in users:
                    if (partner.id, activity_type.id, user.id) in already:
                        continue
                    vals.append({
                        "res_model_id": model_id, "res_id": partner.id, "activity_type_id": activity_type.id,
                        "summary": summary[:250], "note": note, "user_id": user.id,
                        "date_deadline": fields.Date.context_today(self),
                    })
        if vals:
            self.env["mail.activity"].create(vals)
