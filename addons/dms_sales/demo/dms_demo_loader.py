import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class DmsDemoLoader(models.AbstractModel):
    """Demo data built through the models' own flows (orders confirmed and delivered, stock moved,
    visits checked in): each ``_load_demo_<what>`` is called by a ``<function>`` record of a demo
    XML file, the way ``account/demo/account_demo.py`` loads Odoo's demo entries. It lives under
    ``demo/``, not in the production models; dms_inventory and dms_routing extend it."""

    _name = "dms.demo.loader"
    _description = "Distribution Demo Data Loader"

    @api.model
    def _load_demo_principal_chart(self):
        """Demo data: the principal's chart of accounts, before any demo entry is posted, with the
        standard 15% VAT as its default taxes. A database created for Bangladesh (scripts/createdb)
        gets l10n_bd by auto-install, but Odoo loads its chart on the main company only at the very
        end of the install (the ``_register_hook`` of account's ``ir.module.module``), after every
        demo file, and would then delete the entries posted meanwhile. So it is loaded now (the
        end-of-install call then only reloads the same chart, which keeps the company's settings),
        then Odoo's accounting demo as account's demo does for a US company. The template is the
        country's (``bd`` with l10n_bd), not named here: dms_sales does not depend on l10n_bd.
        l10n_bd makes 10% the default; the standard rate, and the demo's, is 15%."""
        company = self.env.ref("base.main_company")
        if company.chart_template:
            return True
        # sudo: demo data loaded by the superuser at install; loading a chart needs system rights
        chart = self.env["account.chart.template"].sudo()
        # _load, not try_loading: the latter warns when called while modules load
        chart._load(chart._guess_chart_template(company.country_id), company, install_demo=False)
        Tax = self.env["account.tax"].with_company(company)
        for use, field in (("sale", "account_sale_tax_id"), ("purchase", "account_purchase_tax_id")):
            vat = Tax.search([*Tax._check_company_domain(company), ("type_tax_use", "=", use),
                              ("amount_type", "=", "percent"), ("amount", "=", 15.0), ("price_include", "=", False)],
                             order="sequence, id", limit=1)
            if vat:
                company[field] = vat
        if self.env.ref("base.module_account").demo:
            chart._install_demo(company)
        return True

    @api.model
    def _load_demo_books_access(self):
        """The principal's administrator (the demo accountant) is granted the books of every demo
        distributor that bills its outlets here, as a principal grants its finance staff."""
        companies = self.env["res.company"].search([("dms_distributor_id", "!=", False)])
        self.env.ref("base.user_admin").company_ids = [Command.link(company.id) for company in companies]
        return True

    @api.model
    def _load_demo_books_bills(self, order_ids, payment_terms):
        """Demo data: orders of outlets billed in their distributor's books, taken, confirmed,
        delivered and billed on their order date, so that their dues age. The outlets' payment
        terms (`payment_terms`: outlet id -> term id) are set in the distributor's company first, as
        its accountant would; each order is confirmed, delivered and billed by its own actions, then
        its new bill is reset to draft, dated on the order's day and posted again (its due date
        follows from the term). Does nothing for orders billed already."""
        orders = self.env["dms.secondary.order"].browse(order_ids).filtered(lambda o: not o.invoice_ids)
        if not orders:
            return self.env["account.move"]
        for order in orders:
            term_id = payment_terms.get(order.partner_id.id)
            if term_id:
                order.partner_id.with_company(order._dms_books_company()).property_payment_term_id = term_id
        orders.filtered(lambda o: o.state == "draft").action_confirm()
        orders.filtered(lambda o: o.state == "confirmed").action_deliver()
        # confirmed when the order was taken, not when the demo was loaded
        for order in orders:
            order.confirmation_date = order.date_order
        orders.action_create_invoice()
        bills = orders.invoice_ids.filtered(lambda m: m.move_type == "out_invoice" and m.state == "posted")
        for bill in bills:
            bill = bill.with_company(bill.company_id)
            bill.button_draft()
            bill.invoice_date = fields.Date.context_today(bill, bill.dms_secondary_order_id.date_order)
            bill.action_post()
        return bills

    @api.model
    def _load_demo_books_primary_invoice(self, distributor_id, product_ids):
        """Demo data: the principal's invoice for goods it sold the distributor that bills here,
        posted by its own flow, so that the distributor's company has the draft vendor bill of it
        (see DESIGN.md, Primary sale as the distributor's vendor bill). Once per database."""
        Move = self.env["account.move"]
        distributor = self.env["res.partner"].browse(distributor_id)
        if Move.search_count([("partner_id", "=", distributor.id), ("move_type", "=", "out_invoice"),
                              ("company_id", "=", self.env.company.id)]):
            return Move
        invoice = Move.create({
            "move_type": "out_invoice",
            "partner_id": distributor.id,
            "invoice_date": fields.Date.context_today(self) - timedelta(days=3),
            "invoice_line_ids": [Command.create({"product_id": product_id, "quantity": 120})
                                 for product_id in product_ids],
        })
        invoice.action_post()
        return invoice

    @api.model
    def _load_demo_scheme_accruals(self):
        """Demo data: the company accrues scheme liabilities (an Accrued Scheme Liability account and
        a Scheme Accruals journal), so that the delivered demo orders post accrual entries."""
        company = self.env.company
        if company.dms_scheme_accrual_account_id and company.dms_scheme_accrual_journal_id:
            return company
        Account = self.env["account.account"].with_company(company)
        account = Account.search([*Account._check_company_domain(company), ("code", "=", "219900")], limit=1) \
            or Account.create({"name": "Accrued Scheme Liability", "code": "219900",
                               "account_type": "liability_current"})
        Journal = self.env["account.journal"]
        journal = Journal.search([*Journal._check_company_domain(company), ("code", "=", "SACR")], limit=1) \
            or Journal.create({"name": "Scheme Accruals", "code": "SACR", "type": "general",
                               "company_id": company.id})
        company.write({"dms_scheme_accrual_account_id": account.id, "dms_scheme_accrual_journal_id": journal.id})
        return company

    @api.model
    def _load_demo_secondary_orders(self, count=220, days=90):
        """Demo data: about `count` secondary orders of the demo outlets over the last `days` days,
        delivered when older than a week, confirmed in the last week, a few drafts of the last days.
        Deterministic (seeded), created and confirmed in batches; does nothing if they exist."""
        Order = self.env["dms.secondary.order"]
        data = self.env["ir.model.data"].search([
            ("module", "=", "dms_sales"), ("model", "in", ("res.partner", "product.product")),
            ("name", "=like", "%_demo"),
        ])
        outlet_data = data.filtered(lambda d: d.model == "res.partner" and d.name.startswith("res_partner_outlet_"))
        outlets = self.env["res.partner"].browse(outlet_data.mapped("res_id")).filtered(
            lambda p: p.dms_outlet_state == "approved" and p.dms_distributor_id).sorted("dms_outlet_code")
        products = self.env["product.product"].browse(
            data.filtered(lambda d: d.model == "product.product").mapped("res_id")).sorted("default_code")
        if not outlets or not products or Order.search_count([("partner_id", "in", outlets.ids)], limit=1):
            return Order.browse()
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
        orders = Order.with_context(tracking_disable=True, mail_create_nolog=True).create(vals_list)
        age_of = dict(zip(orders, ages, strict=True))
        drafts = orders.sorted(lambda o: age_of[o])[:4]  # the newest few are still being entered
        to_confirm = orders - drafts
        to_confirm.action_confirm()
        to_confirm.filtered(lambda o: age_of[o] >= 7).action_deliver()
        # confirmation happened when the order was taken, not when the demo was loaded
        for order in to_confirm:
            order.confirmation_date = order.date_order
        return orders

    @api.model
    def _load_demo_targets_incentives(self):
        """Outlet and SKU targets this month, North's territory target cascaded to its reps by last
        month's sales share, and the last two months' rep targets paid under the demo plan: the
        older month posted, last month computed, most approved, one posted (accounts set in the
        company's Settings)."""
        Target = self.env["dms.target"]
        today = fields.Date.context_today(self)
        month, last_month = today.replace(day=1), today.replace(day=1) - relativedelta(months=1)
        if Target.search_count([("target_type", "=", "outlet")], limit=1):
            return False
        ref = self.env.ref
        outlets = [ref("dms_sales.res_partner_outlet_gulshan_0%d_demo" % i) for i in range(1, 5)]
        soap, neem, shampoo = (ref("dms_sales.product_product_%s_demo" % x) for x in ("soap_glow", "soap_neem",
                                                                                       "shampoo"))
        Target.create([
            {"target_type": "outlet", "outlet_id": outlet.id, "month": month, "target_value": value}
            for outlet, value in zip(outlets, (30000, 22000, 15000, 12000), strict=True)
        ] + [
            {"target_type": "outlet", "outlet_id": outlets[0].id, "month": month, "product_id": soap.id,
             "target_qty": 240},
            {"target_type": "rep", "user_id": ref("dms_sales.res_users_rep_north1_demo").id, "month": month,
             "product_id": shampoo.id, "target_qty": 300, "target_value": 45000},
            {"target_type": "rep", "user_id": ref("dms_sales.res_users_rep_north2_demo").id, "month": month,
             "product_id": neem.id, "target_qty": 400},
            {"target_type": "territory", "territory_id": ref("dms_sales.dms_territory_north_demo").id,
             "month": month, "product_id": soap.id, "target_qty": 2400, "target_value": 96000},
        ])
        # North's target split to its reps by last month's sales; the soap target to its outlets
        for target, level in ((ref("dms_sales.dms_target_north_demo"), "rep"),
                              (Target.search([("territory_id", "=", ref("dms_sales.dms_territory_north_demo").id),
                                              ("product_id", "=", soap.id)]), "outlet")):
            self.env["dms.target.cascade"].create({"target_id": target.id, "level": level,
                                                   "rule": "history"}).action_apply()

        company = self.env.company
        Account = self.env["account.account"].with_company(company)
        can_post = bool(Account.search_count([*Account._check_company_domain(company)], limit=1))
        if can_post:  # a chart of accounts is installed: an expense and an accrual account of their own
            accounts = [
                Account.search([*Account._check_company_domain(company), ("code", "=", code)], limit=1)
                or Account.create({"code": code, "name": name, "account_type": kind})
                for code, name, kind in (("619100", "Sales Incentives", "expense"),
                                         ("219100", "Accrued Sales Incentives", "liability_current"))]
            company.write({"dms_incentive_expense_account_id": accounts[0].id,
                           "dms_incentive_payable_account_id": accounts[1].id})
        plan = ref("dms_sales.dms_incentive_plan_monthly_demo")
        admin = ref("base.user_admin")
        factors = (0.72, 0.88, 0.97, 1.12, 1.25, 0.79)
        payouts = self.env["dms.incentive.payout"]
        # the month before last: paid and posted; last month: computed, partly approved, one posted
        for shift, month_start in enumerate((last_month - relativedelta(months=1), last_month)):
            start = fields.Datetime.to_datetime(month_start)
            sales = self.env["dms.secondary.order"]._read_group(
                [("state", "in", ("confirmed", "delivered")), ("user_id", "!=", False),
                 ("date_order", ">=", start), ("date_order", "<", start + relativedelta(months=1))],
                ["user_id"], ["amount_untaxed:sum"])
            # each rep's target set so that achievements spread over the slabs
            Target.create([
                {"target_type": "rep", "user_id": user.id, "month": month_start,
                 "target_value": round(amount / factors[(i + shift * 3) % len(factors)], -3) or 1000}
                for i, (user, amount) in enumerate(sales)
            ])
            month_payouts = plan._compute_payouts(month_start)
            to_approve = month_payouts.filtered("amount")
            to_approve = to_approve[:-1] if shift else to_approve
            to_approve.with_user(admin).action_approve()
            if can_post:
                (to_approve[:1] if shift else to_approve).with_user(admin).action_post()
            payouts |= month_payouts
        return payouts
