from collections import defaultdict
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

SUBJECT_FIELDS = {"rep": "user_id", "territory": "territory_id", "distributor": "distributor_id", "outlet": "outlet_id"}
SECONDARY_TYPES = ("rep", "territory", "outlet")
# positions 5 and 6 (month, category) are read by _check_duplicates and _duplicate_message
UNIQUE_FIELDS = ("company_id", "target_type", "user_id", "territory_id", "distributor_id", "month", "categ_id",
                 "outlet_id", "product_id")


class DmsTarget(models.Model):
    _name = "dms.target"
    _description = "Sales Target"
    _order = "month desc, target_type, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    target_type = fields.Selection(
        [("rep", "Sales Rep"), ("territory", "Territory"), ("distributor", "Distributor"), ("outlet", "Outlet")],
        string="Target For", required=True, default="rep",
        help="Rep, territory and outlet targets count secondary sales (orders to outlets); "
             "distributor targets count primary sales (our sales orders to the distributor).")
    user_id = fields.Many2one(
        "res.users", string="Sales Rep", index=True, domain="[('share', '=', False)]",
        help="Rep whose confirmed and delivered secondary orders count.")
    territory_id = fields.Many2one(
        "dms.territory", index=True, check_company=True,
        help="Secondary orders of outlets in this territory and every territory below it count.")
    distributor_id = fields.Many2one(
        "res.partner", index=True, check_company=True,
        domain="[('dms_role', 'in', ('distributor', 'wholesaler')), ('is_company', '=', True)]",
        help="Confirmed sales orders to this distributor count.")
    outlet_id = fields.Many2one(
        "res.partner", index=True, check_company=True, domain="[('dms_role', '=', 'outlet')]",
        help="Confirmed and delivered secondary orders of this outlet count, whoever took them.")
    month = fields.Date(
        required=True, index=True, default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Month of the target; any day of it is stored as its first day.")
    date_from = fields.Date(compute="_compute_dates", store=True)
    date_to = fields.Date(compute="_compute_dates", store=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", index=True,
        help="Count only products of this category and its sub-categories. Empty: every product.")
    product_id = fields.Many2one(
        "product.product", index=True, check_company=True,
        help="Count only this product (an SKU target). Empty: every product of the category.")
    parent_id = fields.Many2one(
        "dms.target", string="Cascaded From", index="btree_not_null", ondelete="set null", readonly=True,
        help="The territory target this target was split from by a cascade.")
    child_ids = fields.One2many("dms.target", "parent_id", string="Cascaded Targets", readonly=True)
    # A territory target may be split to its reps and, separately, to its outlets: each level is a
    # whole split of the same target, so the figures are kept per level, never added across levels.
    rep_child_ids = fields.One2many(
        "dms.target", "parent_id", string="Cascaded to Reps", readonly=True, domain=[("target_type", "=", "rep")])
    outlet_child_ids = fields.One2many(
        "dms.target", "parent_id", string="Cascaded to Outlets", readonly=True,
        domain=[("target_type", "=", "outlet")])
    cascade_rule = fields.Selection(
        [("equal", "Equal Split"), ("history", "Last Period's Sales Share")], readonly=True,
        help="How the parent's figures were split over this target and its siblings.")
    rep_cascaded_value = fields.Monetary(
        compute="_compute_cascaded_totals", string="Cascaded to Reps (Value)",
        help="Sum of the target values of the rep targets cascaded from this one.")
    rep_cascaded_qty = fields.Float(
        compute="_compute_cascaded_totals", string="Cascaded to Reps (Quantity)", digits="Product Unit of Measure",
        help="Sum of the target quantities of the rep targets cascaded from this one.")
    outlet_cascaded_value = fields.Monetary(
        compute="_compute_cascaded_totals", string="Cascaded to Outlets (Value)",
        help="Sum of the target values of the outlet targets cascaded from this one.")
    outlet_cascaded_qty = fields.Float(
        compute="_compute_cascaded_totals", string="Cascaded to Outlets (Quantity)",
        digits="Product Unit of Measure",
        help="Sum of the target quantities of the outlet targets cascaded from this one.")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    target_value = fields.Monetary(help="Untaxed sales value to reach. 0: no value target.")
    target_qty = fields.Float(
        string="Target Quantity", digits="Product Unit of Measure",
        help="Quantity to sell, in the units of the order lines. 0: no volume target.")
    achieved_value = fields.Monetary(compute="_compute_achievement")
    achieved_qty = fields.Float(compute="_compute_achievement", string="Achieved Quantity",
                                digits="Product Unit of Measure")
    achieved_value_percent = fields.Float(compute="_compute_achievement", string="Value Achievement (%)")
    achieved_qty_percent = fields.Float(compute="_compute_achievement", string="Volume Achievement (%)")

    @api.depends("target_type", "user_id", "territory_id", "distributor_id", "outlet_id", "month", "categ_id",
                 "product_id")
    def _compute_name(self):
        for target in self:
            subject = target[SUBJECT_FIELDS[target.target_type]] if target.target_type else False
            parts = [subject.display_name if subject else "", target.month and target.month.strftime("%Y-%m"),
                     target.product_id.display_name or target.categ_id.display_name]
            target.name = " - ".join(p for p in parts if p)

    @api.depends("month")
    def _compute_dates(self):
        for target in self:
            target.date_from = target.month and target.month.replace(day=1)
            target.date_to = target.month and target.date_from + relativedelta(months=1, days=-1)

    @api.depends("child_ids.target_value", "child_ids.target_qty", "child_ids.target_type")
    def _compute_cascaded_totals(self):
        groups = {(parent, level): (value, qty) for parent, level, value, qty in self.env["dms.target"]._read_group(
            [("parent_id", "in", self.ids)], ["parent_id", "target_type"], ["target_value:sum", "target_qty:sum"])}
        for target in self:
            target.rep_cascaded_value, target.rep_cascaded_qty = groups.get((target, "rep"), (0.0, 0.0))
            target.outlet_cascaded_value, target.outlet_cascaded_qty = groups.get((target, "outlet"), (0.0, 0.0))

    def _compute_achievement(self):
        achieved = self._achievements()
        for target in self:
            value, qty = achieved.get(target.id, (0.0, 0.0))
            target.achieved_value = value
            target.achieved_qty = qty
            target.achieved_value_percent = value / target.target_value * 100 if target.target_value else 0.0
            target.achieved_qty_percent = qty / target.target_qty * 100 if target.target_qty else 0.0

    @api.constrains("categ_id", "product_id")
    def _check_product_or_category(self):
        for target in self:
            if target.categ_id and target.product_id:
                raise ValidationError(self.env._(
                    "Target %(target)s: set a Product or a Product Category, not both.", target=target.name))

    @api.constrains("target_type", "user_id", "territory_id", "distributor_id", "outlet_id")
    def _check_subject(self):
        for target in self:
            field = SUBJECT_FIELDS[target.target_type]
            if not target[field]:
                raise ValidationError(self.env._(
                    "Target %(target)s: a %(type)s target needs a %(field)s.",
                    target=target.name or "", type=target.target_type,
                    field=self._fields[field]._description_string(self.env)))
            others = [f for f in SUBJECT_FIELDS.values() if f != field and target[f]]
            if others:
                raise ValidationError(self.env._(
                    "Target %(target)s: a %(type)s target cannot also have a %(field)s.",
                    target=target.name, type=target.target_type,
                    field=self._fields[others[0]]._description_string(self.env)))

    @api.constrains("target_value", "target_qty")
    def _check_amounts(self):
        for target in self:
            if target.target_value < 0 or target.target_qty < 0:
                raise ValidationError(self.env._(
                    "Target %(target)s: Target Value and Target Quantity cannot be negative.", target=target.name))
            if not target.target_value and not target.target_qty:
                raise ValidationError(self.env._(
                    "Target %(target)s: set a Target Value, a Target Quantity or both.", target=target.name))

    @api.constrains(*UNIQUE_FIELDS)
    def _check_unique(self):
        self._check_duplicates([target._unique_key() for target in self], exclude_ids=self.ids)

    def _unique_key(self, vals=None):
        """(company, type, rep, territory, distributor, month, category, outlet, product) of the record, or of the
        record once `vals` are written (a new record when `self` is empty)."""
        vals = vals or {}
        key = []
        for fname in UNIQUE_FIELDS:
            if fname in vals:
                value = vals[fname] or False
                key.append(fields.Date.to_date(value) if fname == "month" and value else value)
            elif self:
                value = self[fname]
                key.append(value.id if isinstance(value, models.BaseModel) else value)
            else:
                key.append({"company_id": self.env.company.id, "target_type": "rep"}.get(fname, False))
        return tuple(key)

    def _check_duplicates(self, keys, exclude_ids=()):
        seen = set()
        for key in keys:
            if key in seen:
                raise ValidationError(self._duplicate_message(key))
            seen.add(key)
        months = [key[5] for key in keys if key[5]]
        if not months:
            return
        # sudo: uniqueness holds across targets the current user cannot see
        others = self.sudo().search([("id", "not in", list(exclude_ids)), ("month", "in", months)])
        existing = {target._unique_key() for target in others}
        for key in keys:
            if key in existing:
                raise ValidationError(self._duplicate_message(key))

    def _duplicate_message(self, key):
        subject = next((self.env[model].browse(value).display_name
                        for model, value in zip(("res.users", "dms.territory", "res.partner", "res.partner"),
                                                (*key[2:5], key[7]), strict=True)
                        if value), "")
        categ = (self.env["product.product"].browse(key[8]).display_name if key[8]
                 else self.env["product.category"].browse(key[6]).display_name if key[6]
                 else self.env._("all products"))
        return self.env._(
            "There is already a target for %(subject)s in %(month)s on %(categ)s (one target per subject, "
            "month and Product or Product Category).", subject=subject, month=key[5] and key[5].strftime("%Y-%m"),
            categ=categ)

    def init(self):
        res = super().init()
        # The Python check gives the readable message; this index makes it hold under concurrency.
        # (It replaces the index of the subjects before outlets and products.)
        self.env.cr.execute("""
            DROP INDEX IF EXISTS dms_target_subject_month_uniq;
            CREATE UNIQUE INDEX IF NOT EXISTS dms_target_subject_product_month_uniq
                ON dms_target (company_id, target_type, COALESCE(user_id, 0), COALESCE(territory_id, 0),
                               COALESCE(distributor_id, 0), COALESCE(outlet_id, 0), month, COALESCE(categ_id, 0),
                               COALESCE(product_id, 0))
        """)
        return res

    @api.onchange("target_type")
    def _onchange_target_type(self):
        for field in SUBJECT_FIELDS.values():
            if field != SUBJECT_FIELDS.get(self.target_type):
                self[field] = False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_month(vals)
        # checked before the insert: the unique index would otherwise answer first, unreadably
        self.check_access("create")
        self.browse()._check_duplicates([self.browse()._unique_key(vals) for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_month(vals)
        if set(UNIQUE_FIELDS) & vals.keys():
            self.check_access("write")
            self._check_duplicates([target._unique_key(vals) for target in self], exclude_ids=self.ids)
        return super().write(vals)

    @api.model
    def _normalize_month(self, vals):
        if vals.get("month"):
            vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)

    # ------------------------------------------------------------------
    # Achievement
    # ------------------------------------------------------------------

    def _achievements(self):
        """{target id: (untaxed value, quantity)} with one grouped read per month and kind of sales."""
        result = {}
        by_month = defaultdict(lambda: self.browse())
        for target in self.filtered("month"):
            by_month[target.date_from] |= target
        for date_from, targets in by_month.items():
            start = datetime.combine(date_from, time.min)
            end = start + relativedelta(months=1)
            secondary = targets.filtered(lambda t: t.target_type in SECONDARY_TYPES)
            if secondary:
                result.update(secondary._achievements_secondary(start, end))
            primary = targets - secondary
            if primary:
                result.update(primary._achievements_primary(start, end))
        return result

    def _achievements_secondary(self, start, end):
        reps = self.user_id
        territories = self.territory_id
        outlets = self.outlet_id
        domain = [
            ("state", "in", ("confirmed", "delivered")),
            ("company_id", "in", self.company_id.ids),
            ("date_order", ">=", start), ("date_order", "<", end),
        ]
        if self.product_id and not self.filtered(lambda t: not t.product_id):
            domain.append(("product_id", "in", self.product_id.ids))
        subject = []
        if reps:
            subject.append([("order_id.user_id", "in", reps.ids)])
        if territories:
            subject.append([("order_id.territory_id", "child_of", territories.ids)])
        if outlets:
            subject.append([("partner_id", "in", outlets.ids)])
        domain += expression.OR(subject)
        # sudo: achievement is a figure about a target the user can read; it sums orders beyond
        # the user's own territories (a supervisor's rep's targets, a distributor's staff...).
        groups = self.env["dms.secondary.order.line"].sudo()._read_group(
            domain, ["order_id", "product_id"], ["price_subtotal:sum", "product_uom_qty:sum"])
        rows = [(order.user_id.id, order.territory_id.parent_path or "", order.company_id.id,
                 product.categ_id.parent_path or "", order.partner_id.id, product.id, value, qty)
                for order, product, value, qty in groups]
        result = {}
        for target in self:
            categ_path = target.categ_id.parent_path or ""
            territory_path = target.territory_id.parent_path
            value = qty = 0.0
            for user_id, path, company_id, product_categ_path, outlet_id, product_id, row_value, row_qty in rows:
                if company_id != target.company_id.id or not product_categ_path.startswith(categ_path):
                    continue
                if target.product_id and product_id != target.product_id.id:
                    continue
                if target.target_type == "outlet" and outlet_id != target.outlet_id.id:
                    continue
                if target.target_type == "rep" and user_id != target.user_id.id:
                    continue
                if target.target_type == "territory" and not path.startswith(territory_path):
                    continue
                value += row_value
                qty += row_qty
            result[target.id] = (value, qty)
        return result

    def _achievements_primary(self, start, end):
        # sudo: distributor staff and reps read their targets without access to our sales orders
        groups = self.env["sale.order.line"].sudo()._read_group([
            ("state", "=", "sale"),
            ("display_type", "=", False),
            ("is_downpayment", "=", False),
            ("company_id", "in", self.company_id.ids),
            ("order_partner_id", "child_of", self.distributor_id.ids),
            ("order_id.date_order", ">=", start), ("order_id.date_order", "<", end),
        ], ["order_partner_id", "company_id", "product_id"], ["price_subtotal:sum", "product_uom_qty:sum"])
        result = {}
        for target in self:
            categ_path = target.categ_id.parent_path or ""
            value = qty = 0.0
            for partner, company, product, row_value, row_qty in groups:
                if partner.commercial_partner_id != target.distributor_id or company != target.company_id \
                        or not (product.categ_id.parent_path or "").startswith(categ_path) \
                        or (target.product_id and product != target.product_id):
                    continue
                value += row_value
                qty += row_qty
            result[target.id] = (value, qty)
        return result
