from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero

from ..guard import dms_system_write, in_system_write
from .dms_secondary_order import schemes_deferred

# who reads what was accrued of a line's scheme benefit (the entries are the accountants')
ACCRUAL_GROUPS = "account.group_account_invoice,dms_sales.group_dms_supervisor"


class DmsSecondaryOrderLine(models.Model):
    _name = "dms.secondary.order.line"
    _description = "Secondary Order Line"
    _order = "order_id, sequence, id"
    _check_company_auto = True

    # Line changes that make trade schemes be applied again on the (draft) order.
    _SCHEME_TRIGGERS = frozenset({"product_id", "product_uom_id", "product_uom_qty", "product_packaging_id",
                                  "product_packaging_qty", "price_unit"})

    order_id = fields.Many2one("dms.secondary.order", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id", store=True)
    state = fields.Selection(related="order_id.state", store=True)
    distributor_id = fields.Many2one(related="order_id.distributor_id", store=True, index=True)
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, string="Outlet")
    date_order = fields.Datetime(related="order_id.date_order", store=True)
    product_id = fields.Many2one(
        "product.product", required=True, index=True, check_company=True,
        domain="[('sale_ok', '=', True)]")
    product_uom_id = fields.Many2one(
        "uom.uom", string="Unit", compute="_compute_product_uom_id", store=True, readonly=False, precompute=True,
        domain="[('category_id', '=', product_uom_category_id)]")
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    product_uom_qty = fields.Float(
        string="Quantity", digits="Product Unit of Measure", default=1.0, required=True,
        compute="_compute_product_uom_qty", store=True, readonly=False, precompute=True,
        help="Quantity in the line's unit. Entering cases fills it from the packaging.")
    product_packaging_id = fields.Many2one(
        "product.packaging", string="Packaging", check_company=True,
        domain="[('sales', '=', True), ('product_id', '=', product_id)]",
        help="Case or pack the outlet ordered in.")
    product_packaging_qty = fields.Float(
        string="Cases", compute="_compute_product_packaging_qty", store=True, readonly=False, precompute=True,
        digits="Product Unit of Measure")
    price_unit = fields.Float(
        string="Unit Price", digits="Product Price", compute="_compute_price_unit", store=True,
        precompute=True, help="From the order's pricelist while the order is a draft; locked from confirmation on.")
    discount = fields.Float(
        string="Discount (%)", digits="Discount", compute="_compute_discount", store=True, readonly=False,
        precompute=True, help="Scheme discount on this line, in percent of its price.")
    tax_ids = fields.Many2many(
        "account.tax", string="Taxes", compute="_compute_tax_ids", store=True, readonly=False,
        check_company=True, domain="[('type_tax_use', '=', 'sale')]")
    price_subtotal = fields.Monetary(compute="_compute_amount", store=True, string="Subtotal")
    price_tax = fields.Monetary(compute="_compute_amount", store=True, string="Tax")
    price_total = fields.Monetary(compute="_compute_amount", store=True, string="Total")
    # Trade schemes: filled by the scheme engine, locked at confirmation.
    scheme_id = fields.Many2one(
        "dms.scheme", index="btree_not_null", readonly=True, ondelete="restrict",
        help="Trade scheme that gave this line its discount or made it a free good.")
    is_reward = fields.Boolean(
        string="Free Good", readonly=True, help="A free good added by a scheme: price 100% discounted.")
    scheme_amount = fields.Monetary(
        string="Scheme Benefit", compute="_compute_amount", store=True,
        help="What the scheme gives on this line, untaxed: the discount, or the free goods at list price.")
    qty_delivered = fields.Float(digits="Product Unit of Measure", copy=False, readonly=True)
    is_must_sell = fields.Boolean(
        string="Must-Sell", compute="_compute_is_must_sell",
        help="The product is on a must-sell list that applies to the outlet on the order date.")
    suggested_qty = fields.Float(
        string="Suggested", digits="Product Unit of Measure", copy=False, readonly=True,
        help="Quantity the suggested order proposed for this line (0: not from a suggestion).")
    qty_returned = fields.Float(
        digits="Product Unit of Measure", copy=False, readonly=True,
        help="Quantity the outlet returned. The scheme benefit on returned goods is reversed on the next claim.")
    invoice_line_ids = fields.One2many(
        "account.move.line", "dms_secondary_line_id", string="Bill Lines", readonly=True)
    qty_invoiced = fields.Float(
        compute="_compute_qty_invoiced", digits="Product Unit of Measure", string="Billed Quantity",
        help="Quantity billed to the outlet on bills that are not cancelled (credit notes apart).")
    # Claims: what was claimed of the scheme benefit, on claims not cancelled.
    claim_line_ids = fields.One2many("dms.claim.line", "order_line_id", string="Claim Lines", readonly=True)
    benefit_claimed = fields.Monetary(
        compute="_compute_benefit_claimed", store=True, copy=False,
        help="Scheme benefit of this line claimed by the distributor on claims that are not cancelled. "
             "Stored so that a claim updates the line: two claims racing for it cannot both take it.")
    accrued_amount = fields.Monetary(
        string="Accrued Benefit", readonly=True, copy=False, groups=ACCRUAL_GROUPS,
        help="Scheme benefit of the goods delivered and kept, accrued as a liability by posted entries "
             "(Scheme Accrual Journal): each delivery or return posts only the difference.")
    accrual_cleared = fields.Monetary(
        compute="_compute_accrual_cleared", store=True, copy=False, groups=ACCRUAL_GROUPS,
        help="Accrued scheme liability of this line cleared by approved claims that are not cancelled.")

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        # here and below, lines given the same value are assigned it together: the ORM converts a
        # value once per assignment (a decimal precision lookup for each float), not once per line
        by_uom = defaultdict(list)
        for line in self:
            if not line.product_uom_id or line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                by_uom[line.product_id.uom_id].append(line.id)
        for uom, line_ids in by_uom.items():
            self.browse(line_ids).product_uom_id = uom

    @api.depends("product_packaging_qty", "product_packaging_id")
    def _compute_product_uom_qty(self):
        for line in self:
            packaging = line.product_packaging_id
            if not packaging:
                continue
            qty = packaging.product_uom_id._compute_quantity(
                line.product_packaging_qty * packaging.qty, line.product_uom_id or line.product_id.uom_id)
            if float_compare(qty, line.product_uom_qty, precision_rounding=line.product_uom_id.rounding or 0.01):
                line.product_uom_qty = qty

    @api.depends("product_packaging_id", "product_uom_id", "product_uom_qty")
    def _compute_product_packaging_qty(self):
        packed = self.filtered("product_packaging_id")
        (self - packed).product_packaging_qty = 0.0
        for line in packed:
            line.product_packaging_qty = line.product_packaging_id._compute_qty(
                line.product_uom_qty, line.product_uom_id)

    @api.depends("product_id", "product_uom_id", "product_uom_qty", "order_id.pricelist_id")
    def _compute_price_unit(self):
        # lines priced together (an order's, or a pushed batch's): one pricelist call per group of
        # products (``_batch_prices``) rather than a pricelist search per line
        batch = self.browse()
        for order, lines in self.grouped("order_id").items():
            if order.state in (False, "draft") and order.pricelist_id \
                    and order.currency_id == order.pricelist_id.currency_id:
                batch |= lines.filtered("product_id")
        if len(batch) < 2:
            batch = self.browse()
        for company, lines in batch.grouped(lambda ln: ln.order_id.company_id).items():
            keys = {line: (line.order_id.pricelist_id, line.product_id, line.product_uom_id,
                           line.product_uom_qty or 1.0, line.order_id.date_order) for line in lines}
            prices = self._batch_prices(list(set(keys.values())), company or self.env.company)
            by_price = defaultdict(list)
            for line, (pricelist, product, uom, qty, date) in keys.items():
                by_price[prices[pricelist.id, product.id, uom.id, qty, date]].append(line.id)
            for price, line_ids in by_price.items():
                self.browse(line_ids).price_unit = price
        for line in self - batch:
            if line.order_id.state not in (False, "draft") or not line.product_id:
                continue  # locked once confirmed
            pricelist = line.order_id.pricelist_id
            if pricelist:
                line.price_unit = pricelist._get_product_price(
                    line.product_id, line.product_uom_qty or 1.0, currency=line.currency_id,
                    uom=line.product_uom_id, date=line.order_id.date_order)
            else:
                line.price_unit = line.product_id.uom_id._compute_price(line.product_id.lst_price, line.product_uom_id)

    @api.depends("product_id", "order_id.partner_id", "order_id.date_order")
    def _compute_is_must_sell(self):
        pairs = {line: (line.order_id.partner_id, fields.Date.context_today(line, line.order_id.date_order))
                 for line in self if line.order_id.partner_id and line.order_id.date_order}
        must_sell = self.env["dms.assortment"]._dms_must_sell(set(pairs.values()))
        for line in self:
            line.is_must_sell = not line.is_reward and line.product_id in must_sell.get(pairs.get(line), {})

    @api.depends("is_reward")
    def _compute_discount(self):
        self.filtered("is_reward").discount = 100.0

    @api.depends("product_id", "company_id")
    def _compute_tax_ids(self):
        # assigned per set of taxes, not per line: a stored many2many writes its relation rows at
        # each assignment (one INSERT per line otherwise)
        by_taxes = defaultdict(list)
        taxes_of = {}  # (product, company): its sales taxes the company may use
        for line in self:
            key = (line.product_id, line.company_id or self.env.company)
            if key not in taxes_of:
                taxes_of[key] = key[0].taxes_id.filtered(lambda t, c=key[1]: t.company_id in c.parent_ids)
            by_taxes[taxes_of[key]].append(line.id)
        for taxes, line_ids in by_taxes.items():
            self.browse(line_ids).tax_ids = taxes

    @api.depends("product_uom_qty", "discount", "price_unit", "tax_ids", "is_reward")
    def _compute_amount(self):
        AccountTax = self.env["account.tax"]
        for line in self:
            base_line = AccountTax._prepare_base_line_for_taxes_computation(
                line, tax_ids=line.tax_ids, quantity=line.product_uom_qty, partner_id=line.order_id.partner_id,
                currency_id=line.currency_id or line.company_id.currency_id, price_unit=line.price_unit,
                discount=line.discount)
            AccountTax._add_tax_details_in_base_line(base_line, line.company_id or self.env.company)
            line.price_subtotal = base_line["tax_details"]["raw_total_excluded_currency"]
            line.price_total = base_line["tax_details"]["raw_total_included_currency"]
            line.price_tax = line.price_total - line.price_subtotal
            line.scheme_amount = line.price_unit * line.product_uom_qty * line.discount / 100.0 \
                if line.scheme_id else 0.0

    @api.depends("invoice_line_ids.quantity", "invoice_line_ids.parent_state")
    def _compute_qty_invoiced(self):
        # sudo: the lines' own bills, in the distributor's books the user may not read
        amls = self.sudo().env["account.move.line"].search([
            ("dms_secondary_line_id", "in", self.ids), ("parent_state", "!=", "cancel"),
            ("move_id.move_type", "=", "out_invoice")])
        billed = {}
        for aml in amls:
            line = aml.dms_secondary_line_id
            billed[line.id] = billed.get(line.id, 0.0) + aml.product_uom_id._compute_quantity(
                aml.quantity, line.product_uom_id)
        for line in self:
            line.qty_invoiced = billed.get(line.id, 0.0)

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["dms.secondary.order"].browse({v["order_id"] for v in vals_list if v.get("order_id")})
        self._check_order_editable(orders)
        vals_list = [self._dms_packaging_vals(vals) for vals in vals_list]
        lines = super().create(vals_list)
        if not schemes_deferred():
            lines.order_id._apply_schemes()
        return lines

    def write(self, vals):
        frozen = {"order_id", "product_id", "product_uom_id", "product_uom_qty", "product_packaging_id",
                  "product_packaging_qty", "price_unit", "discount", "tax_ids", "scheme_id", "is_reward"}
        if frozen & vals.keys():
            self._check_order_editable(self.order_id)
            if vals.get("order_id"):  # a line moved into another order
                self._check_order_editable(self.order_id.browse(vals["order_id"]))
        if {"product_packaging_id", "product_packaging_qty"} & vals.keys():
            by_vals = {}
            for line in self:
                line_vals = self._dms_packaging_vals(vals, line)
                key = tuple(sorted((k, str(v)) for k, v in line_vals.items()))
                by_vals.setdefault(key, (line_vals, self.browse()))
                by_vals[key] = (line_vals, by_vals[key][1] | line)
            if len(by_vals) > 1:  # cases of different sizes: each line gets its own units
                for line_vals, lines in by_vals.values():
                    lines.write(line_vals)
                return True
            if by_vals:
                vals = next(iter(by_vals.values()))[0]
        res = super().write(vals)
        if self._SCHEME_TRIGGERS & vals.keys() and not schemes_deferred():
            self.order_id._apply_schemes()
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        if not schemes_deferred():
            orders.exists()._apply_schemes()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_order_editable(self.order_id, editable=("draft", "cancel"))

    @api.model
    def _dms_packaging_vals(self, vals, line=None):
        """Cases given without units (integrators send cases): the units follow from them, as
        sale.order.line computes product_uom_qty from its packaging; the field's default must not
        win. Cases and units both given must agree. Returns the values to create or write."""
        if not vals.get("product_packaging_id") and "product_packaging_qty" not in vals:
            return vals  # no case given (an empty one included): nothing to check or convert
        line = line or self.browse()
        order = self.env["dms.secondary.order"].browse(vals["order_id"]) if vals.get("order_id") else line.order_id
        product = self.env["product.product"].browse(vals["product_id"]) if "product_id" in vals else line.product_id
        packaging = self.env["product.packaging"].browse(vals["product_packaging_id"]) \
            if "product_packaging_id" in vals else line.product_packaging_id
        if vals.get("product_uom_id"):
            uom = self.env["uom.uom"].browse(vals["product_uom_id"])
        elif line.product_uom_id and line.product_uom_id.category_id == product.uom_id.category_id:
            uom = line.product_uom_id
        else:
            uom = product.uom_id
        where = self.env._("Order %(order)s, line %(product)s", order=order.name or "-",
                           product=product.display_name)
        if packaging and product and packaging.product_id != product:
            raise ValidationError(self.env._(
                "%(where)s: packaging %(packaging)s is not a packaging of %(product)s (Packaging).",
                where=where, packaging=packaging.display_name, product=product.display_name))
        if "product_packaging_qty" not in vals:
            return vals
        cases = vals["product_packaging_qty"] or 0.0
        digits = self._fields["product_packaging_qty"].get_digits(self.env)[1]
        if not packaging:
            if float_is_zero(cases, precision_digits=digits):
                return vals
            raise ValidationError(self.env._(
                "%(where)s: %(cases)s Cases given without a Packaging (Packaging): say which case they are.",
                where=where, cases=float(cases)))
        units = packaging.product_uom_id._compute_quantity(cases * packaging.qty, uom)
        if "product_uom_qty" not in vals:
            return {**vals, "product_uom_qty": units}
        if float_compare(packaging._compute_qty(vals["product_uom_qty"], uom), cases, precision_digits=digits):
            raise ValidationError(self.env._(
                "%(where)s: %(cases)s Cases of %(packaging)s are %(units)s %(uom)s, not %(qty)s (Quantity, Cases). "
                "Give one of them, or both in agreement.",
                where=where, cases=float(cases), packaging=packaging.display_name, units=units, uom=uom.name,
                qty=float(vals["product_uom_qty"])))
        return vals

    def _dms_engine_line(self):
        """This line as the scheme engine's input: quantity in the product's unit, price per unit."""
        self.ensure_one()
        packaging = self.product_packaging_id or self.product_id.packaging_ids.filtered("sales")[:1]
        return self.env["dms.scheme"]._dms_engine_line(
            self.id, self.product_id, self.product_uom_id, self.product_uom_qty, self.price_unit, packaging.qty)

    def _check_order_editable(self, orders, editable=("draft",)):
        locked = orders.filtered(lambda o: o.state not in editable)
        if locked and not in_system_write():
            raise UserError(self.env._(
                "Order %s is confirmed: its lines, prices and scheme benefits are locked.",
                ", ".join(locked.mapped("name"))))

    @api.depends("claim_line_ids.amount", "claim_line_ids.claim_id.state")
    def _compute_benefit_claimed(self):
        for line in self:
            line.benefit_claimed = sum(line.claim_line_ids.filtered(
                lambda cl: cl.claim_id.state != "cancelled").mapped("amount"))

    @api.depends("claim_line_ids.accrual_cleared", "claim_line_ids.claim_id.state")
    def _compute_accrual_cleared(self):
        for line in self:
            line.accrual_cleared = sum(line.claim_line_ids.filtered(
                lambda cl: cl.claim_id.state != "cancelled").mapped("accrual_cleared"))

    def _dms_benefit_earned(self):
        """Scheme benefit the distributor may claim: the part of the line's benefit on goods
        delivered and not returned, in proportion of the ordered quantity the benefit was given on.

        Proportional, not recomputed: the benefit was locked at confirmation and the outlet got the
        line's discount (or free goods) on each unit that reached it, so what the distributor gave
        away is the locked benefit per unit times the units delivered and kept. A partial delivery
        (72 of 96) earns 72/96 of the benefit; a return reverses its own units the same way."""
        self.ensure_one()
        if not self.scheme_id or self.qty_delivered <= 0 or self.product_uom_qty <= 0:
            return 0.0
        kept = max(min(self.qty_delivered, self.product_uom_qty) - self.qty_returned, 0.0)
        return self.currency_id.round(self.scheme_amount * kept / self.product_uom_qty)

    def _dms_accrue(self):
        """Accrue the scheme liability of these lines' delivered goods: per order, one posted entry
        in the company's Scheme Accrual Journal, a debit per (scheme, account) and a credit on the
        Accrued Scheme Liability for what was earned (:meth:`_dms_benefit_earned`) less what was
        accrued before (a return posts a negative difference, the entry's sides swapped). The entry
        is dated on the order's date, the sale it accrues for; a return's reversal on the day it is
        recorded; either on the first open day when that date is locked (:meth:`_dms_accrual_date`),
        one entry per order and date. Lines of
        orders not delivered, and of companies without both settings, are left alone. Idempotent:
        the lines are locked, then their accrued amount read again, so a second delivery (or two at
        once) posts only what is still missing. Returns the entries posted."""
        # sudo: accruals are the system's bookkeeping of a delivery or a return the user may record
        # (a rep or a driver has no accounting rights); only these lines' own benefit is posted.
        lines = self.sudo().filtered(lambda line: line.state == "delivered" and (
            line.scheme_id or line.accrued_amount) and line.company_id.dms_scheme_accrual_account_id
            and line.company_id.dms_scheme_accrual_journal_id)
        # sudo: the entries are the system's, posted for the lines above (see the first sudo)
        Move = self.env["account.move"].sudo()
        if not lines:
            return Move
        self.env.cr.execute(SQL(
            "SELECT id FROM dms_secondary_order_line WHERE id IN %s ORDER BY id FOR UPDATE", tuple(lines.ids)))
        lines.invalidate_recordset(["accrued_amount", "qty_delivered", "qty_returned"])
        sales_journals = {}
        vals_list, accrued = [], {}
        today = fields.Date.context_today(self)
        for order, order_lines in lines.grouped("order_id").items():
            company, currency = order.company_id, order.currency_id
            if company not in sales_journals:
                # sudo: only to find the sales journal whose default account books scheme benefits
                sales_journals[company] = self.env["account.journal"].sudo().search([
                    *self.env["account.journal"]._check_company_domain(company), ("type", "=", "sale")], limit=1)
            # an accrual belongs to the month of the sale it accrues for, so the month closes with
            # it; a return's reversal to the day it is recorded (as its credit note), never back
            # into the month of the sale
            sale_date = fields.Date.context_today(self, order.date_order)
            by_date = defaultdict(lambda: defaultdict(float))
            for line in order_lines:
                earned = line._dms_benefit_earned()
                difference = currency.round(earned - line.accrued_amount)
                if currency.is_zero(difference):
                    continue
                accrued[line] = earned
                account = line.scheme_id._dms_claim_account(sales_journals[company])
                by_date[sale_date if difference > 0 else today][(line.scheme_id, account)] += difference
            for wanted, by_account in by_date.items():
                entry_date, ref = self._dms_accrual_date(company, wanted, self.env._(
                    "Scheme accrual of %(order)s", order=order.name))
                entry_lines = [Command.create({
                    "name": self.env._("%(scheme)s: benefit on %(order)s", scheme=scheme.name, order=order.name),
                    "account_id": account.id, "partner_id": order.distributor_id.id,
                    "balance": currency.round(amount),
                }) for (scheme, account), amount in by_account.items()]
                entry_lines.append(Command.create({
                    "name": self.env._("Accrued scheme liability of %(order)s", order=order.name),
                    "account_id": company.dms_scheme_accrual_account_id.id, "partner_id": order.distributor_id.id,
                    "balance": -currency.round(sum(by_account.values())),
                }))
                vals_list.append({
                    "move_type": "entry", "company_id": company.id,
                    "journal_id": company.dms_scheme_accrual_journal_id.id, "date": entry_date,
                    "dms_accrual_order_id": order.id, "ref": ref, "line_ids": entry_lines,
                })
        if not vals_list:
            return Move
        moves = Move.create(vals_list)
        moves.action_post()
        with dms_system_write():  # what the posted entries accrued, never a client's value
            for line, earned in accrued.items():
                line.accrued_amount = earned
        return moves

    @api.model
    def _dms_accrual_date(self, company, wanted, ref):
        """(date, reference) of an accrual entry wanted on `wanted`: that date, unless the books
        are locked on it (fiscal year, hard or journal lock date), then the first open day after
        the lock, said in the reference so the accountant sees why it is not in the sale's month."""
        journal = company.dms_scheme_accrual_journal_id
        locks = company._get_violated_lock_dates(wanted, False, journal)
        if not locks:
            return wanted, ref
        first_open = max(lock for lock, _field in locks) + timedelta(days=1)
        return first_open, self.env._(
            "%(ref)s (of %(wanted)s, locked until %(lock)s: dated the first open day)",
            ref=ref, wanted=wanted, lock=first_open - timedelta(days=1))

    # ------------------------------------------------------------------
    # Batch pricing: lines computed many at a time (the order import)
    # ------------------------------------------------------------------

    @api.model
    def _batch_prices(self, keys, company):
        """Unit prices for (pricelist, product, uom, quantity, date) keys, as form entry computes
        them (``_compute_price_unit`` of the line), with one pricelist call per (pricelist, uom,
        quantity, date) group. Quantity and date only split the groups when some rule of the
        pricelist (or of a pricelist it is based on) depends on them, or currencies differ."""
        prices = {}
        by_group = defaultdict(set)
        no_pricelist = set()
        pricelists = self.env["product.pricelist"].union(*(k[0] for k in keys))
        dependencies = self._pricelist_dependencies(pricelists, company)
        for pricelist, product, uom, quantity, date in keys:
            if not pricelist:
                no_pricelist.add((product, uom, quantity, date))
                continue
            qty_dependent, date_dependent = dependencies[pricelist.id]
            group = (pricelist, uom, quantity if qty_dependent else None, date if date_dependent else None)
            by_group[group].add((product, quantity, date))
        for (pricelist, uom, quantity, date), members in by_group.items():
            products = self.env["product.product"].union(*(m[0] for m in members))
            first = next(iter(members))
            found = pricelist._get_products_price(
                products, quantity if quantity is not None else first[1], currency=pricelist.currency_id,
                uom=uom, date=date if date is not None else first[2])
            for product, qty, day in members:
                prices[pricelist.id, product.id, uom.id, qty, day] = found[product.id]
        for product, uom, quantity, date in no_pricelist:
            prices[False, product.id, uom.id, quantity, date] = product.uom_id._compute_price(product.lst_price, uom)
        return prices

    @api.model
    def _pricelist_dependencies(self, pricelists, company):
        """{pricelist id: (depends on quantity, depends on date)}, following 'based on another
        pricelist' rules. Conservative: any minimum quantity or validity date in the chain, or more
        than one currency, counts as a dependency."""
        Item = self.env["product.pricelist.item"].with_context(active_test=False)
        items_by_pricelist = defaultdict(list)
        todo = set(pricelists.ids)
        seen = set()
        while todo:
            seen |= todo
            items = Item.search_fetch(
                [("pricelist_id", "in", list(todo))],
                ["pricelist_id", "min_quantity", "date_start", "date_end", "base", "base_pricelist_id"])
            for item in items:
                items_by_pricelist[item.pricelist_id.id].append(item)
            todo = {i.base_pricelist_id.id for i in items if i.base == "pricelist" and i.base_pricelist_id} - seen
        currencies = set(self.env["product.pricelist"].browse(list(seen)).currency_id.ids) | {company.currency_id.id}
        result = {}
        for pricelist in pricelists:
            chain, stack = set(), [pricelist.id]
            while stack:
                current = stack.pop()
                if current in chain:
                    continue
                chain.add(current)
                stack += [i.base_pricelist_id.id for i in items_by_pricelist[current]
                          if i.base == "pricelist" and i.base_pricelist_id]
            chain_items = [i for p in chain for i in items_by_pricelist[p]]
            result[pricelist.id] = (
                any(i.min_quantity for i in chain_items),
                any(i.date_start or i.date_end for i in chain_items) or len(currencies) > 1,
            )
        return result

    @api.model
    def _batch_amounts(self, cache, product, uom, taxes, price_unit, quantity, currency, company):
        """price_subtotal/price_tax/price_total/scheme_amount as the line's ``_compute_amount``
        computes them (same tax helpers, same inputs), memoized in ``cache`` per distinct (product,
        unit, taxes, price, quantity, currency). Taxes computed by Python code may look at more than that:
        then nothing is passed and the ORM computes the line as usual."""
        if any(tax.amount_type not in ("percent", "fixed", "division", "group") for tax in taxes):
            return {}
        key = (product.id, uom.id, tuple(taxes.ids), price_unit, quantity, currency.id, company.id)
        if key not in cache:
            AccountTax = self.env["account.tax"]
            base_line = AccountTax._prepare_base_line_for_taxes_computation(
                {}, product_id=product, product_uom_id=uom, tax_ids=taxes, quantity=quantity,
                currency_id=currency, price_unit=price_unit, discount=0.0)
            AccountTax._add_tax_details_in_base_line(base_line, company)
            subtotal = base_line["tax_details"]["raw_total_excluded_currency"]
            total = base_line["tax_details"]["raw_total_included_currency"]
            cache[key] = {"price_subtotal": subtotal, "price_tax": total - subtotal, "price_total": total,
                          "scheme_amount": 0.0}
        return cache[key]
