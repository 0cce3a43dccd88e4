from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.dms_sales.tests.common import DmsSalesCommon


class DmsReportsCommon(DmsSalesCommon):
    """DmsSalesCommon plus an accountant, a distributor staff user and helpers to post invoices,
    credit notes, payments and claims on the distributors' receivables."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.accountant = new_test_user(
            cls.env, "dms_rep_accountant", groups="account.group_account_invoice", email="acc@example.com")
        cls.staff = new_test_user(
            cls.env, "dms_rep_dist_staff", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.staff.partner_id.parent_id = cls.distributor

    @classmethod
    def _days_ago(cls, days):
        return fields.Date.subtract(cls.today, days=days)

    @classmethod
    def _invoice(cls, amount, days_ago, partner=None, move_type="out_invoice"):
        move = cls.env["account.move"].create({
            "move_type": move_type, "partner_id": (partner or cls.distributor).id,
            "invoice_date": cls._days_ago(days_ago), "date": cls._days_ago(days_ago),
            "invoice_date_due": cls._days_ago(days_ago),
            "invoice_line_ids": [Command.create({"name": "Primary goods", "quantity": 1, "price_unit": amount,
                                                 "tax_ids": [Command.clear()]})],
        })
        move.action_post()
        return move

    @classmethod
    def _payment(cls, amount, days_ago, partner=None, memo=False):
        payment = cls.env["account.payment"].create({
            "payment_type": "inbound", "partner_type": "customer", "partner_id": (partner or cls.distributor).id,
            "amount": amount, "date": cls._days_ago(days_ago), "memo": memo,
        })
        payment.action_post()
        return payment

    @staticmethod
    def _rec_line(record):
        move = record.move_id if record._name == "account.payment" else record
        return move.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")

    @classmethod
    def _approved_claim(cls, amount, distributor=None):
        claim = cls.env["dms.claim"].create({
            "distributor_id": (distributor or cls.distributor).id,
            "date_from": cls._days_ago(30), "date_to": cls.today,
        })
        cls.env["dms.claim.line"].create({"claim_id": claim.id, "source": "adjustment",
                                          "name": "Display allowance", "amount": amount})
        claim.action_submit()
        claim.action_approve()
        return claim

    def _ledger(self, partner, date_from=None, date_to=None):
        """What Odoo's partner ledger shows: sum of balance of posted receivable items."""
        domain = [("partner_id", "=", partner.id), ("parent_state", "=", "posted"),
                  ("account_id.account_type", "=", "asset_receivable")]
        if date_from:
            domain.append(("date", ">=", date_from))
        if date_to:
            domain.append(("date", "<=", date_to))
        [(balance,)] = self.env["account.move.line"]._read_group(domain, [], ["balance:sum"])
        return balance or 0.0


class DmsReportsAnalysisCommon(DmsSalesCommon):
    """DmsSalesCommon plus secondary orders in every state, a discount scheme on soap, a free-goods
    scheme on shampoo, primary sales to the distributor and distributor staff.

    This month (net = untaxed):
      o1 outlet (Leaf, rep):       soap 10 u, soap 2 cases (48 u) at 35, 10% off; shampoo 10 at 150
                                   plus 1 free towel (60)                        -> confirmed
      o2 outlet_2 (Area 2, rep_2): soap 2 dozen (24 u) at 420/dozen, 10% off     -> delivered
      o5 south outlet:             soap 4 at 40, 10% off                         -> confirmed
      not counted: a draft and a cancelled order of the outlet
    Last month: o6 outlet soap 20 at 35, 10% off, confirmed.
    Primary: soap 100 at 30 + 5 dozen at 300, shampoo 10 at 120 to the distributor (confirmed);
    a quotation and a sale to a non-distributor are not sell-in.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["dms.secondary.order"])
        cls.month_start = datetime.combine(cls.today.replace(day=1), datetime.min.time())
        cls.now = fields.Datetime.now()
        cls.last_month_day = cls.month_start - timedelta(days=3)
        cls._create_categories()
        cls.towel = cls.env["product.product"].create({
            "name": "Towel", "list_price": 60, "categ_id": cls.categ_care.id})
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.channel = cls.env.ref("dms_sales.dms_channel_modern_trade")
        cls.outlet.dms_channel_id = cls.channel
        cls.staff = new_test_user(cls.env, "dms_staff_rep", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.staff.partner_id.parent_id = cls.distributor

        Scheme = cls.env["dms.scheme"]
        cls.scheme_soap = Scheme.create({
            "name": "Soap 10% off", "rule_type": "qty_slab", "product_ids": [Command.set(cls.soap.ids)],
            "slab_ids": [Command.create({"threshold": 1, "discount_value": 10})]})
        cls.scheme_towel = Scheme.create({
            "name": "Buy 10 shampoo get a towel", "rule_type": "free_goods",
            "product_ids": [Command.set(cls.shampoo.ids)], "buy_qty": 10, "get_product_id": cls.towel.id,
            "get_qty": 1})

        Order = cls.env["dms.secondary.order"]
        cls.o1 = Order.create({
            "distributor_id": cls.distributor.id, "partner_id": cls.outlet.id, "user_id": cls.rep.id,
            "line_ids": [
                Command.create({"product_id": cls.soap.id, "product_uom_qty": 10}),
                Command.create({"product_id": cls.soap.id, "product_packaging_id": cls.soap_case.id,
                                "product_uom_qty": 48}),
                Command.create({"product_id": cls.shampoo.id, "product_uom_qty": 10}),
            ]})
        cls.o2 = Order.create({
            "distributor_id": cls.distributor.id, "partner_id": cls.outlet_2.id, "user_id": cls.rep_2.id,
            "line_ids": [Command.create({"product_id": cls.soap.id, "product_uom_id": cls.dozen.id,
                                         "product_uom_qty": 2})]})
        cls.o5 = cls._create_order(outlet=cls.outlet_south, lines=[(cls.soap, 4)], user_id=cls.rep_2.id)
        cls.o6 = cls._create_order(lines=[(cls.soap, 20)], user_id=cls.rep.id, date_order=cls.last_month_day)
        cls.draft = cls._create_order(lines=[(cls.soap, 100)])
        cls.cancelled = cls._create_order(lines=[(cls.soap, 100)])
        (cls.o1 | cls.o2 | cls.o5 | cls.o6 | cls.cancelled).action_confirm()
        cls.o2.action_deliver()
        cls.cancelled.action_cancel()
        cls.counted = cls.o1 | cls.o2 | cls.o5 | cls.o6

        SaleOrder = cls.env["sale.order"]
        cls.primary = SaleOrder.create({
            "partner_id": cls.distributor.id,
            "order_line": [
                Command.create({"product_id": cls.soap.id, "product_uom_qty": 100, "price_unit": 30}),
                Command.create({"product_id": cls.soap.id, "product_uom_qty": 5, "product_uom": cls.dozen.id,
                                "price_unit": 300}),
                Command.create({"product_id": cls.shampoo.id, "product_uom_qty": 10, "price_unit": 120}),
            ]})
        cls.primary.action_confirm()
        cls.quotation = SaleOrder.create({
            "partner_id": cls.distributor.id,
            "order_line": [Command.create({"product_id": cls.soap.id, "product_uom_qty": 50, "price_unit": 30})]})
        cls.customer = cls.env["res.partner"].create({"name": "Not a distributor"})
        other_sale = SaleOrder.create({
            "partner_id": cls.customer.id,
            "order_line": [Command.create({"product_id": cls.soap.id, "product_uom_qty": 7, "price_unit": 30})]})
        other_sale.action_confirm()
        cls.env.flush_all()

    def _this_month(self):
        return [("date", ">=", self.month_start)]
