import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero

from odoo.addons.dms_sales.guard import dms_system_write


class DmsCollection(models.Model):
    _name = "dms.collection"
    _description = "Field Collection"
    _inherit = ["dms.collector.document"]

    user_id = fields.Many2one(help="Driver or rep who received the money and must deposit it.")
    partner_id = fields.Many2one(
        "res.partner", string="Paid By", required=True, index=True, tracking=True, check_company=True,
        domain="[('dms_role', 'in', ('distributor', 'wholesaler', 'outlet'))]",
        help="Distributor or outlet who paid.")
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True, string="Customer")
    distributor_id = fields.Many2one(
        "res.partner", compute="_compute_network", store=True, index=True,
        help="The payer itself if it is a distributor, else the distributor serving the outlet.")
    territory_id = fields.Many2one(
        "dms.territory", compute="_compute_network", store=True, index=True,
        help="The outlet's territory, or the first territory the distributor covers.")
    picking_id = fields.Many2one(
        "stock.picking", string="Delivery Stop", index="btree_not_null", check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
        help="Delivery at which the money was collected (a stop of a delivery trip).")
    method = fields.Selection(
        [("cash", "Cash"), ("cheque", "Cheque")], required=True, default="cash", tracking=True)
    amount = fields.Monetary(required=True, tracking=True, help="Amount received.")
    cheque_number = fields.Char(tracking=True)
    cheque_bank = fields.Char(help="Bank the cheque is drawn on.")
    cheque_date = fields.Date(help="Date written on the cheque: it cannot be cashed before.")
    invoice_ids = fields.Many2many(
        "account.move", "dms_collection_invoice_rel", "collection_id", "move_id", string="Invoices",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
               "('payment_state', 'in', ('not_paid', 'partial')), "
               "('commercial_partner_id', '=', commercial_partner_id)]",
        help="Open invoices this money pays. Left empty: the oldest open invoices by due date.")
    journal_id = fields.Many2one(
        "account.journal", readonly=True, check_company=True,
        help="Collections journal the payment was recorded in (cash only: a cheque records no payment yet).")
    payment_id = fields.Many2one("account.payment", readonly=True, copy=False, check_company=True)
    state = fields.Selection(
        [("draft", "Draft"), ("received", "Cheque Received"), ("confirmed", "Confirmed"), ("cancel", "Cancelled")],
        default="draft", required=True, readonly=True, copy=False, index=True, tracking=True,
        help="Confirmed: cash paid in, as a posted payment reconciled with the invoices. Cheque Received: the "
             "collector holds the cheque, pending deposit; no payment is recorded and the invoices stay due "
             "until the cheque is deposited and cleared.")
    deposit_id = fields.Many2one(
        "dms.cash.deposit", string="Cash Deposit", readonly=True, copy=False, index="btree_not_null",
        help="End-of-day deposit that took this cash to the bank.")
    note = fields.Text()

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A collection amount must be positive."),
    ]

    @api.depends("partner_id.commercial_partner_id.dms_role", "partner_id.commercial_partner_id.dms_distributor_id",
                 "partner_id.commercial_partner_id.dms_territory_id")
    def _compute_network(self):
        for collection in self:
            payer = collection.partner_id.commercial_partner_id
            if payer.dms_role in ("distributor", "wholesaler"):
                collection.distributor_id = payer
                collection.territory_id = payer.dms_covered_territory_ids[:1]
            else:
                collection.distributor_id = payer.dms_distributor_id
                collection.territory_id = payer.dms_territory_id

    @api.constrains("method", "cheque_number", "invoice_ids", "partner_id")
    def _check_details(self):
        # sudo: reading the chosen invoices' customer only to check them; collectors may lack
        # accounting read rights
        for collection in self.sudo():
            if collection.method == "cheque" and not collection.cheque_number:
                raise ValidationError(self.env._(
                    "Collection %(name)s: a cheque needs its cheque number.", name=collection.name))
            payer = collection.commercial_partner_id
            wrong = collection.invoice_ids.filtered(
                lambda m, payer=payer: m.commercial_partner_id != payer or m.move_type != "out_invoice")
            if wrong:
                raise ValidationError(self.env._(
                    "Collection %(name)s: invoice %(invoice)s is not a customer invoice of %(partner)s.",
                    name=collection.name, invoice=wrong[0].name, partner=collection.commercial_partner_id.display_name))

    @api.constrains("partner_id", "picking_id")
    def _check_collector_scope(self):
        self._dms_check_collector_scope()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        for collection in self:
            if collection.state == "confirmed":
                raise UserError(self.env._(
                    "Collection %(name)s is confirmed and paid in: it cannot be deleted.", name=collection.name))
            if collection.state == "received":
                raise UserError(self.env._(
                    "Collection %(name)s is a cheque received: cancel it instead of deleting it.",
                    name=collection.name))

    def write(self, vals):
        locked = {"amount", "partner_id", "method", "invoice_ids", "date", "company_id", "user_id",
                  "cheque_number", "cheque_bank", "cheque_date"}
        done = self.filtered(lambda c: c.state in ("confirmed", "received"))
        if locked & vals.keys() and done:
            raise UserError(self.env._(
                "Collection %(name)s is %(state)s: its amount, payer, cheque and invoices can no longer change.",
                name=done[0].name, state=done[0]._dms_state_label()))
        return super().write(vals)

    def action_confirm(self):
        """Cash: record the money as a posted inbound payment reconciled with the invoices. Cheque:
        record it as received, pending deposit, with no payment (see `_dms_receive_cheque`). Each
        collection row is locked first (NOWAIT) and its state re-read, so a double click or two
        devices confirming at once never create two payments."""
        for collection in self:
            collection._dms_lock()
            if collection.state != "draft":
                raise UserError(self.env._(
                    "Collection %(name)s is already %(state)s.", name=collection.name,
                    state=collection._dms_state_label()))
            # with the user's rights first: the payer must be one they collect from
            collection._dms_check_collector_scope()
            if collection.method == "cheque":
                collection._dms_receive_cheque()
                continue
            # sudo: reps and drivers record money without accounting rights; the payment is built
            # only from this collection (its payer, amount and that payer's invoices), locked above.
            collection.sudo()._dms_create_payment()
        return True

    def action_cancel(self):
        for collection in self:
            collection._dms_lock()
            if collection.state not in ("draft", "received"):
                raise UserError(self.env._(
                    "Collection %(name)s is confirmed: reverse its payment in Accounting instead.",
                    name=collection.name))
        with dms_system_write():
            self.state = "cancel"
        return True

    def action_draft(self):
        with dms_system_write():
            self.filtered(lambda c: c.state == "cancel").state = "draft"
        return True

    def _dms_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _dms_receive_cheque(self):
        """A cheque is not money yet: it may bounce, and a post-dated one cannot be cashed before its
        date. Until cheques are deposited and cleared in Odoo, confirming one records that the
        collector holds it: no payment, nothing in the cash journal, the invoices stay due and the
        cash deposit leaves it out."""
        self.ensure_one()
        with dms_system_write():
            self.write({"state": "received"})
        self.message_post(body=self.env._(
            "Cheque %(number)s %(bank)s received, pending deposit: no payment is recorded and the invoices "
            "stay due until it is deposited and cleared.",
            number=self.cheque_number, bank=self.cheque_bank or ""))

    def _dms_check_collector_scope(self):
        """Reps, supervisors and drivers collect from the outlets of their territories and the
        distributors serving them, or at a stop of a trip they drive or are responsible for, from
        that stop's customer; drivers (Driver group) only at the stops of their trips. Distribution
        managers and accountants collect from anyone; distributor staff are kept to their
        distributor by their record rules."""
        user = self.env.user
        field_user = user.has_group("dms_sales.group_dms_rep") or user.has_group("dms_routing.group_dms_driver")
        if self.env.su or not field_user or user.has_group(
                "dms_sales.group_dms_manager") or user.has_group("account.group_account_invoice"):
            return
        # sudo: payer, stop and trip are read only to compare them with the current user
        for collection in self.sudo():
            payer = collection.commercial_partner_id
            if payer._dms_filtered_field_scope(user):
                continue
            stop = collection.picking_id
            trip = stop.batch_id
            if stop and stop.partner_id.commercial_partner_id == payer and user in (
                    trip.user_id | trip.driver_id.user_ids):
                continue
            raise ValidationError(self.env._(
                "Collection %(name)s: you do not collect from %(partner)s (Paid By). Reps collect from the "
                "outlets of their territories and the distributors serving them, drivers at the stops "
                "of their trips.", name=collection.name, partner=payer.display_name))

    def _dms_lock(self):
        """Lock this collection's row; a second confirmation at the same time fails at once."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(SQL(
                    "SELECT id FROM dms_collection WHERE id = %s FOR UPDATE NOWAIT", self.id))
        except psycopg2.errors.LockNotAvailable:
            raise UserError(self.env._(
                "Collection %(name)s is being confirmed by someone else right now.", name=self.name)) from None
        self.invalidate_recordset(["state", "payment_id"])

    def _dms_open_invoices(self):
        """The invoices to pay, in order: the chosen ones, else all open ones, oldest due first."""
        self.ensure_one()
        invoices = self.invoice_ids
        if not invoices:
            invoices = self.env["account.move"].search([
                ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("commercial_partner_id", "=", self.commercial_partner_id.id),
                ("company_id", "=", self.company_id.id),
            ])
        return invoices.filtered(lambda m: not m.currency_id.is_zero(m.amount_residual)).sorted(
            lambda m: (m.invoice_date_due or m.invoice_date or m.date, m.id))

    def _dms_create_payment(self):
        self.ensure_one()
        if self.method == "cheque":  # never posted as cash received
            raise UserError(self.env._(
                "Collection %(name)s is a cheque: it gets no payment before it is deposited.", name=self.name))
        journal = self.company_id._dms_collection_journal()
        method_line = journal.inbound_payment_method_line_ids[:1]
        payment = self.env["account.payment"].create({
            "payment_type": "inbound",
            "partner_type": "customer",
            "partner_id": self.commercial_partner_id.id,
            "amount": self.amount,
            "currency_id": self.currency_id.id,
            "date": self.date,
            "journal_id": journal.id,
            "payment_method_line_id": method_line.id,
            "memo": self.name,
            "company_id": self.company_id.id,
        })
        payment.action_post()
        self._dms_reconcile(payment)
        with dms_system_write():
            self.write({"state": "confirmed", "payment_id": payment.id, "journal_id": journal.id})

    def _dms_reconcile(self, payment):
        """Reconcile invoice by invoice in order, so the money goes to the first ones in full;
        whatever is left stays an open credit on the customer."""
        pay_line = payment.move_id.line_ids.filtered(
            lambda ln: ln.account_id == payment.destination_account_id and not ln.reconciled)
        for invoice in self._dms_open_invoices():
            if float_is_zero(pay_line.amount_residual, precision_rounding=self.currency_id.rounding) \
                    or float_compare(pay_line.amount_residual, 0, precision_rounding=self.currency_id.rounding) > 0:
                break
            inv_lines = invoice.line_ids.filtered(
                lambda ln: ln.account_id == pay_line.account_id and not ln.reconciled)
            if inv_lines:
                (pay_line + inv_lines).reconcile()
