import contextvars
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare, float_round, formatLang

from ..engine import budget as budget_engine
from ..engine import schemes as engine
from ..guard import dms_system_write, server_flag

# how far ahead of the server's clock an order may be dated: a phone's or a browser's clock
DATE_ORDER_SLACK = timedelta(hours=1)

# set while mail.thread's create runs for orders: it has made the creating user a follower already
_creating = contextvars.ContextVar("dms_secondary_order_creating", default=False)
# set while an order or line operation that applies the trade schemes at its end runs: the
# operations inside it leave them to that one. Server code's own state, not a context key that
# a client could send to skip them.
_schemes_deferred = contextvars.ContextVar("dms_schemes_deferred", default=False)


def defer_schemes():
    """Trade schemes are not applied by the order and line operations run inside the block."""
    return server_flag(_schemes_deferred)


def schemes_deferred():
    return _schemes_deferred.get()


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

    invoice_ids = fields.One2many(
        "account.move", "dms_secondary_order_id", string="Bills", readonly=True,
        help="The outlet's bills and credit notes for this order, in the books of its distributor.")
    invoice_count = fields.Integer(compute="_compute_invoice_count", string="Bill Count")

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

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for order in self:
            order.invoice_count = len(order.invoice_ids)

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

    @api.constrains("date_order")
    def _check_date_order(self):
        """An order is taken now or before. Its date chooses the schemes that apply, the target
        month it counts for and the day its scheme accrual is posted on: an order dated ahead
        would put them where no sale was yet (and no lock date stops an entry in the future)."""
        latest = fields.Datetime.now() + DATE_ORDER_SLACK
        for order in self:
            if order.date_order > latest:
                raise ValidationError(self.env._(
                    "Order %(order)s: Order Date %(date)s is in the future.",
                    order=order.name, date=fields.Datetime.to_string(order.date_order)))

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
        # references drawn per company, a batch's in one round trip (a pushed day of orders)
        unnamed = defaultdict(list)
        for vals in vals_list:
            if vals.get("name", "New") == "New":
                unnamed[vals.get("company_id")].append(vals)
        for company_id, company_vals in unnamed.items():
            names = self.env["ir.sequence"].with_company(company_id)._dms_next_by_code_many(
                "dms.secondary.order", len(company_vals))
            for vals, name in zip(company_vals, names, strict=True):
                vals["name"] = name or "New"
        with server_flag(_creating), defer_schemes():  # schemes applied once below, not by each line
            orders = super().create(vals_list)
        if not schemes_deferred():
            orders._apply_schemes()
        return orders

    def _message_auto_subscribe(self, updated_values, followers_existing_policy="skip"):
        """mail.thread's create makes the creating user a follower of the new orders, then, order by
        order, their responsible (``user_id``): a query per order to find that it follows already
        when the rep takes their own orders (the field app's pushes, a rep's form). Skipped then;
        another responsible is still subscribed and notified."""
        if _creating.get() and followers_existing_policy == "update" \
                and updated_values.get("user_id") == self.env.uid and self.env.user.active \
                and not self.env.context.get("mail_create_nosubscribe"):
            updated_values = {key: value for key, value in updated_values.items() if key != "user_id"}
        return super()._message_auto_subscribe(updated_values, followers_existing_policy=followers_existing_policy)

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
        with defer_schemes():
            res = super().write(vals)
        if self._SCHEME_TRIGGERS & vals.keys() and not schemes_deferred():
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
        # after the write, so that orders confirmed together count against each other
        self._dms_check_scheme_budget()
        self._dms_check_outlet_credit()
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
        Line = self.env["dms.secondary.order.line"]
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
        with dms_system_write(), defer_schemes():
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
        self.line_ids._dms_accrue()
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

    # ------------------------------------------------------------------
    # Outlet credit
    # ------------------------------------------------------------------

    def _dms_books_company(self):
        """The company whose books bill this order's outlet, or an empty recordset when its
        distributor only reports secondary sales."""
        self.ensure_one()
        return self.distributor_id._dms_books_company(self.company_id)

    def _dms_check_outlet_credit(self):
        """Refuse orders that put their outlet over its credit limit: open receivables in its
        distributor's books + confirmed orders not billed + these orders. The outlets are locked and
        touched first (see sale.order._dms_lock_credit_partners) so that two confirmations at once
        are checked one after the other."""
        # sudo: the credit limit is a manager's field, read only to enforce it
        outlets = self.partner_id.commercial_partner_id.sudo().filtered("dms_outlet_credit_limit")
        if not outlets:
            return
        ids = tuple(sorted(outlets.ids))
        self.env.cr.execute(SQL("SELECT id FROM res_partner WHERE id IN %s ORDER BY id FOR NO KEY UPDATE", ids))
        self.env.cr.execute(SQL("UPDATE res_partner SET write_date = write_date WHERE id IN %s", ids))
        # sudo: every open order and bill of the outlet counts, whoever took them
        open_orders = self.sudo().search([
            ("partner_id.commercial_partner_id", "in", outlets.ids), ("state", "in", ("confirmed", "delivered"))])
        for outlet in outlets:
            orders = open_orders.filtered(lambda o, p=outlet: o.partner_id.commercial_partner_id == p)
            mine = orders.filtered(lambda o: o in self)
            if not mine:
                continue
            unbilled = sum(orders.mapped(lambda o: max(o.amount_total - o._dms_amount_billed(), 0.0)))
            receivable = 0.0
            for company in {o._dms_books_company() for o in orders if o._dms_books_company()}:
                partner = outlet.with_company(company)
                partner.invalidate_recordset(["credit"])
                receivable += partner.credit
            exposure = receivable + unbilled
            currency = mine[:1].currency_id
            if currency.compare_amounts(exposure, outlet.dms_outlet_credit_limit) > 0:
                raise UserError(self.env._(
                    "%(orders)s put outlet %(outlet)s over its credit limit: open bills %(receivable)s + "
                    "confirmed orders not billed %(unbilled)s = %(exposure)s, above its limit of %(limit)s "
                    "(Outlet Credit Limit).",
                    orders=", ".join(mine.mapped("name")), outlet=outlet.display_name,
                    receivable=_fmt(self, receivable, currency), unbilled=_fmt(self, unbilled, currency),
                    exposure=_fmt(self, exposure, currency),
                    limit=_fmt(self, outlet.dms_outlet_credit_limit, currency)))

    # ------------------------------------------------------------------
    # Scheme budgets
    # ------------------------------------------------------------------

    def _dms_check_scheme_budget(self):
        """Hold the budgets of the schemes these (just confirmed) orders got something from. The
        schemes are locked and touched first, then what every confirmed order consumes is read
        again: of two confirmations at once, the second waits, fails to lock a scheme the first
        changed (serialization failure), and is retried on a snapshot that sees the first order.
        Over a budget, the company's mode stops the confirmation or lets it through with a note."""
        # sudo: budgets are managers' data, read (and the scheme noted) only to enforce them
        schemes = self.line_ids.scheme_id.sudo().filtered(lambda s: s.budget_type != "none")
        if not schemes:
            return
        ids = tuple(sorted(schemes.ids))
        self.env.cr.execute(SQL("SELECT id FROM dms_scheme WHERE id IN %s ORDER BY id FOR NO KEY UPDATE", ids))
        self.env.cr.execute(SQL("UPDATE dms_scheme SET write_date = write_date WHERE id IN %s", ids))
        consumed = schemes._dms_budget_consumption()
        mine = schemes._dms_budget_consumption(orders=self)
        for scheme in schemes:
            verdict = budget_engine.check(
                scheme._dms_budget_limit(), consumed[scheme] - mine[scheme], mine[scheme],
                scheme._dms_budget_rounding())
            if verdict.fits:
                continue
            orders = self.filtered(lambda o, s=scheme: s in o.line_ids.scheme_id)
            values = {
                "orders": ", ".join(orders.mapped("name")), "scheme": scheme.name,
                "order_use": scheme._dms_format_budget(verdict.order),
                "remaining": scheme._dms_format_budget(verdict.remaining_before),
                "budget": scheme._dms_format_budget(verdict.budget),
                "over": scheme._dms_format_budget(verdict.over_by),
            }
            if scheme.company_id.dms_scheme_budget_mode == "stop":
                raise UserError(self.env._(
                    "%(orders)s would take %(order_use)s from scheme %(scheme)s, which has %(remaining)s left of "
                    "its budget of %(budget)s (Budget). Lower the quantities, or ask a manager to raise the "
                    "budget.", **values))
            body = self.env._(
                "Confirmed over the budget of scheme %(scheme)s: %(orders)s took %(order_use)s with %(remaining)s "
                "left of %(budget)s; the budget is now exceeded by %(over)s.", **values)
            # sudo: the note is the application's, on orders and a scheme the user may not write
            for record in [*orders.sudo(), scheme]:
                record.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")

    def _dms_amount_billed(self):
        self.ensure_one()
        # sudo: the order's own bills, in books the user may not read
        bills = self.sudo().invoice_ids.filtered(lambda m: m.move_type == "out_invoice" and m.state != "cancel")
        return sum(bills.mapped("amount_total"))

    # ------------------------------------------------------------------
    # Billing
    # ------------------------------------------------------------------

    def action_create_invoice(self):
        """Bill the outlets what was delivered and is not billed yet, at the prices, scheme discounts
        and tax rates locked at confirmation, in the books of each order's distributor. Once per
        delivered quantity: the orders are locked and their billed quantities read again first, so a
        second click, or a second user at the same time, finds nothing left to bill."""
        user = self.env.user
        if not (self.env.su or user.has_group("dms_sales.group_dms_supervisor")
                or user.has_group("dms_sales.group_dms_distributor")):
            raise AccessError(self.env._("Only supervisors, managers and distributor staff can bill secondary orders."))
        self.check_access("read")
        if user.share and not self.env.su:
            raise AccessError(self.env._("Portal users cannot bill secondary orders."))
        for order in self:
            if order.state not in ("confirmed", "delivered"):
                raise UserError(self.env._("Order %s is not delivered: nothing to bill.", order.name))
            if not order._dms_books_company():
                raise UserError(self.env._(
                    "Order %(order)s: distributor %(distributor)s only reports its secondary sales; it bills "
                    "its outlets outside Odoo (Outlet Books).",
                    order=order.name, distributor=order.distributor_id.display_name))
        self._dms_bill()
        return self.action_view_invoices() if len(self) == 1 else True

    def _dms_bill(self):
        """Bill these checked orders; returns the new bills (none for orders billed already)."""
        if not self:
            return self.env["account.move"]
        self.env.flush_all()
        self.env.cr.execute(SQL(
            "SELECT id FROM dms_secondary_order WHERE id IN %s ORDER BY id FOR UPDATE", tuple(sorted(self.ids))))
        # touched: a transaction that billed these orders and committed makes a concurrent one fail
        # to lock them (serialization failure, retried on a snapshot that sees the bill)
        self.env.cr.execute(SQL(
            "UPDATE dms_secondary_order SET write_date = write_date WHERE id IN %s", tuple(self.ids)))
        self.env.invalidate_all()
        bills = self.env["account.move"]
        for order in self:
            bill = order._dms_create_bill()
            if bill:
                bills |= bill
        return bills

    def _dms_bill_line_values(self, company, tax_map):
        self.ensure_one()
        vals_list = []
        for line in self.line_ids.filtered(lambda ln: ln.product_id):
            qty = line.qty_delivered - line.qty_invoiced
            if float_compare(qty, 0.0, precision_rounding=line.product_uom_id.rounding or 0.01) <= 0:
                continue
            vals_list.append(Command.create({
                "product_id": line.product_id.id,
                "name": line.product_id.display_name + (self.env._(" (free, %s)", line.scheme_id.name)
                                                        if line.is_reward else ""),
                "quantity": qty,
                "product_uom_id": line.product_uom_id.id,
                "price_unit": line.price_unit,
                "discount": line.discount,
                "tax_ids": [Command.set(self._dms_map_taxes(line.tax_ids, company, tax_map).ids)],
                "dms_secondary_line_id": line.id,
            }))
        return vals_list

    def _dms_map_taxes(self, taxes, company, tax_map):
        """The sales taxes of `company` equal to the order's: the same tax when the company may use it,
        else one of the company's own with the same rate and type."""
        result = self.env["account.tax"]
        for tax in taxes:
            if tax.company_id in company.parent_ids:
                result |= tax
                continue
            key = (company.id, tax.amount_type, tax.amount, tax.price_include)
            if key not in tax_map:
                # sudo: taxes of the distributor's company, matched by rate
                tax_map[key] = self.env["account.tax"].sudo().search([
                    ("company_id", "=", company.id), ("type_tax_use", "=", "sale"),
                    ("amount_type", "=", tax.amount_type), ("amount", "=", tax.amount),
                ]).filtered(lambda t, pi=tax.price_include: t.price_include == pi)[:1]
            if not tax_map[key]:
                raise UserError(self.env._(
                    "Order %(order)s: %(company)s has no sales tax like %(tax)s (%(amount)s%%); create one to bill "
                    "this order (Taxes).", order=self.name, company=company.name, tax=tax.name, amount=tax.amount))
            result |= tax_map[key]
        return result

    def _dms_create_bill(self):
        """One posted bill for what this (locked) order delivered and did not bill yet."""
        self.ensure_one()
        company = self._dms_books_company()
        line_vals = self._dms_bill_line_values(company, {})
        if not line_vals:
            return self.env["account.move"]
        # sudo: the bill goes into the distributor's books, which the user billing (a supervisor,
        # distributor staff) may not write; its lines are the order's own, computed above
        Move = self.env["account.move"].sudo().with_company(company)
        journal = Move.env["account.journal"].search([
            ("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        if not journal:
            raise UserError(self.env._("Order %(order)s: %(company)s has no sales journal to bill it in.",
                                       order=self.name, company=company.name))
        with dms_system_write():
            bill = Move.create({
                "move_type": "out_invoice",
                "company_id": company.id,
                "journal_id": journal.id,
                "partner_id": self.partner_id.id,
                "currency_id": self.currency_id.id,
                "invoice_date": fields.Date.context_today(self),
                "invoice_origin": self.name,
                "ref": self.external_ref or False,
                "dms_secondary_order_id": self.id,
                "invoice_line_ids": line_vals,
            })
        bill.action_post()
        return bill.with_env(self.env)

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("dms_secondary_order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action


def _fmt(record, amount, currency):
    return formatLang(record.env, amount, currency_obj=currency)
