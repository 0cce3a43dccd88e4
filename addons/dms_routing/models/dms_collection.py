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
    books_company_id = fields.Many2one(
        "res.company", string="Booked In", compute="_compute_books_company_id", store=True, index=True,
        help="Company whose books receive this money: the distributor's own company when the distributor bills "
             "its outlets here (Outlet Books: Bills outlets here) and an outlet paid, else this collection's "
             "company. Its payment, journals, clearing and bounce entries all live there.")
    picking_id = fields.Many2one(
        "stock.picking", string="Delivery Stop", index="btree_not_null", check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
        help="Delivery at which the money was collected (a stop of a delivery trip).")
    method = fields.Selection(
        [("cash", "Cash"), ("cheque", "Cheque"), ("mobile", "Mobile Money")], required=True, default="cash",
        tracking=True)
    amount = fields.Monetary(required=True, tracking=True, help="Amount received.")
    cheque_number = fields.Char(tracking=True)
    cheque_bank = fields.Char(help="Bank the cheque is drawn on.")
    cheque_date = fields.Date(help="Date written on the cheque: it cannot be deposited before.")
    cheque_deposit_date = fields.Date(
        readonly=True, copy=False, help="Day the cheque was deposited at the bank (its payment's date).")
    mobile_provider_id = fields.Many2one(
        "dms.mobile.provider", string="Provider", check_company=True, index="btree_not_null", tracking=True,
        help="Mobile money service the outlet paid with (bKash, Nagad...).")
    mobile_transaction_id = fields.Char(
        string="Transaction ID", tracking=True, help="The provider's transaction id, unique per provider.")
    mobile_sender = fields.Char(string="Sender Number", help="Wallet number the money was sent from.")
    clearing_move_id = fields.Many2one(
        "account.move", string="Clearing Entry", readonly=True, copy=False,
        help="Entry moving the money from the outstanding account to the bank or wallet: the cheque cleared, "
             "or the mobile money payment matched on the provider's statement.")
    bounce_move_id = fields.Many2one(
        "account.move", string="Payment Reversal", readonly=True, copy=False,
        help="Reversal of the payment of a bounced cheque: the invoices are due again.")
    bounce_charge_move_id = fields.Many2one(
        "account.move", string="Bounce Charge Entry", readonly=True, copy=False,
        help="The bank's charge for the bounced cheque, booked once.")
    bounce_reason = fields.Char(readonly=True, copy=False, help="Why the bank returned the cheque.")
    invoice_ids = fields.Many2many(
        "account.move", "dms_collection_invoice_rel", "collection_id", "move_id", string="Invoices",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), ('company_id', '=', books_company_id), "
               "('payment_state', 'in', ('not_paid', 'partial')), "
               "('commercial_partner_id', '=', commercial_partner_id)]",
        help="Open invoices this money pays. Left empty: the oldest open invoices by due date.")
    journal_id = fields.Many2one(
        "account.journal", readonly=True,
        help="Collections journal the payment was recorded in (cash only: a cheque records no payment yet).")
    payment_id = fields.Many2one(
        "account.payment", readonly=True, copy=False,
        help="The posted payment, in the books of Booked In.")
    state = fields.Selection(
        [("draft", "Draft"), ("received", "Cheque Received"), ("deposited", "Cheque Deposited"),
         ("cleared", "Cheque Cleared"), ("bounced", "Cheque Bounced"), ("confirmed", "Confirmed"),
         ("cancel", "Cancelled")],
        default="draft", required=True, readonly=True, copy=False, index=True, tracking=True,
        help="Confirmed: cash or mobile money paid in, as a posted payment reconciled with the invoices. Cheque "
             "Received: the collector holds the cheque, pending deposit; no payment is recorded. Cheque Deposited: "
             "the payment is posted to the bank's outstanding account and reconciled with the invoices. Cheque "
             "Cleared: the bank credited it. Cheque Bounced: the payment was reversed, the invoices are due again.")
    deposit_id = fields.Many2one(
        "dms.cash.deposit", string="Day Close", readonly=True, copy=False, index="btree_not_null",
        help="The collector's day close that counted this money (and took cash on to the bank).")
    note = fields.Text()

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A collection amount must be positive."),
        ("mobile_transaction_unique", "UNIQUE(mobile_provider_id, mobile_transaction_id, company_id)",
         "This mobile money transaction id is already recorded for this provider."),
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

    @api.depends("company_id", "partner_id.commercial_partner_id.dms_role", "distributor_id.dms_books",
                 "distributor_id.dms_books_company_id")
    def _compute_books_company_id(self):
        for collection in self:
            if collection.payment_id and collection.books_company_id:
                # the money is booked: it stays where its payment is
                collection.books_company_id = collection.books_company_id
                continue
            payer = collection.partner_id.commercial_partner_id
            books = collection.company_id
            if payer.dms_role not in ("distributor", "wholesaler") and collection.distributor_id:
                # an outlet pays its distributor: into the distributor's own books when it keeps them
                # here (a company depot's books are this company's)
                books = collection.distributor_id._dms_books_company(collection.company_id) or books
            collection.books_company_id = books

    @api.constrains("method", "cheque_number", "invoice_ids", "partner_id", "mobile_provider_id",
                    "mobile_transaction_id")
    def _check_details(self):
        # sudo: reading the chosen invoices' customer only to check them; collectors may lack
        # accounting read rights
        for collection in self.sudo():
            if collection.method == "cheque" and not collection.cheque_number:
                raise ValidationError(self.env._(
                    "Collection %(name)s: a cheque needs its cheque number.", name=collection.name))
            if collection.method == "mobile" and not (
                    collection.mobile_provider_id and (collection.mobile_transaction_id or "").strip()):
                raise ValidationError(self.env._(
                    "Collection %(name)s: mobile money needs its provider and transaction id.",
                    name=collection.name))
            payer = collection.commercial_partner_id
            wrong = collection.invoice_ids.filtered(
                lambda m, payer=payer: m.commercial_partner_id != payer or m.move_type != "out_invoice")
            if wrong:
                raise ValidationError(self.env._(
                    "Collection %(name)s: invoice %(invoice)s is not a customer invoice of %(partner)s.",
                    name=collection.name, invoice=wrong[0].name, partner=collection.commercial_partner_id.display_name))
            elsewhere = collection.invoice_ids.filtered(
                lambda m, books=collection.books_company_id: m.company_id != books)
            if elsewhere:
                raise ValidationError(self.env._(
                    "Collection %(name)s: invoice %(invoice)s is in the books of %(company)s, this money is booked "
                    "in %(books)s (Booked In).", name=collection.name, invoice=elsewhere[0].name,
                    company=elsewhere[0].company_id.name, books=collection.books_company_id.name))

    @api.constrains("books_company_id", "payment_id", "journal_id", "clearing_move_id", "bounce_move_id",
                    "bounce_charge_move_id")
    def _check_books_company(self):
        """Payment, journal and entries live in the books of Booked In (check_company compares with
        the collector's company, which differs when the distributor keeps its own books)."""
        # sudo: reading the companies of the collection's own accounting records to compare them
        for collection in self.sudo():
            books = collection.books_company_id
            moves = (collection.payment_id.move_id | collection.clearing_move_id | collection.bounce_move_id
                     | collection.bounce_charge_move_id)
            wrong = next((r for r in (collection.payment_id, *moves, collection.journal_id)
                          if r and r.company_id != books), None)
            if wrong:
                raise ValidationError(self.env._(
                    "Collection %(name)s: %(record)s belongs to %(company)s, not to %(books)s (Booked In).",
                    name=collection.name, record=wrong.display_name, company=wrong.company_id.name,
                    books=books.name))

    @api.constrains("partner_id", "picking_id")
    def _check_collector_scope(self):
        self._dms_check_collector_scope()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        for collection in self:
            if collection.state == "received":
                raise UserError(self.env._(
                    "Collection %(name)s is a cheque received: cancel it instead of deleting it.",
                    name=collection.name))
            if collection.state not in ("draft", "cancel"):
                raise UserError(self.env._(
                    "Collection %(name)s is %(state)s: it has a payment, it cannot be deleted.",
                    name=collection.name, state=collection._dms_state_label()))

    def write(self, vals):
        if vals.get("mobile_transaction_id"):
            vals = {**vals, "mobile_transaction_id": vals["mobile_transaction_id"].strip()}
        locked = {"amount", "partner_id", "method", "invoice_ids", "date", "company_id", "user_id",
                  "cheque_number", "cheque_bank", "cheque_date", "mobile_provider_id", "mobile_transaction_id"}
        done = self.filtered(lambda c: c.state != "draft" and c.state != "cancel")
        if locked & vals.keys() and done:
            raise UserError(self.env._(
                "Collection %(name)s is %(state)s: its amount, payer, cheque and invoices can no longer change.",
                name=done[0].name, state=done[0]._dms_state_label()))
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("mobile_transaction_id"):
                vals["mobile_transaction_id"] = vals["mobile_transaction_id"].strip()
        return super().create(vals_list)

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
                    "Collection %(name)s is %(state)s: it has a payment; a deposited cheque that bounced is "
                    "recorded with Bounce, other payments are reversed in Accounting.",
                    name=collection.name, state=collection._dms_state_label()))
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
                ("company_id", "=", self.books_company_id.id),
            ])
        return invoices.filtered(lambda m: not m.currency_id.is_zero(m.amount_residual)).sorted(
            lambda m: (m.invoice_date_due or m.invoice_date or m.date, m.id))

    def _dms_create_payment(self):
        """Cash into the Collections journal, mobile money into its provider's journal (to its
        outstanding account, cleared when the provider's statement shows the transaction)."""
        self.ensure_one()
        if self.method == "cheque":  # never posted as cash received
            raise UserError(self.env._(
                "Collection %(name)s is a cheque: it gets no payment before it is deposited.", name=self.name))
        books = self.books_company_id
        if self.method == "mobile":
            journal = self.mobile_provider_id._dms_journal(books)
        else:
            journal = books._dms_collection_journal()
        payment = self._dms_post_payment(journal, self.date)
        with dms_system_write():
            self.write({"state": "confirmed", "payment_id": payment.id, "journal_id": journal.id})

    def _dms_post_payment(self, journal, date):
        """A posted inbound payment of this collection in `journal`, reconciled with the invoices."""
        self.ensure_one()
        memo = self.name
        if self.method == "cheque":
            memo = self.env._("%(name)s cheque %(number)s", name=self.name, number=self.cheque_number)
        elif self.method == "mobile":
            memo = "%s %s %s" % (self.name, self.mobile_provider_id.name, self.mobile_transaction_id)
        books = self.books_company_id
        payment = self.env["account.payment"].with_company(books).create({
            "payment_type": "inbound",
            "partner_type": "customer",
            "partner_id": self.commercial_partner_id.id,
            "amount": self.amount,
            "currency_id": self.currency_id.id,
            "date": date,
            "journal_id": journal.id,
            "payment_method_line_id": journal.inbound_payment_method_line_ids[:1].id,
            "memo": memo,
            "company_id": books.id,
        })
        payment.action_post()
        self._dms_reconcile(payment)
        return payment

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

    # ------------------------------------------------------------
    # Cheques: received -> deposited -> cleared or bounced
    # ------------------------------------------------------------

    def action_open_cheque_deposit(self):
        cheques = self.filtered(lambda c: c.method == "cheque" and c.state == "received")
        if not cheques:
            raise UserError(self.env._("Select cheques received and not deposited yet."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Deposit Cheques"),
            "res_model": "dms.cheque.deposit",
            "view_mode": "form",
            "target": "new",
            "context": {"default_collection_ids": [(6, 0, cheques.ids)]},
        }

    def action_open_cheque_bounce(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cheque Bounced"),
            "res_model": "dms.cheque.bounce",
            "view_mode": "form",
            "target": "new",
            "context": {"default_collection_id": self.id},
        }

    def action_clear_cheque(self):
        """The bank credited the deposited cheques: move their money from the outstanding
        account to the bank account and reconcile it."""
        self._dms_check_treasury_user()
        for collection in self:
            collection._dms_lock()
            collection._dms_check_cheque_state("deposited")
            # sudo: the clearing entry is built only from this collection's own payment, locked above
            move = collection.sudo()._dms_clear_payment(fields.Date.context_today(self), self.env._(
                "%(name)s: cheque %(number)s cleared", name=collection.name, number=collection.cheque_number))
            with dms_system_write():
                collection.write({"state": "cleared", "clearing_move_id": move.id})
        return True

    def _dms_check_treasury_user(self):
        """Deposits, clearing and bounces move the company's money: Distribution Managers and
        invoicing users only (field users hand their cheques in)."""
        user = self.env.user
        if not (self.env.su or user.has_group("dms_sales.group_dms_manager")
                or user.has_group("account.group_account_invoice")):
            raise UserError(self.env._(
                "Only a Distribution Manager or an accountant deposits, clears or bounces cheques."))

    def _dms_check_cheque_state(self, state):
        self.ensure_one()
        if self.method != "cheque" or self.state != state:
            raise UserError(self.env._(
                "Collection %(name)s is %(state)s, not %(expected)s: nothing done.", name=self.name,
                state=self._dms_state_label(),
                expected=dict(self._fields["state"]._description_selection(self.env))[state]))

    def _dms_deposit_cheque(self, journal, date):
        """Post the cheque's payment into `journal` (its outstanding account) at `date`, reconciled
        with the invoices. The row is locked and its state read again first: a double click or two
        users at once deposit it once."""
        self.ensure_one()
        self._dms_check_treasury_user()
        self._dms_lock()
        self._dms_check_cheque_state("received")
        if self.cheque_date and date < self.cheque_date:
            raise UserError(self.env._(
                "Collection %(name)s: cheque %(number)s is post-dated %(cheque_date)s, it cannot be deposited "
                "on %(date)s.", name=self.name, number=self.cheque_number, cheque_date=self.cheque_date, date=date))
        if journal.type != "bank" or journal.company_id != self.books_company_id:
            raise UserError(self.env._(
                "Collection %(name)s: %(journal)s is not a bank journal of %(company)s, whose books this cheque "
                "pays (Booked In).", name=self.name, journal=journal.display_name, company=self.books_company_id.name))
        # sudo: the payment is built only from this collection (payer, amount, invoices), locked above
        payment = self.sudo()._dms_post_payment(journal, date)
        with dms_system_write():
            self.write({"state": "deposited", "payment_id": payment.id, "journal_id": journal.id,
                        "cheque_deposit_date": date})
        self.message_post(body=self.env._(
            "Cheque %(number)s deposited in %(journal)s on %(date)s.", number=self.cheque_number,
            journal=journal.display_name, date=date))

    def _dms_bounce_cheque(self, date, charge, charge_account, reason):
        """The bank returned the deposited cheque: reverse its payment exactly (the invoices are due
        again), book the bank's charge once, flag the payer and, when the company says so, put its
        credit on hold. Locked and re-checked like the deposit: a second bounce finds it bounced."""
        self.ensure_one()
        self._dms_check_treasury_user()
        self._dms_lock()
        self._dms_check_cheque_state("deposited")
        if self.currency_id.compare_amounts(charge, 0) < 0:
            raise UserError(self.env._("Collection %(name)s: the bank charge cannot be negative.", name=self.name))
        if not self.currency_id.is_zero(charge) and not charge_account:
            raise UserError(self.env._(
                "Collection %(name)s: choose the expense account of the bank charge.", name=self.name))
        # sudo: only the account's companies are read, to refuse an account of other books
        if charge_account and self.books_company_id not in charge_account.sudo().company_ids:
            raise UserError(self.env._(
                "Collection %(name)s: the charge account %(account)s is not an account of %(company)s.",
                name=self.name, account=charge_account.display_name, company=self.books_company_id.name))
        # sudo: reversing this collection's own payment and charging its bank journal, locked above
        reversal, charge_move = self.sudo()._dms_post_bounce(date, charge, charge_account, reason)
        payer = self.commercial_partner_id
        with dms_system_write():
            self.write({"state": "bounced", "bounce_move_id": reversal.id,
                        "bounce_charge_move_id": charge_move.id, "bounce_reason": reason})
        # sudo: the hold is a manager's field, read and set here by the bounce itself
        if self.books_company_id.dms_bounce_blocks_credit and not payer.sudo().dms_cheque_credit_hold:
            payer.sudo().dms_cheque_credit_hold = True
        self.message_post(body=self.env._(
            "Cheque %(number)s bounced on %(date)s%(reason)s: payment reversed, the invoices are due again.",
            number=self.cheque_number, date=date, reason=(": " + reason) if reason else ""))

    def _dms_post_bounce(self, date, charge, charge_account, reason):
        self.ensure_one()
        payment = self.payment_id
        move = payment.move_id
        if self.clearing_move_id or move.reversal_move_ids:
            raise UserError(self.env._("Collection %(name)s: its payment is already cleared or reversed.",
                                       name=self.name))
        # the invoices become open again: undo the reconciliation with them, then reverse the payment
        # (cancel=True reconciles each line of the payment with its reversal)
        move.line_ids.filtered(lambda ln: ln.account_id == payment.destination_account_id).remove_move_reconcile()
        ref = self.env._("Bounced cheque %(number)s (%(name)s)", number=self.cheque_number, name=self.name)
        if reason:
            ref = "%s: %s" % (ref, reason)
        reversal = move.with_company(self.books_company_id)._reverse_moves([{"date": date, "ref": ref}], cancel=True)
        charge_move = self.env["account.move"]
        if not self.currency_id.is_zero(charge):
            journal = self.journal_id
            charge_move = self.env["account.move"].with_company(self.books_company_id).create({
                "move_type": "entry", "journal_id": journal.id, "date": date, "company_id": self.books_company_id.id,
                "ref": self.env._("Bank charge, bounced cheque %(number)s (%(name)s)",
                                  number=self.cheque_number, name=self.name),
                "line_ids": [
                    (0, 0, {"name": self.env._("Bounced cheque charge"), "account_id": charge_account.id,
                            "partner_id": self.commercial_partner_id.id, "debit": charge, "credit": 0.0}),
                    (0, 0, {"name": self.env._("Bounced cheque charge"), "account_id": journal.default_account_id.id,
                            "debit": 0.0, "credit": charge}),
                ],
            })
            charge_move.action_post()
        return reversal, charge_move

    def _dms_clear_payment(self, date, ref):
        """Move this collection's payment from its outstanding account to its journal's bank or
        wallet account, reconciled with the payment. Returns the entry (none when the journal pays
        straight into its own account)."""
        self.ensure_one()
        payment = self.payment_id
        journal = payment.journal_id
        outstanding = payment.move_id.line_ids.filtered(
            lambda ln: ln.account_id == payment.outstanding_account_id and not ln.reconciled)
        if not outstanding or payment.outstanding_account_id == journal.default_account_id:
            return self.env["account.move"]
        move = self.env["account.move"].with_company(self.books_company_id).create({
            "move_type": "entry", "journal_id": journal.id, "date": date, "company_id": self.books_company_id.id,
            "ref": ref,
            "line_ids": [
                (0, 0, {"name": ref, "account_id": journal.default_account_id.id,
                        "partner_id": self.commercial_partner_id.id, "debit": self.amount, "credit": 0.0}),
                (0, 0, {"name": ref, "account_id": outstanding.account_id.id,
                        "partner_id": self.commercial_partner_id.id, "debit": 0.0, "credit": self.amount}),
            ],
        })
        move.action_post()
        (outstanding + move.line_ids.filtered(lambda ln: ln.account_id == outstanding.account_id)).reconcile()
        return move

    def _dms_receipt_invoices(self):
        """The invoices this collection paid, for the printed receipt (names, amounts, due left)."""
        self.ensure_one()
        # sudo: the outlet's receipt lists the invoices of its own collection; collectors print it
        # without accounting rights
        payment = self.sudo().payment_id
        if payment and self.state != "bounced":
            return payment.reconciled_invoice_ids
        return self.sudo().invoice_ids  # sudo: as above, the receipt's own invoices
