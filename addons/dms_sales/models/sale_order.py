from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_round
from odoo.tools.misc import formatLang

from ..engine import schemes as engine
from ..guard import dms_system_write

DISTRIBUTOR_ROLES = ("distributor", "wholesaler")
CREDIT_AMOUNTS = ("limit", "receivable", "others", "own", "exposure", "excess")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    dms_territory_id = fields.Many2one(
        "dms.territory", string="Territory", index=True, check_company=True, tracking=True,
        compute="_compute_dms_territory_id", store=True, readonly=False, precompute=True,
        help="Territory this primary sale counts for. Filled from the customer: its own territory, or for a "
             "distributor the territory that contains all the territories it covers. Editable on quotations.",
    )
    dms_channel_id = fields.Many2one(
        "dms.channel", string="Channel", index=True, tracking=True,
        compute="_compute_dms_channel_id", store=True, readonly=False, precompute=True,
        help="Trade channel of the customer, copied when the customer is chosen. Editable on quotations.",
    )
    dms_company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    dms_credit_controlled = fields.Boolean(
        compute="_compute_dms_credit", string="Under Credit Control",
        help="The customer or the invoice address belongs to a distributor or wholesaler with a credit limit, and "
             "the company uses credit limits.",
    )
    dms_credit_limit = fields.Monetary(
        compute="_compute_dms_credit", currency_field="dms_company_currency_id", string="Credit Limit",
        help="Credit limit of the distributor whose credit this order strains most (the customer's or the "
             "invoice address's); the figures below are that distributor's.")
    dms_credit_receivable = fields.Monetary(
        compute="_compute_dms_credit", currency_field="dms_company_currency_id", string="Open Receivables",
        help="Posted, unpaid receivables of the distributor, in company currency.")
    dms_credit_other_orders = fields.Monetary(
        compute="_compute_dms_credit", currency_field="dms_company_currency_id",
        string="Other Orders Not Invoiced",
        help="Confirmed sale orders of the distributor (other than this one), not yet invoiced.")
    dms_credit_exposure = fields.Monetary(
        compute="_compute_dms_credit", currency_field="dms_company_currency_id", string="Credit Exposure",
        help="Open receivables + other confirmed orders not invoiced + what this order still adds.")
    dms_credit_available = fields.Monetary(
        compute="_compute_dms_credit", currency_field="dms_company_currency_id", string="Credit Available",
        help="Credit limit minus exposure; negative when the order goes over the limit.")
    dms_credit_exceeded = fields.Boolean(compute="_compute_dms_credit", string="Over Credit Limit")
    dms_credit_blocked = fields.Boolean(
        compute="_compute_dms_credit", string="Needs Credit Approval",
        help="Over the credit limit and not approved by a Distribution Manager for this amount.")
    dms_credit_approved_by_id = fields.Many2one(
        "res.users", string="Credit Approved by", readonly=True, copy=False,
        help="Distribution Manager who let this order go over the distributor's credit limit.")
    dms_credit_approved_date = fields.Datetime(string="Credit Approved on", readonly=True, copy=False)
    dms_credit_approved_amount = fields.Monetary(
        string="Credit Approved Amount", readonly=True, copy=False,
        help="Order total the approval covers. If the total rises above it, the approval no longer holds.")

    @api.depends("partner_id")
    def _compute_dms_territory_id(self):
        for order in self:
            partner = order.partner_id.commercial_partner_id
            order.dms_territory_id = partner.dms_territory_id or _common_territory(partner.dms_covered_territory_ids)

    @api.depends("partner_id")
    def _compute_dms_channel_id(self):
        for order in self:
            order.dms_channel_id = order.partner_id.commercial_partner_id.dms_channel_id

    @api.depends("partner_id", "partner_invoice_id", "company_id", "amount_total", "state",
                 "dms_credit_approved_amount")
    def _compute_dms_credit(self):
        figures = self._dms_credit_figures()
        for order in self:
            fig = figures.get(order, {})
            order.dms_credit_controlled = bool(fig)
            order.dms_credit_limit = fig.get("limit", 0.0)
            order.dms_credit_receivable = fig.get("receivable", 0.0)
            order.dms_credit_other_orders = fig.get("others", 0.0)
            order.dms_credit_exposure = fig.get("exposure", 0.0)
            order.dms_credit_available = fig.get("limit", 0.0) - fig.get("exposure", 0.0)
            order.dms_credit_exceeded = fig.get("excess", 0.0) > 0
            order.dms_credit_blocked = order.dms_credit_exceeded and not order._dms_credit_approved()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered(lambda o: o.state == "sale")._dms_check_credit()
        return orders

    def write(self, vals):
        confirming = self.filtered(lambda o: o.state != "sale") if vals.get("state") == "sale" else self.browse()
        res = super().write(vals)
        # After the write, so that orders confirmed together count against each other.
        confirming._dms_check_credit()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_dms_approve_credit(self):
        """Let a Distribution Manager confirm orders over the distributor's credit limit: records who,
        when and for which total, and logs the figures in the chatter."""
        if not self.env.user.has_group("dms_sales.group_dms_manager"):
            raise AccessError(self.env._(
                "Only a Distribution Manager can approve orders over a distributor's credit limit (%(orders)s).",
                orders=", ".join(self.mapped("name"))))
        not_quotation = self.filtered(lambda o: o.state not in ("draft", "sent"))
        if not_quotation:
            raise UserError(self.env._(
                "Credit can only be approved on quotations; %(orders)s is not one.",
                orders=", ".join(not_quotation.mapped("name"))))
        figures = self._dms_credit_figures()
        now = fields.Datetime.now()
        for order in self:
            with dms_system_write():
                order.write({
                    "dms_credit_approved_by_id": self.env.user.id,
                    "dms_credit_approved_date": now,
                    "dms_credit_approved_amount": order.amount_total,
                })
            fig = figures.get(order)
            if fig:
                body = self.env._(
                    "Credit approved by %(user)s for %(amount)s. Open receivables %(receivable)s + other "
                    "confirmed orders not invoiced %(others)s + this order %(own)s = exposure %(exposure)s, "
                    "against a credit limit of %(limit)s (over by %(excess)s).",
                    user=self.env.user.name, amount=_fmt(order, order.amount_total, order.currency_id),
                    **order._dms_format_figures(fig))
            else:
                body = self.env._("Credit approved by %(user)s for %(amount)s (no credit limit applies).",
                                  user=self.env.user.name,
                                  amount=_fmt(order, order.amount_total, order.currency_id))
            order.message_post(body=body)
        return self.action_confirm()

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _dms_credit_partners(self):
        """The commercial partners under credit control whose money this order puts at stake: the
        customer's and the invoice address's, when they are distributors or wholesalers."""
        self.ensure_one()
        partners = (self.partner_id | self.partner_invoice_id).commercial_partner_id
        if not self.company_id.account_use_credit_limit:
            return partners.browse()
        return partners.filtered(lambda p: p.dms_role in DISTRIBUTOR_ROLES)

    def _dms_credit_approved(self):
        self.ensure_one()
        return bool(self.dms_credit_approved_by_id) and self.currency_id.compare_amounts(
            self.amount_total, self.dms_credit_approved_amount) <= 0

    def _dms_credit_figures(self):
        """Credit figures per order, in company currency, for orders that put the money of distributors
        with a credit limit at stake: {order: {partner, limit, receivable, others, own, exposure, excess}},
        for the distributor with the least credit left after the order when there are two (customer
        and invoice address). A distributor's exposure counts the orders it is the customer or the
        invoice address of.

        receivable is Odoo's own `credit` (posted, unreconciled receivable lines). Odoo's
        `credit_to_invoice` is not reused: it counts delivery-policy lines only once delivered and
        includes this order once confirmed; here every confirmed order counts for what is not invoiced
        yet (total minus posted invoices), this order apart.
        """
        result = {}
        today = fields.Date.context_today(self)
        groups = {}
        for order in self:
            for partner in order._dms_credit_partners():
                groups.setdefault((partner, order.company_id), []).append(order)
        for (partner, company), orders in groups.items():
            # sudo: credit and credit_limit are accounting-only fields; they are only read here to
            # enforce the limit, and the figures shown are the ones the block message names.
            partner_su = partner.sudo().with_company(company)
            limit = partner_su.credit_limit
            if not limit:
                continue
            currency = company.currency_id
            # sudo: exposure counts every confirmed order of the distributor, also those of other salesmen.
            confirmed = self.sudo().search([
                ("state", "=", "sale"), ("company_id", "=", company.id),
                "|", ("partner_id.commercial_partner_id", "=", partner.id),
                ("partner_invoice_id.commercial_partner_id", "=", partner.id),
            ])
            remaining = {
                so.id: so.currency_id._convert(max(so.amount_total - so.amount_invoiced, 0.0), currency, company, today)
                for so in confirmed
            }
            confirmed_total = sum(remaining.values())
            # `credit` has no dependencies: drop a value cached before invoices were posted or paid.
            partner_su.invalidate_recordset(["credit"])
            receivable = partner_su.credit
            for order in orders:
                others = confirmed_total - remaining.get(order._origin.id, 0.0)
                own = order.currency_id._convert(
                    max(order.amount_total - order.amount_invoiced, 0.0), currency, company, today)
                exposure = receivable + others + own
                tightest = result.get(order)
                if tightest and tightest["limit"] - tightest["exposure"] <= limit - exposure:
                    continue
                result[order] = {
                    "partner": partner, "limit": limit, "receivable": receivable, "others": others, "own": own,
                    "exposure": exposure,
                    "excess": exposure - limit if currency.compare_amounts(exposure, limit) > 0 else 0.0,
                }
        return result

    def _dms_format_figures(self, fig):
        currency = self.company_id.currency_id
        return {key: _fmt(self, fig[key], currency) for key in CREDIT_AMOUNTS}

    def _dms_credit_block_message(self, fig):
        self.ensure_one()
        return self.env._(
            "%(order)s puts %(partner)s over its credit limit: open receivables %(receivable)s + other "
            "confirmed orders not invoiced %(others)s + this order %(own)s = %(exposure)s, above the credit "
            "limit of %(limit)s by %(excess)s. A Distribution Manager must approve it (Approve Credit).",
            order=self.name, partner=fig["partner"].display_name, **self._dms_format_figures(fig))

    def _dms_check_credit(self, picking=None):
        """Raise if an order goes over its distributor's credit limit without a valid approval.
        Confirmations (no `picking`) lock the distributors first, so that two orders confirmed at
        the same time are checked one after the other."""
        if not self:
            return
        if not picking:
            self._dms_lock_credit_partners()
        figures = self._dms_credit_figures()
        for order in self:
            fig = figures.get(order)
            if not fig or not fig["excess"] or order._dms_credit_approved():
                continue
            message = order._dms_credit_block_message(fig)
            if picking:
                message = self.env._("Delivery %(picking)s cannot be validated. %(reason)s",
                                     picking=picking.name, reason=message)
            raise UserError(message)

    def _dms_lock_credit_partners(self):
        """Serialize the credit checks of a distributor: lock its row, then touch it.

        The lock alone is not enough: every transaction reads from the snapshot it took at its
        first query (REPEATABLE READ), so the second of two confirmations, once it gets the lock,
        would still not see the order the first one committed, and both would fit the limit.
        Updating the row makes PostgreSQL refuse the second transaction's lock with a serialization
        failure instead; the request is retried (`retrying()`) on a fresh snapshot that counts the
        first order. FOR NO KEY UPDATE is the lock the update takes anyway; unlike FOR UPDATE it
        does not block the inserts that merely reference the distributor (orders, invoices, messages).
        """
        partners = self.env["res.partner"]
        for order in self:
            for partner in order._dms_credit_partners():
                # sudo: credit_limit is an accounting field, read only to know whether a limit applies
                if partner.sudo().with_company(order.company_id).credit_limit:
                    partners |= partner
        if partners:
            ids = tuple(sorted(partners.ids))
            self.env.cr.execute(SQL(
                "SELECT id FROM res_partner WHERE id IN %s ORDER BY id FOR NO KEY UPDATE", ids))
            self.env.cr.execute(SQL("UPDATE res_partner SET write_date = write_date WHERE id IN %s", ids))

    def action_dms_apply_schemes(self):
        """Button: apply the trade schemes meant for primary orders (percent discounts only)."""
        if any(order.state not in ("draft", "sent") for order in self):
            raise UserError(self.env._(
                "Trade schemes can only be applied to quotations: %s.",
                ", ".join(self.filtered(lambda o: o.state not in ("draft", "sent")).mapped("name"))))
        self._dms_apply_primary_schemes()
        return True

    def _dms_apply_primary_schemes(self):
        """Discount the lines of quotations to distributors with the schemes whose Applies To includes
        primary orders. Free goods are not given on primary orders; a scheme limited to channels or
        outlet classes does not apply; a territory scope matches a distributor covering a territory
        inside it."""
        orders = self.filtered(lambda o: o.state in ("draft", "sent")
                               and o.partner_id.commercial_partner_id.dms_role in ("distributor", "wholesaler"))
        if not orders:
            return
        # sudo: schemes are the company's pricing rules; they are only read here, for the orders'
        # own companies, by salespeople who may lack the Distribution groups.
        Scheme = self.env["dms.scheme"].sudo()
        dates = {order: (order.date_order or order.create_date).date() for order in orders}
        candidates = Scheme._dms_find_schemes(orders.company_id, list(dates.values()), "primary").filtered(
            lambda s: s.rule_type != "free_goods" and not s.channel_ids and not s.outlet_class_ids)
        engine_schemes = {scheme: scheme._dms_engine_scheme() for scheme in candidates}
        digits = self.env["decimal.precision"].precision_get("Discount")
        updates = {}
        for order in orders:
            distributor = order.partner_id.commercial_partner_id
            schemes = candidates.filtered(lambda s, d=distributor, o=order, day=dates[order]: (
                s._dms_matches(o.company_id, day, False, False, False, d)
                or (s.territory_ids and any(s._dms_matches(o.company_id, day, t, False, False, d)
                                            for t in d.dms_covered_territory_ids))))
            lines = order.order_line.filtered(lambda line: line.product_id and not line.display_type)
            result = engine.apply_schemes(
                [self._dms_scheme_engine_line(line) for line in lines],
                [engine_schemes[s] for s in schemes], rounding=order.currency_id.rounding or 0.01)
            for line in lines:
                benefit = result.lines.get(line.id)
                if benefit:
                    key = (benefit.scheme_id, float_round(benefit.percent, precision_digits=digits))
                elif line.dms_scheme_id:
                    key = (False, 0.0)
                else:
                    continue
                updates.setdefault(key, self.env["sale.order.line"])
                updates[key] |= line
        for (scheme_id, discount), lines in updates.items():
            lines.write({"dms_scheme_id": scheme_id, "discount": discount})

    def _dms_scheme_engine_line(self, line):
        """A sale order line as the scheme engine's input."""
        return self.env["dms.scheme"]._dms_engine_line(
            line.id, line.product_id, line.product_uom, line.product_uom_qty, line.price_unit,
            line.product_packaging_id.qty)



def _fmt(record, amount, currency):
    return formatLang(record.env, amount, currency_obj=currency)


def _common_territory(territories):
    """The deepest territory containing all the given ones (their common ancestor, or the territory
    itself when there is one); the first of them when they share no ancestor."""
    if not territories:
        return territories
    paths = [t.parent_path.rstrip("/").split("/") for t in territories if t.parent_path]
    common = []
    for ids in zip(*paths, strict=False):
        if len(set(ids)) != 1:
            break
        common.append(ids[0])
    if common:
        return territories.browse(int(common[-1]))
    return territories[:1]
