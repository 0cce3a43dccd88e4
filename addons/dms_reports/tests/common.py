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
