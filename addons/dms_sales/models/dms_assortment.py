from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsAssortment(models.Model):
    _name = "dms.assortment"
    _description = "Assortment List"
    _inherit = ["mail.thread"]
    _order = "list_type, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    list_type = fields.Selection(
        [("must_sell", "Must-Sell"), ("focus", "Focus")], string="Type", required=True, default="must_sell",
        tracking=True,
        help="Must-Sell: every outlet in scope should order each product; orders missing one are flagged "
             "and the suggested order adds it. Focus: products to push, shown to the rep.")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    date_from = fields.Date(string="Valid From", tracking=True, help="Empty: valid from the start.")
    date_to = fields.Date(string="Valid Until", tracking=True, help="Empty: no end date.")
    # Scope: empty means everyone.
    territory_ids = fields.Many2many(
        "dms.territory", string="Territories", check_company=True,
        help="Outlets in these territories or below them. Empty: every territory.")
    channel_ids = fields.Many2many("dms.channel", string="Channels", help="Empty: every channel.")
    outlet_class_ids = fields.Many2many("dms.outlet.class", string="Outlet Classes", help="Empty: every class.")
    partner_ids = fields.Many2many(
        "res.partner", "dms_assortment_partner_rel", "assortment_id", "partner_id", string="Outlets",
        check_company=True, domain="[('dms_role', '=', 'outlet')]",
        help="Only these outlets (within the rest of the scope). Empty: every outlet of the scope.")
    line_ids = fields.One2many("dms.assortment.line", "assortment_id", string="Products", copy=True)
    product_count = fields.Integer(compute="_compute_product_count")
    is_for_my_territories = fields.Boolean(
        compute="_compute_is_for_my_territories", search="_search_is_for_my_territories",
        help="The list applies to a territory of the current user (or to every territory).")

    @api.depends("line_ids")
    def _compute_product_count(self):
        for assortment in self:
            assortment.product_count = len(assortment.line_ids)

    def _compute_is_for_my_territories(self):
        mine = self.search([("id", "in", self.ids), ("is_for_my_territories", "=", True)])
        for assortment in self:
            assortment.is_for_my_territories = assortment in mine

    @api.model
    def _search_is_for_my_territories(self, operator, value):
        """Lists without territories, or on a territory that is one of the user's or above one.
        Evaluated when the query is built (not cached with the rule), so reassigning a rep takes
        effect at once. The user's own territories are read with sudo: they are the user's own
        assignment (as a rep, a supervisor, or their distributor's coverage), nothing more."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Operation not supported"))
        # sudo: the user's own assignment, nothing else
        user = self.env.user.sudo()
        Territory = self.env["dms.territory"].sudo()
        assigned = Territory.search(["|", ("user_ids", "in", user.id), ("manager_id", "=", user.id)])
        assigned |= user.commercial_partner_id.dms_covered_territory_ids
        # a list on a territory applies below it: the lists on the user's territories, on their
        # ancestors and on their descendants (where the user works too)
        mine = Territory.search([("id", "child_of", assigned.ids)]) if assigned else Territory
        domain = ["|", ("territory_ids", "=", False), ("territory_ids", "parent_of", mine.ids)]
        if (operator == "=") != value:
            return ["!", *domain]
        return domain

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for assortment in self:
            if assortment.date_from and assortment.date_to and assortment.date_to < assortment.date_from:
                raise ValidationError(self.env._(
                    "Assortment %(name)s: Valid Until (%(date_to)s) is before Valid From (%(date_from)s).",
                    name=assortment.name, date_to=assortment.date_to, date_from=assortment.date_from))

    @api.model
    def _dms_find(self, companies, dates, list_type="must_sell"):
        """Active lists of this type of these companies valid on at least one of ``dates``: one
        search for a batch, filtered per outlet with :meth:`_dms_matches`."""
        return self.search([
            ("company_id", "in", companies.ids),
            ("list_type", "=", list_type),
            "|", ("date_from", "=", False), ("date_from", "<=", max(dates)),
            "|", ("date_to", "=", False), ("date_to", ">=", min(dates)),
        ])

    def _dms_matches(self, outlet, date):
        """Lists of ``self`` valid on ``date`` whose scope covers ``outlet`` (a territory covers
        its subtree; an empty scope covers everyone)."""
        territory = outlet.dms_territory_id

        def in_scope(assortment):
            if assortment.company_id != (outlet.company_id or assortment.company_id):
                return False
            if (assortment.date_from and date < assortment.date_from) or (
                    assortment.date_to and date > assortment.date_to):
                return False
            if assortment.territory_ids and not (territory and territory.parent_path.startswith(
                    tuple(assortment.territory_ids.mapped("parent_path")))):
                return False
            if assortment.channel_ids and outlet.dms_channel_id not in assortment.channel_ids:
                return False
            if assortment.outlet_class_ids and outlet.dms_outlet_class_id not in assortment.outlet_class_ids:
                return False
            return not assortment.partner_ids or outlet in assortment.partner_ids
        return self.filtered(in_scope)

    @api.model
    def _dms_must_sell(self, outlets_dates):
        """Must-sell products per (outlet, date) pair: {(outlet, date): {product: minimum units}}.
        Read with sudo: which products an outlet must carry is part of taking its order, whoever
        takes it (the lists' own rules only decide who may browse and edit them)."""
        outlets_dates = list(outlets_dates)
        if not outlets_dates:
            return {}
        outlets = self.env["res.partner"].union(*(o for o, _d in outlets_dates))
        companies = outlets.company_id | self.env.company
        # sudo: see the docstring; only the lists' products are returned
        lists = self.sudo()._dms_find(companies, [d for _o, d in outlets_dates])
        result = {}
        for outlet, date in outlets_dates:
            products = {}
            # sudo: the outlet's scope fields (territory, channel, class), for matching only
            for assortment in lists._dms_matches(outlet.sudo(), date):
                for line in assortment.line_ids:
                    products[line.product_id] = max(products.get(line.product_id, 0.0), line.min_qty)
            result[outlet, date] = products
        return result
