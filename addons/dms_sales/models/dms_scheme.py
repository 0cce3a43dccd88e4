from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import formatLang

from ..engine import budget as budget_engine
from ..engine import schemes as engine

# the principal's budgets: its own people and accountants, not distributor staff
BUDGET_GROUPS = "dms_sales.group_dms_rep,account.group_account_invoice"


class DmsScheme(models.Model):
    _name = "dms.scheme"
    _description = "Trade Scheme"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(copy=False, help="Short reference printed on orders and claims.")
    sequence = fields.Integer(
        string="Priority", default=10, help="Schemes with a lower number are applied first.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    date_from = fields.Date(string="Valid From", tracking=True, help="Empty: valid from the start.")
    date_to = fields.Date(string="Valid Until", tracking=True, help="Empty: no end date.")
    account_id = fields.Many2one(
        "account.account", string="Claim Account", check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other', 'expense'))]",
        help="Account of this scheme's line on distributor claim credit notes. "
             "Empty: the sales journal's default account.")
    rule_type = fields.Selection(
        [("qty_slab", "Quantity Slab"), ("value_slab", "Value Slab"), ("free_goods", "Free Goods"),
         ("combo", "Combo")],
        string="Rule", required=True, default="qty_slab", tracking=True,
        help="Quantity Slab: a discount once the quantity bought reaches a slab. Value Slab: the same on the "
             "amount. Free Goods: buy so much, get a product free. Combo: a discount when every component "
             "is bought together.")
    stackable = fields.Boolean(
        tracking=True,
        help="Stackable schemes add up with others on the same lines. A scheme that is not stackable is "
             "exclusive: it skips lines an earlier scheme already gave something on, and once it applies "
             "no later scheme touches its lines.")
    apply_on = fields.Selection(
        [("secondary", "Secondary Orders"), ("primary", "Primary Orders"), ("both", "Both")],
        string="Applies To", required=True, default="secondary",
        help="Secondary orders (distributor to outlet) get every rule type. Primary orders (to distributors) "
             "get percent discounts only.")
    # Scope: empty means everyone.
    territory_ids = fields.Many2many(
        "dms.territory", string="Territories", check_company=True,
        help="Outlets in these territories or below them. Empty: every territory.")
    channel_ids = fields.Many2many("dms.channel", string="Channels", help="Empty: every channel.")
    outlet_class_ids = fields.Many2many("dms.outlet.class", string="Outlet Classes", help="Empty: every class.")
    distributor_ids = fields.Many2many(
        "res.partner", "dms_scheme_distributor_rel", "scheme_id", "partner_id", string="Distributors",
        domain="[('dms_role', 'in', ('distributor', 'wholesaler'))]", help="Empty: every distributor.")
    product_ids = fields.Many2many(
        "product.product", string="Products", check_company=True,
        help="Products bought that count and get the benefit. Empty with no category: every product.")
    categ_ids = fields.Many2many(
        "product.category", string="Product Categories",
        help="Products of these categories (or their sub-categories) count too.")
    # Slabs and free goods measure quantities in units or cases.
    qty_uom = fields.Selection(
        [("unit", "Units"), ("case", "Cases")], string="Count In", required=True, default="unit",
        help="Cases use the line's packaging, else the product's first sales packaging; lines without one "
             "count no cases.")
    slab_ids = fields.One2many("dms.scheme.slab", "scheme_id", string="Slabs", copy=True)
    buy_qty = fields.Float(
        string="Buy", digits="Product Unit of Measure", help="Quantity of the scheme's products to buy.")
    get_product_id = fields.Many2one(
        "product.product", string="Free Product", check_company=True, help="Product given free.")
    get_qty = fields.Float(string="Get", digits="Product Unit of Measure", help="Quantity given free, in units.")
    is_tiered = fields.Boolean(
        string="Tiers", tracking=True,
        help="Free goods by tier (the Slabs: from a quantity, a product and how much of it), the highest tier "
             "reached given once: buy 10 get 1, buy 20 get 3, buy 50 get 8 and 1 of another product. "
             "Replaces Buy, Free Product, Get and Repeating.")
    is_repeating = fields.Boolean(
        string="Repeating", default=True,
        help="Give the free goods for every multiple of the Buy quantity, not just once.")
    combo_line_ids = fields.One2many("dms.scheme.combo.line", "scheme_id", string="Combo Components", copy=True)
    combo_discount = fields.Float(
        string="Combo Discount (%)", digits="Discount", help="Discount on the component lines of a complete combo.")
    secondary_line_count = fields.Integer(compute="_compute_secondary_line_count", string="Order Lines")
    # Budget: what confirmed and delivered secondary orders may take from the scheme.
    budget_type = fields.Selection(
        [("none", "No Budget"), ("value", "Value"), ("qty", "Free Quantity")], string="Budget",
        required=True, default="none", tracking=True, groups=BUDGET_GROUPS,
        help="Value: the benefit given (discounts plus free goods at list price), in the company's currency. "
             "Free Quantity: units of free goods given. Confirmed and delivered secondary orders consume it; "
             "cancelling an order or setting it back to draft gives its part back. At the budget, the "
             "company's setting (Distribution settings, Scheme Budgets) stops confirmations or only warns.")
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    budget_amount = fields.Monetary(tracking=True, groups=BUDGET_GROUPS, help="The value this scheme may give.")
    budget_qty = fields.Float(
        string="Budget Quantity", digits="Product Unit of Measure", tracking=True, groups=BUDGET_GROUPS,
        help="Units of free goods this scheme may give.")
    budget_consumed = fields.Float(
        string="Consumed", compute="_compute_budget", digits="Product Price", groups=BUDGET_GROUPS,
        help="Taken by confirmed and delivered secondary orders, in the budget's terms (value or units).")
    budget_remaining = fields.Float(
        string="Remaining", compute="_compute_budget", digits="Product Price", groups=BUDGET_GROUPS,
        help="Budget less consumed; negative when the budget is exceeded (warn mode).")
    budget_utilisation = fields.Float(
        string="Utilisation (%)", compute="_compute_budget", digits=(16, 1), groups=BUDGET_GROUPS,
        help="Consumed in percent of the budget.")

    def _compute_secondary_line_count(self):
        counts = dict(self.env["dms.secondary.order.line"]._read_group(
            [("scheme_id", "in", self.ids)], ["scheme_id"], ["__count"]))
        for scheme in self:
            scheme.secondary_line_count = counts.get(scheme, 0)

    @api.depends("budget_type", "budget_amount", "budget_qty")
    def _compute_budget(self):
        consumed = self._dms_budget_consumption()
        for scheme in self:
            limit = scheme._dms_budget_limit()
            scheme.budget_consumed = consumed.get(scheme, 0.0)
            scheme.budget_remaining = budget_engine.remaining(limit, scheme.budget_consumed)
            scheme.budget_utilisation = budget_engine.utilisation(limit, scheme.budget_consumed)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for scheme in self:
            if scheme.date_from and scheme.date_to and scheme.date_to < scheme.date_from:
                raise ValidationError(self.env._(
                    "Scheme %(scheme)s: Valid Until (%(date_to)s) is before Valid From (%(date_from)s).",
                    scheme=scheme.name, date_to=scheme.date_to, date_from=scheme.date_from))

    @api.constrains("budget_type", "budget_amount", "budget_qty")
    def _check_budget(self):
        for scheme in self:
            if scheme.budget_type == "value" and scheme.budget_amount <= 0:
                raise ValidationError(self.env._(
                    "Scheme %(scheme)s: a value budget must be positive (Budget Amount).", scheme=scheme.name))
            if scheme.budget_type == "qty" and scheme.budget_qty <= 0:
                raise ValidationError(self.env._(
                    "Scheme %(scheme)s: a free quantity budget must be positive (Budget Quantity).",
                    scheme=scheme.name))

    @api.constrains("rule_type", "is_tiered", "slab_ids", "buy_qty", "get_product_id", "get_qty", "combo_line_ids",
                    "combo_discount", "product_ids", "categ_ids")
    def _check_rule(self):
        for scheme in self:
            if scheme.rule_type in ("qty_slab", "value_slab") and not scheme.slab_ids:
                raise ValidationError(self.env._(
                    "Scheme %(scheme)s: a slab scheme needs at least one slab (Slabs).", scheme=scheme.name))
            if scheme.rule_type == "free_goods" and scheme.is_tiered:
                if not scheme.slab_ids:
                    raise ValidationError(self.env._(
                        "Scheme %(scheme)s: tiered free goods need at least one tier (Slabs).", scheme=scheme.name))
                scheme.slab_ids._check_values()
                scheme.slab_ids._check_increasing()
            if scheme.rule_type == "free_goods":
                if not scheme.product_ids and not scheme.categ_ids:
                    raise ValidationError(self.env._(
                        "Scheme %(scheme)s: say which products must be bought (Products or Product Categories).",
                        scheme=scheme.name))
            if scheme.rule_type == "free_goods" and not scheme.is_tiered:
                if not scheme.get_product_id:
                    raise ValidationError(self.env._(
                        "Scheme %(scheme)s: free goods need a product to give (Free Product).", scheme=scheme.name))
                if scheme.buy_qty <= 0 or scheme.get_qty <= 0:
                    raise ValidationError(self.env._(
                        "Scheme %(scheme)s: the Buy and Get quantities must be positive.", scheme=scheme.name))
            if scheme.rule_type == "combo":
                if len(scheme.combo_line_ids) < 2:
                    raise ValidationError(self.env._(
                        "Scheme %(scheme)s: a combo needs at least two components (Combo Components).",
                        scheme=scheme.name))
                if not 0 < scheme.combo_discount <= 100:
                    raise ValidationError(self.env._(
                        "Scheme %(scheme)s: the Combo Discount must be between 0 and 100%%.", scheme=scheme.name))

    def action_view_secondary_lines(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lines of %(scheme)s", scheme=self.name),
            "res_model": "dms.secondary.order.line",
            "view_mode": "list",
            "views": [(self.env.ref("dms_sales.dms_secondary_order_line_view_list_scheme").id, "list")],
            "domain": [("scheme_id", "=", self.id)],
            "context": {"create": False},
        }

    def _dms_claim_account(self, journal):
        """Account this scheme's benefit is booked on (claim credit notes, accruals): its Claim Account,
        else the sales ``journal``'s default account, else the income account of All products. An empty
        ``self`` (adjustments) takes the defaults."""
        return self[:1].account_id or journal.default_account_id \
            or self.env.ref("product.product_category_all").with_company(journal.company_id) \
            .property_account_income_categ_id

    def _dms_budget_limit(self):
        self.ensure_one()
        return {"value": self.budget_amount, "qty": self.budget_qty}.get(self.budget_type, 0.0)

    def _dms_budget_consumption(self, orders=None):
        """{scheme: what confirmed and delivered secondary orders (only ``orders`` when given) consume
        of its budget}, for the schemes of ``self`` with a budget: one grouped query for them all."""
        schemes = self.filtered(lambda s: s.budget_type != "none")
        if not schemes:
            return {}
        domain = [("scheme_id", "in", schemes.ids), ("state", "in", ("confirmed", "delivered"))]
        if orders is not None:
            domain.append(("order_id", "in", orders.ids))
        # sudo: a budget counts every order of the scheme, whoever took it; only sums are read
        groups = self.env["dms.secondary.order.line"].sudo()._read_group(
            domain, ["scheme_id", "is_reward"], ["scheme_amount:sum", "product_uom_qty:sum"])
        benefits = {}
        for scheme, is_reward, amount, qty in groups:
            benefits.setdefault(scheme.id, []).append(
                budget_engine.Benefit(amount=amount, free_qty=qty if is_reward else 0.0))
        return {scheme: budget_engine.consumption(benefits.get(scheme.id, []), scheme.budget_type)
                for scheme in schemes}

    def _dms_budget_rounding(self):
        self.ensure_one()
        if self.budget_type == "value":
            return self.currency_id.rounding or 0.01
        return 10 ** -self.env["decimal.precision"].precision_get("Product Unit of Measure")

    def _dms_format_budget(self, value):
        self.ensure_one()
        if self.budget_type == "value":
            return formatLang(self.env, value, currency_obj=self.currency_id)
        return self.env._("%(qty)s units", qty=formatLang(self.env, value, digits=2))

    def _dms_engine_scheme(self):
        """This scheme as the engine's plain data."""
        self.ensure_one()
        return engine.Scheme(
            id=self.id, rule_type=self.rule_type, priority=self.sequence, stackable=self.stackable,
            product_ids=frozenset(self.product_ids.ids), categ_ids=frozenset(self.categ_ids.ids),
            qty_uom=self.qty_uom,
            slabs=self._dms_engine_slabs(),
            buy_qty=self.buy_qty, get_product_id=self.get_product_id.id or None, get_qty=self.get_qty,
            repeating=self.is_repeating,
            combo=tuple(engine.ComboComponent(c.product_id.id, c.min_qty) for c in self.combo_line_ids),
            percent=self.combo_discount,
        )

    def _dms_engine_slabs(self):
        """The slabs the engine applies: discounts of a slab scheme, tiers of tiered free goods, none else."""
        self.ensure_one()
        if self.rule_type in ("qty_slab", "value_slab"):
            return tuple(engine.Slab(s.threshold, s.discount_value, s.discount_type) for s in self.slab_ids)
        if self.rule_type == "free_goods" and self.is_tiered:
            return tuple(engine.Slab(s.threshold, get_product_id=s.get_product_id.id, get_qty=s.get_qty)
                         for s in self.slab_ids)
        return ()

    @api.model
    def _dms_find_schemes(self, companies, dates, order_type):
        """Active schemes of these companies for this order type ("secondary" or "primary") valid on
        at least one of these dates: one search for a batch of orders, filtered per order by
        :meth:`_dms_matches`."""
        return self.search([
            ("company_id", "in", companies.ids),
            ("apply_on", "in", (order_type, "both")),
            "|", ("date_from", "=", False), ("date_from", "<=", max(dates)),
            "|", ("date_to", "=", False), ("date_to", ">=", min(dates)),
        ])

    def _dms_matches(self, company, date, territory, channel, outlet_class, distributor):
        """Schemes of ``self`` valid on ``date`` whose scope covers this outlet and distributor.
        A territory in scope covers its whole subtree; an empty scope covers everyone."""
        def in_scope(scheme):
            if scheme.company_id != company:
                return False
            if (scheme.date_from and date < scheme.date_from) or (scheme.date_to and date > scheme.date_to):
                return False
            if scheme.territory_ids and not (
                    territory and territory.parent_path.startswith(tuple(scheme.territory_ids.mapped("parent_path")))):
                return False
            if scheme.channel_ids and channel not in scheme.channel_ids:
                return False
            if scheme.outlet_class_ids and outlet_class not in scheme.outlet_class_ids:
                return False
            return not scheme.distributor_ids or bool(distributor and distributor in scheme.distributor_ids)
        return self.filtered(in_scope)

    @api.model
    def _dms_engine_line(self, line_id, product, uom, qty, price_unit, units_per_case=0.0):
        """An order line as the engine's plain data: quantity in the product's unit and price per
        product unit, whatever unit the line is in; a category counts with its ancestors."""
        if uom and uom != product.uom_id:
            product_qty = uom._compute_quantity(qty, product.uom_id)
            price_unit = price_unit * qty / product_qty if product_qty else price_unit
            qty = product_qty
        categ_ids = frozenset(int(c) for c in (product.categ_id.parent_path or "").split("/") if c)
        return engine.OrderLine(line_id, product.id, qty, price_unit, categ_ids, units_per_case or 0.0)
