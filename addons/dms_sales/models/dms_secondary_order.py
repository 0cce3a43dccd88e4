import random
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from ..engine import schemes as engine
from ..guard import dms_system_write


class DmsSecondaryOrder(models.Model):
    _name = "dms.secondary.order"
    _description = "Secondary Order"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_order desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Order Reference", required=True, copy=False, readonly=True, index="trigram", default="New")
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("delivered", "Delivered"), ("cancel", "Cancelled")],
        default="draft", required=True, copy=False, index=True, tracking=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    distributor_id = fields.Many2one(
        "res.partner", required=True, index=True, tracking=True, check_company=True,
        domain="[('dms_role', 'in', ('distributor', 'wholesaler')), ('is_company', '=', True)]",
        help="Who sells and delivers: the distributor serving the outlet.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Outlet", required=True, index=True, tracking=True, check_company=True,
        domain="[('dms_role', '=', 'outlet'), ('dms_distributor_id', '=?', distributor_id)]",
    )
    territory_id = fields.Many2one(
        "dms.territory", compute="_compute_territory_id", store=True, index=True, readonly=True,
        help="The outlet's territory when the order was taken.",
    )
    channel_id = fields.Many2one("dms.channel", compute="_compute_territory_id", store=True, readonly=True)
    outlet_class_id = fields.Many2one(
        "dms.outlet.class", compute="_compute_territory_id", store=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Sales Rep", index=True, tracking=True, default=lambda self: self.env.user,
        domain="[('share', '=', False)]")
    date_order = fields.Datetime(
        string="Order Date", required=True, index=True, default=fields.Datetime.now, copy=False)
    pricelist_id = fields.Many2one(
        "product.pricelist", compute="_compute_pricelist_id", store=True, readonly=False, precompute=True,
        check_company=True, help="The distributor's outlet pricelist, else the outlet's own pricelist.",
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, precompute=True)
    external_ref = fields.Char(
        string="External Reference", copy=False, index=True,
        help="The order's number in the distributor's own system. Unique per distributor, "
             "so importing the same file twice creates nothing twice.",
    )
    origin = fields.Selection(
        [("form", "Entered"), ("import", "Imported"), ("api", "Field app")], default="form", readonly=True)
    note = fields.Text()
    line_ids = fields.One2many("dms.secondary.order.line", "order_id", string="Order Lines", copy=True)
    amount_untaxed = fields.Monetary(compute="_compute_amounts", store=True, tracking=True)
    amount_tax = fields.Monetary(string="Taxes", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(string="Total", compute="_compute_amounts", store=True, tracking=True)
    amount_scheme = fields.Monetary(
        string="Scheme Discount", compute="_compute_amounts", store=True,
        help="Value given by trade schemes on this order: discounts plus free goods at list price.")
    confirmation_date = fields.Datetime(readonly=True, copy=False)
    is_locked = fields.Boolean(
        compute="_compute_is_locked", help="Prices and scheme benefits are locked once the order is confirmed.")
    # Selling intelligence: must-sell lists and the suggested order.
    must_sell_missing_ids = fields.Many2many(
        "product.product", compute="_compute_must_sell_missing_ids", string="Must-Sell Missing",
        help="Products of the must-sell lists that apply to this outlet that the order does not have yet.")
    suggested_line_count = fields.Integer(
        string="Suggested Lines", readonly=True, copy=False,
        help="Lines the suggested order proposed when it filled this order (0: not filled from a suggestion). "
             "Each line keeps the quantity suggested, to measure how much of the suggestion reps keep.")

    # Changes that make trade schemes be applied again on draft orders.
    _SCHEME_TRIGGERS = frozenset({"line_ids", "partner_id", "distributor_id", "date_order", "pricelist_id",
                                  "company_id"})

    _sql_constraints = [
        ("external_ref_distributor_uniq", "unique(distributor_id, external_ref)",
         "This external reference was already used for this distributor."),
    ]

    @api.depends("partner_id")
    def _compute_territory_id(self):
        for order in self:
            if order.state == "draft" or not order.territory_id:
                order.territory_id = order.partner_id.dms_territory_id
                order.channel_id = order.partner_id.dms_channel_id
                order.outlet_class_id = order.partner_id.dms_outlet_class_id

    @api.depends("distributor_id", "partner_id")
    def _compute_pricelist_id(self):
        for order in self:
            if order.state != "draft":
                continue
            order.pricelist_id = (order.distributor_id.dms_secondary_pricelist_id
                                  or order.partner_id.property_product_pricelist)

    @api.depends("pricelist_id", "company_id")
    def _compute_currency_id(self):
        for order in self:
            order.currency_id = order.pricelist_id.currency_id or order.company_id.currency_id

    @api.depends("line_ids.price_subtotal", "line_ids.price_tax", "line_ids.price_total",
                 "line_ids.scheme_amount")
    def _compute_amounts(self):
        for order in self:
            lines = order.line_ids
            order.amount_untaxed = sum(lines.mapped("price_subtotal"))
            order.amount_tax = sum(lines.mapped("price_tax"))
            order.amount_total = sum(lines.mapped("price_total"))
            order.amount_scheme = sum(lines.mapped("scheme_amount"))

    @api.depends("state")
    def _compute_is_locked(self):
        for order in self:
            order.is_locked = order.state != "draft"

    @api.depends("partner_id", "date_order", "line_ids.product_id", "state")
    def _compute_must_sell_missing_ids(self):
        pairs = {order: (order.partner_id, fields.Date.context_today(order, order.date_order))
                 for order in self if order.partner_id and order.date_order}
        must_sell = self.env["dms.assortment"]._dms_must_sell(set(pairs.values()))
        Product = self.env["product.product"]
        for order in self:
            products = must_sell.get(pairs.get(order), {})
            ordered = order.line_ids.filtered(lambda line: not line.is_reward).product_id
            order.must_sell_missing_ids = Product.union(*products) - ordered if products else Product

    @api.onchange("distributor_id")
    def _onchange_distributor_id(self):
        if self.partner_id and self.distributor_id and self.partner_id.dms_distributor_id != self.distributor_id:
            self.partner_id = False

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id.dms_distributor_id and not self.distributor_id:
            self.distributor_id = self.partner_id.dms_distributor_id

    @api.constrains("partner_id", "distributor_id")
    def _check_outlet_distributor(self):
        for order in self:
            if order.partner_id.dms_role != "outlet":
                raise ValidationError(self.env._(
                    "Order %(order)s: %(partner)s (Outlet) is not an outlet.",
                    order=order.name, partner=order.partner_id.display_name))
            if order.partner_id.dms_distributor_id != order.distributor_id:
                raise ValidationError(self.env._(
                    "Order %(order)s: outlet %(outlet)s is served by %(served)s, not %(distributor)s (Distributor).",
                    order=order.name, outlet=order.partner_id.display_name,
                    served=order.partner_id.dms_distributor_id.display_name or self.env._("no distributor"),
                    distributor=order.distributor_id.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        if any(not vals.get("distributor_id") for vals in vals_list):
            default = self.default_get(["distributor_id"]).get("distributor_id")
            for vals in vals_list:
                if not vals.get("distributor_id") and ("distributor_id" in vals or not default):
                    # before any field computed from the distributor (prices, stock location) fails
                    # on its absence
                    raise ValidationError(self.env._(
                        "The secondary order for outlet %(outlet)s has no distributor: set the one who "
                        "sells and delivers (Distributor).",
                        outlet=self.env["res.partner"].browse(vals.get("partner_id")).display_name
                        or self.env._("(none)")))
        for vals in vals_list:
            if vals.get("name", "New") == "New":
                vals["name"] = self.env["ir.sequence"].with_company(vals.get("company_id")).next_by_code(
                    "dms.secondary.order") or "New"
        orders = super(DmsSecondaryOrder, self.with_context(dms_skip_schemes=True)).create(vals_list)
        orders = orders.with_env(self.env)
        if not self.env.context.get("dms_skip_schemes"):
            orders._apply_schemes()
        return orders

    def write(self, vals):
        if "distributor_id" in vals and not vals["distributor_id"] and self:
            raise ValidationError(self.env._(
                "Secondary order %(order)s needs a distributor: the one who sells and delivers "
                "(Distributor).", order=", ".join(self.mapped("name"))))
        locked_fields = {"partner_id", "distributor_id", "pricelist_id", "company_id"}
        if locked_fields & vals.keys() and any(order.state != "draft" for order in self):
            raise UserError(self.env._(
                "Orders %s are no longer in draft: their outlet, distributor and prices are locked.",
                ", ".join(self.filtered(lambda o: o.state != "draft").mapped("name"))))
        res = super(DmsSecondaryOrder, self.with_context(dms_skip_schemes=True)).write(vals)
        if self._SCHEME_TRIGGERS & vals.keys() and not self.env.context.get("dms_skip_schemes"):
            self._apply_schemes()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft_or_cancel(self):
        for order in self:
            if order.state not in ("draft", "cancel"):
                raise UserError(self.env._(
                    "Order %(order)s is %(state)s: cancel it before deleting it.", order=order.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[order.state]))

    def action_confirm(self):
        """Validate, apply schemes one last time, then lock prices and benefits."""
        for order in self:
            if order.state != "draft":
                raise UserError(self.env._("Order %s is not a draft and cannot be confirmed.", order.name))
            if not order.line_ids:
                raise UserError(self.env._("Order %s has no lines to confirm.", order.name))
            if order.partner_id.dms_outlet_state != "approved":
                raise UserError(self.env._(
                    "Order %(order)s: outlet %(outlet)s is not approved yet (Outlet Status).",
                    order=order.name, outlet=order.partner_id.display_name))
        bad_lines = self.line_ids.filtered(lambda line: line.product_uom_qty <= 0 and not line.is_reward)
        if bad_lines:
            line = bad_lines[0]
            raise UserError(self.env._(
                "Order %(order)s: quantity of %(product)s must be positive (Quantity).",
                order=line.order_id.name, product=line.product_id.display_name))
        self._apply_schemes()
        with dms_system_write():
            self.write({"state": "confirmed", "confirmation_date": fields.Datetime.now()})
        self._action_confirm_hook()
        return True

    def _apply_schemes(self):
        """Recompute trade scheme benefits on draft orders: line discounts and the scheme that gave
        them, and free-good lines (added, updated or removed). The arithmetic is the pure-Python
        ``engine.schemes``; here records become its input and its output is written in one batch."""
        orders = self.filtered(lambda o: o.state == "draft" and o.line_ids)
        if not orders:
            return True
        Scheme = self.env["dms.scheme"]
        digits = self.env["decimal.precision"].precision_get("Discount")
        Line = self.env["dms.secondary.order.line"].with_context(dms_skip_schemes=True)
        dates = {order: fields.Date.context_today(order, order.date_order) for order in orders}
        candidates = Scheme._dms_find_schemes(orders.company_id, list(dates.values()), "secondary")
        engine_schemes = {scheme: scheme._dms_engine_scheme() for scheme in candidates}
        updates = {}  # (scheme id, discount) -> lines
        to_create, to_unlink = [], Line.browse()
        for order in orders:
            schemes = candidates._dms_matches(
                order.company_id, dates[order], order.territory_id, order.channel_id, order.outlet_class_id,
                order.distributor_id)
            if not schemes and not any(line.scheme_id or line.is_reward for line in order.line_ids):
                continue  # nothing to give and nothing given before: leave the order as it is
            bought = order.line_ids.filtered(lambda line: not line.is_reward and line.product_id)
            result = engine.apply_schemes(
                [line._dms_engine_line() for line in bought], [engine_schemes[s] for s in schemes],
                rounding=order.currency_id.rounding or 0.01)
            for line in bought:
                benefit = result.lines.get(line.id)
                if benefit:
                    key = (benefit.scheme_id, float_round(benefit.percent, precision_digits=digits))
                elif line.scheme_id:
                    key = (False, 0.0)  # the scheme no longer applies: its discount goes
                else:
                    continue  # a discount typed by hand on a line no scheme touches stays
                if (line.scheme_id.id, line.discount) != key:
                    updates.setdefault(key, Line.browse())
                    updates[key] |= line
            rewards = {(line.scheme_id.id, line.product_id.id): line for line in order.line_ids if line.is_reward}
            for free in result.free_goods:
                line = rewards.pop((free.scheme_id, free.product_id), None)
                if line is None:
                    to_create.append({"order_id": order.id, "product_id": free.product_id, "is_reward": True,
                                      "scheme_id": free.scheme_id, "product_uom_qty": free.qty,
                                      "discount": 100.0, "sequence": 9999})
                elif line.product_uom_qty != free.qty or line.discount != 100.0:
                    updates.setdefault(("reward", free.qty), Line.browse())
                    updates[("reward", free.qty)] |= line
            for line in rewards.values():
                to_unlink |= line
        # the engine's results: scheme links and free goods are the application's to set
        with dms_system_write():
            for key, lines in updates.items():
                if key[0] == "reward":
                    vals = {"product_uom_qty": key[1], "discount": 100.0}
                else:
                    vals = {"scheme_id": key[0], "discount": key[1]}
                lines.write(vals)
            if to_unlink:
                to_unlink.unlink()
            if to_create:
                Line.create(to_create)
        return True

    def action_fill_suggestion(self):
        """Fill the draft order from the outlet's suggested order: a line per suggested product
        (an existing line is raised to the suggested quantity, never lowered), each keeping the
        quantity suggested, so that reports show how much of the suggestion the rep kept."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Order %s is not a draft: it cannot be filled from a suggestion.", self.name))
        self.check_access("write")
        date = fields.Date.context_today(self, self.date_order)
        suggestion = self.partner_id._dms_suggested_order(date=date)
        if not suggestion:
            raise UserError(self.env._(
                "Outlet %s has no order history, must-sell list or scheme to suggest an order from.",
                self.partner_id.display_name))
        lines = {line.product_id.id: line for line in self.line_ids if not line.is_reward}
        Line = self.env["dms.secondary.order.line"]
        to_create, suggested = [], {}
        cases = {p.id: p.packaging_ids.filtered("sales")[:1]
                 for p in self.env["product.product"].browse([e["product_id"] for e in suggestion])}
        for entry in suggestion:
            line = lines.get(entry["product_id"])
            if line is None:
                case = cases[entry["product_id"]]
                to_create.append({"order_id": self.id, "product_id": entry["product_id"],
                                  "product_uom_qty": entry["qty"],
                                  # whole cases are entered as cases, as a rep would
                                  "product_packaging_id": case.id if case and case.qty
                                  and not entry["qty"] % case.qty else False})
            else:
                if line.product_uom_qty < entry["qty"]:
                    line.product_uom_qty = entry["qty"]
                suggested[line] = entry["qty"]
        for line, entry in zip(Line.create(to_create), [e for e in suggestion if e["product_id"] not in lines],
                               strict=True):
            suggested[line] = entry["qty"]
        # the suggested quantities are the application's record of what it proposed
        with dms_system_write():
            for line, qty in suggested.items():
                line.suggested_qty = qty
            self.suggested_line_count = len(suggested)
        return True

    def _action_confirm_hook(self):
        """After confirmation: dms_inventory reserves the distributor's stock here."""
        return True

    def action_deliver(self):
        for order in self:
            if order.state != "confirmed":
                raise UserError(self.env._("Order %s must be confirmed before it is delivered.", order.name))
        with dms_system_write():
            self._set_delivered_quantities()
            self.write({"state": "delivered"})
        return True

    def _set_delivered_quantities(self):
        """Record what reached the outlet: everything ordered, unless stock moves say otherwise
        (dms_inventory overrides this with the quantities actually moved)."""
        for line in self.line_ids:
            line.qty_delivered = line.product_uom_qty

    def action_cancel(self):
        for order in self:
            if order.state == "delivered":
                raise UserError(self.env._(
                    "Order %s is delivered: record a return instead of cancelling it.", order.name))
        with dms_system_write():
            self.write({"state": "cancel"})
        return True

    def action_draft(self):
        for order in self:
            if order.state != "cancel":
                raise UserError(self.env._("Only cancelled orders can be set back to draft: %s.", order.name))
        with dms_system_write():
            self.write({"state": "draft"})
        return True

    @api.model
    def _create_demo_orders(self, count=220, days=90):
        """Demo data: about `count` secondary orders of the demo outlets over the last `days` days,
        delivered when older than a week, confirmed in the last week, a few drafts of the last days.
        Deterministic (seeded), created and confirmed in batches; does nothing if they exist."""
        data = self.env["ir.model.data"].search([
            ("module", "=", "dms_sales"), ("model", "in", ("res.partner", "product.product")),
            ("name", "=like", "%_demo"),
        ])
        outlet_data = data.filtered(lambda d: d.model == "res.partner" and d.name.startswith("res_partner_outlet_"))
        outlets = self.env["res.partner"].browse(outlet_data.mapped("res_id")).filtered(
            lambda p: p.dms_outlet_state == "approved" and p.dms_distributor_id).sorted("dms_outlet_code")
        products = self.env["product.product"].browse(
            data.filtered(lambda d: d.model == "product.product").mapped("res_id")).sorted("default_code")
        if not outlets or not products or self.search_count([("partner_id", "in", outlets.ids)], limit=1):
            return self.browse()
        rng = random.Random(42)
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        cases = {p: p.packaging_ids.filtered("sales")[:1] for p in products}
        # A-class outlets order more often than C-class ones
        weights = [{"A": 4, "B": 2}.get(o.dms_outlet_class_id.name, 1) for o in outlets]
        vals_list, ages = [], []
        for i in range(count):
            outlet = rng.choices(outlets, weights=weights)[0]
            territory = outlet.dms_territory_id
            reps = territory.user_ids or territory.parent_id.user_ids or territory.member_user_ids
            age = i * days // count  # spread evenly: a couple of orders every day
            lines = []
            for product in rng.sample(list(products), rng.randint(2, 6)):
                case = cases[product]
                if case and rng.random() < 0.6:
                    lines.append(Command.create({
                        "product_id": product.id, "product_packaging_id": case.id,
                        "product_uom_qty": case.qty * rng.randint(1, 3)}))
                else:
                    lines.append(Command.create({
                        "product_id": product.id, "product_uom_qty": rng.choice((6, 12, 12, 24))}))
            vals_list.append({
                "partner_id": outlet.id, "distributor_id": outlet.dms_distributor_id.id,
                "company_id": outlet.company_id.id or self.env.company.id,
                "user_id": reps[:1].id or False,
                "date_order": now - timedelta(days=age, hours=rng.randint(0, 9)),
                "line_ids": lines,
            })
            ages.append(age)
        orders = self.with_context(tracking_disable=True, mail_create_nolog=True).create(vals_list)
        age_of = dict(zip(orders, ages, strict=True))
        drafts = orders.sorted(lambda o: age_of[o])[:4]  # the newest few are still being entered
        to_confirm = orders - drafts
        to_confirm.action_confirm()
        to_confirm.filtered(lambda o: age_of[o] >= 7).action_deliver()
        # confirmation happened when the order was taken, not when the demo was loaded
        for order in to_confirm:
            order.confirmation_date = order.date_order
        return orders
