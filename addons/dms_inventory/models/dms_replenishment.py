import datetime
from collections import defaultdict

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import create_index

from odoo.addons.dms_sales.guard import dms_system_write

from ..engine import forecast as fc
from .dms_distributor_stock import DELIVERED_JOINS, DELIVERED_QTY


class DmsReplenishment(models.Model):
    _name = "dms.replenishment"
    _description = "Distributor Replenishment Run"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="New")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    date = fields.Date(
        string="Run Date", required=True, default=fields.Date.context_today, index=True,
        help="Sales of the window days before this date are forecast; orders are drafted for it.")
    distributor_ids = fields.Many2many(
        "res.partner", string="Distributors", required=True, check_company=True,
        domain="[('dms_role', '=', 'distributor'), ('is_company', '=', True)]",
        help="Distributors to replenish: one primary order each.")
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Orders Created"), ("cancel", "Cancelled")],
        default="draft", required=True, readonly=True, copy=False, index=True)
    is_automatic = fields.Boolean(
        string="Nightly Run", readonly=True, copy=False,
        help="Created by the nightly auto-replenishment of flagged distributors.")
    window_days = fields.Integer(
        string="Sales Window (days)", required=True,
        default=lambda self: self.env.company.dms_replenish_window_days,
        help="Days of delivered secondary sales the forecast learns from.")
    alpha = fields.Float(
        string="Smoothing Factor", required=True, default=lambda self: self.env.company.dms_replenish_alpha,
        help="Exponential smoothing factor, in (0, 1].")
    seasonal = fields.Boolean(
        string="Weekly Seasonality", default=lambda self: self.env.company.dms_replenish_seasonal,
        help="Learn a weekday pattern from the window (needs two full weeks).")
    line_ids = fields.One2many("dms.replenishment.line", "replenishment_id", string="Suggestions", copy=False)
    order_ids = fields.One2many("sale.order", "dms_replenishment_id", string="Primary Orders", readonly=True)
    order_count = fields.Integer(compute="_compute_order_count")

    def init(self):
        # the sales window read: delivered lines of some distributors over a date range
        create_index(self.env.cr, "dms_secondary_order_line_dms_delivered_index", "dms_secondary_order_line",
                     ["distributor_id", "date_order"], where="state = 'delivered'")

    def _compute_order_count(self):
        counts = dict(self.env["sale.order"]._read_group(
            [("dms_replenishment_id", "in", self.ids)], ["dms_replenishment_id"], ["__count"]))
        for run in self:
            run.order_count = counts.get(run, 0)

    @api.constrains("window_days", "alpha")
    def _check_parameters(self):
        for run in self:
            if run.window_days < 1:
                raise UserError(self.env._(
                    "Replenishment %(name)s: the sales window must be at least one day.", name=run.name))
            if not 0 < run.alpha <= 1:
                raise UserError(self.env._(
                    "Replenishment %(name)s: the smoothing factor must be above 0 and at most 1.", name=run.name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "New") == "New":
                vals["name"] = self.env["ir.sequence"].with_company(vals.get("company_id")).next_by_code(
                    "dms.replenishment") or "New"
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_compute(self):
        """(Re)compute the suggestions of draft runs, batched over all their distributors."""
        for run in self:
            if run.state != "draft":
                raise UserError(self.env._("Replenishment %(name)s is not a draft any more.", name=run.name))
        Job = self.env["dms.job"]
        if Job._dms_in_background("replenishment", len(self.distributor_ids)):
            self.check_access("write")
            return Job._dms_enqueue(
                "replenishment", self.env._("Replenishment %(names)s: %(count)s distributors",
                                            names=", ".join(self.mapped("name")), count=len(self.distributor_ids)),
                self, "action_compute", total=len(self.distributor_ids))._dms_action_open()
        self.line_ids.unlink()
        lines = []
        for run in self:
            lines += run._dms_suggestion_values()
        self.env["dms.replenishment.line"].create(lines)
        return True

    def action_create_orders(self):
        """One draft primary sale order per distributor, with the lines to order, in cases."""
        for run in self:
            if run.state != "draft":
                raise UserError(self.env._("Replenishment %(name)s already created its orders.", name=run.name))
            if not run.line_ids:
                run.with_context(dms_job_inline=True).action_compute()  # the orders need the lines now
        order_vals = []
        for run in self:
            by_distributor = defaultdict(lambda: self.env["dms.replenishment.line"])
            for line in run.line_ids.filtered(lambda ln: ln.order_qty > 0):
                by_distributor[line.distributor_id] |= line
            for distributor, lines in by_distributor.items():
                order_vals.append({
                    "partner_id": distributor.id,
                    "company_id": run.company_id.id,
                    "dms_replenishment_id": run.id,
                    "origin": run.name,
                    "order_line": [Command.create({
                        "product_id": line.product_id.id,
                        "product_uom_qty": line.order_qty,
                        "product_packaging_id": line.packaging_id.id,
                    }) for line in lines],
                })
        orders = self.env["sale.order"].with_context(mail_create_nolog=True).create(order_vals)
        with dms_system_write():
            self.write({"state": "done"})
        return self.action_view_orders() if len(orders) else True

    def action_cancel(self):
        for run in self:
            if run.order_ids.filtered(lambda o: o.state != "cancel"):
                raise UserError(self.env._(
                    "Replenishment %(name)s has primary orders: cancel them first.", name=run.name))
        with dms_system_write():
            self.write({"state": "cancel"})
        return True

    def action_view_orders(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("dms_replenishment_id", "in", self.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _dms_window(self):
        """(first day, day after the last day, UTC datetime bounds) of the sales window."""
        self.ensure_one()
        date_to = self.date
        date_from = date_to - datetime.timedelta(days=self.window_days)
        tz = pytz.timezone(self.env.user.tz or "UTC")
        bounds = [tz.localize(datetime.datetime.combine(d, datetime.time.min)).astimezone(pytz.UTC)
                  .replace(tzinfo=None) for d in (date_from, date_to)]
        return date_from, date_to, bounds, tz.zone

    def _dms_daily_sales(self, distributors):
        """{(distributor id, product id): [units delivered per day of the window]}: one query."""
        date_from, _date_to, (start, end), tz = self._dms_window()
        self.env.flush_all()
        self.env.cr.execute(SQL("""
            SELECT l.distributor_id, l.product_id,
                   ((l.date_order AT TIME ZONE 'UTC') AT TIME ZONE %(tz)s)::date - %(date_from)s AS day,
                   SUM(%(qty)s)
              FROM dms_secondary_order_line l
              %(joins)s
             WHERE l.state = 'delivered' AND l.distributor_id IN %(dists)s AND l.company_id = %(company)s
               AND l.date_order >= %(start)s AND l.date_order < %(end)s
             GROUP BY 1, 2, 3""",
            tz=tz, date_from=date_from, qty=DELIVERED_QTY, joins=DELIVERED_JOINS,
            dists=tuple(distributors.ids), company=self.company_id.id, start=start, end=end))
        series = defaultdict(lambda: [0.0] * self.window_days)
        for dist, product, day, qty in self.env.cr.fetchall():
            if 0 <= day < self.window_days:
                series[dist, product][day] += float(qty)
        return series

    def _dms_stock_positions(self, distributors):
        """({(distributor id, product id): saleable on hand}, {(...): in transit}): the distributor's
        own (owner-stamped) stock, plus confirmed primary order lines not delivered yet."""
        locations = self.env["stock.location"].search([
            ("dms_distributor_id", "in", distributors.ids), ("dms_bucket", "in", ("saleable", "transit"))])
        on_hand, in_transit = defaultdict(float), defaultdict(float)
        groups = self.env["stock.quant"]._read_group(
            [("location_id", "in", locations.ids), ("owner_id", "in", distributors.ids)],
            ["location_id", "owner_id", "product_id"], ["quantity:sum"])
        for location, owner, product, qty in groups:
            if location.dms_distributor_id != owner:
                continue
            target = on_hand if location.dms_bucket == "saleable" else in_transit
            target[owner.id, product.id] += qty
        # sudo: supervisors plan without sales rights; only the open quantities per product of
        # the run's own distributors are read, to avoid ordering twice what is already ordered.
        open_lines = self.env["sale.order.line"].sudo()._read_group(
            [("order_partner_id.commercial_partner_id", "in", distributors.ids), ("state", "=", "sale"),
             ("company_id", "=", self.company_id.id), ("display_type", "=", False)],
            ["order_partner_id", "product_id", "product_uom"], ["product_uom_qty:sum", "qty_delivered:sum"])
        for partner, product, uom, ordered, delivered in open_lines:
            open_qty = ordered - delivered
            if open_qty > 0 and uom:
                in_transit[partner.commercial_partner_id.id, product.id] += uom._compute_quantity(
                    open_qty, product.uom_id, round=False)
        return on_hand, in_transit

    def _dms_case_packagings(self, products):
        """{product id: its first sales packaging}: the case primary orders are placed in."""
        cases = {}
        for packaging in self.env["product.packaging"].search(
                [("product_id", "in", products.ids), ("sales", "=", True), ("qty", ">", 0)],
                order="product_id, sequence, id"):
            cases.setdefault(packaging.product_id.id, packaging)
        return cases

    def _dms_suggestion_values(self):
        """Line values for every (distributor, product) sold in the window that needs ordering: a
        fixed number of queries whatever the number of products."""
        self.ensure_one()
        distributors = self.distributor_ids
        if not distributors:
            return []
        series = self._dms_daily_sales(distributors)
        on_hand, in_transit = self._dms_stock_positions(distributors)
        products = self.env["product.product"].browse(sorted({p for _d, p in series}))
        cases = self._dms_case_packagings(products)
        settings = {d.id: d._dms_replenish_settings() for d in distributors}
        moqs = {p.id: p.dms_moq for p in products}
        first_weekday = self._dms_window()[0].weekday()
        inputs = {}
        Job = self.env["dms.job"]
        for done, ((dist, product), sales) in enumerate(series.items()):
            Job._dms_progress(done, len(series))  # in a background job only; a cancel point
            lead, cover, safety_days = settings[dist]
            level = fc.forecast(sales, 1, self.alpha, self.seasonal, first_weekday)[0]
            inputs[dist, product] = fc.ReplenishmentInput(
                daily_sales=tuple(sales), on_hand=max(on_hand[dist, product], 0.0),
                in_transit=max(in_transit[dist, product], 0.0), lead_time_days=lead, cover_days=cover,
                safety_stock=safety_days * level, case_size=cases[product].qty if product in cases else 1.0,
                moq=moqs[product], alpha=self.alpha, seasonal=self.seasonal,
                first_weekday=first_weekday)
        suggestions = fc.suggest_many(inputs)
        vals = []
        for (dist, product), data in sorted(inputs.items()):
            suggestion = suggestions[dist, product]
            if suggestion.quantity <= 0:
                continue  # covered: nothing to order, no line
            vals.append({
                "replenishment_id": self.id,
                "distributor_id": dist,
                "product_id": product,
                "sold_qty": sum(data.daily_sales),
                "daily_velocity": sum(data.daily_sales) / self.window_days,
                "daily_forecast": suggestion.daily_forecast,
                "on_hand": data.on_hand,
                "in_transit": data.in_transit,
                "lead_time_days": data.lead_time_days,
                "cover_days": data.cover_days,
                "safety_stock": data.safety_stock,
                "demand": suggestion.demand,
                "packaging_id": cases[product].id if product in cases else False,
                "case_size": data.case_size,
                "moq": data.moq,
                "suggested_qty": suggestion.quantity,
                "order_qty": suggestion.quantity,
                "days_of_cover": min(suggestion.days_of_cover, 9999.0),
            })
        return vals

    @api.model
    def _cron_auto_replenish(self):
        """Nightly: a run and a draft primary order for each distributor flagged for auto
        replenishment, once a day (a distributor already given a non-cancelled order by a run of
        today is skipped, so the cron can safely run again)."""
        today = fields.Date.context_today(self)
        flagged = self.env["res.partner"].search([
            ("dms_role", "=", "distributor"), ("dms_auto_replenish", "=", True)])
        by_company = defaultdict(lambda: self.env["res.partner"])
        for partner in flagged:
            by_company[partner.company_id or self.env.company] |= partner
        for company, distributors in by_company.items():
            done = self.env["sale.order"].search([
                ("dms_replenishment_id.date", "=", today), ("partner_id", "in", distributors.ids),
                ("state", "!=", "cancel")]).partner_id
            done |= self.search([
                ("date", "=", today), ("is_automatic", "=", True), ("state", "!=", "cancel"),
                ("company_id", "=", company.id)]).distributor_ids
            distributors -= done
            if not distributors:
                continue
            Run = self.with_company(company)
            run = Run.create({
                "company_id": company.id, "date": today, "is_automatic": True,
                "distributor_ids": [Command.set(distributors.ids)],
                "window_days": company.dms_replenish_window_days, "alpha": company.dms_replenish_alpha,
                "seasonal": company.dms_replenish_seasonal,
            })
            run.with_context(dms_job_inline=True).action_compute()
            run.action_create_orders()
