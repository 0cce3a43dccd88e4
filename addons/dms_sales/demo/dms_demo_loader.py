import random
from datetime import timedelta

from odoo import Command, api, fields, models


class DmsDemoLoader(models.AbstractModel):
    """Demo data built through the models' own flows (orders confirmed and delivered, stock moved,
    visits checked in): each ``_load_demo_<what>`` is called by a ``<function>`` record of a demo
    XML file, the way ``account/demo/account_demo.py`` loads Odoo's demo entries. It lives under
    ``demo/``, not in the production models; dms_inventory and dms_routing extend it."""

    _name = "dms.demo.loader"
    _description = "Distribution Demo Data Loader"

    @api.model
    def _load_demo_books_access(self):
        """The principal's administrator (the demo accountant) is granted the books of every demo
        distributor that bills its outlets here, as a principal grants its finance staff."""
        companies = self.env["res.company"].search([("dms_distributor_id", "!=", False)])
        self.env.ref("base.user_admin").company_ids = [Command.link(company.id) for company in companies]
        return True

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
