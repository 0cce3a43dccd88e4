from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare

from ..guard import dms_system_write

# payment states of the credit note that settle a claim
SETTLED_PAYMENT_STATES = ("paid", "in_payment")


class DmsClaim(models.Model):
    _name = "dms.claim"
    _description = "Distributor Scheme Claim"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="New", index="trigram")
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved"),
         ("settled", "Settled"), ("cancelled", "Cancelled")],
        default="draft", required=True, copy=False, index=True, tracking=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id,
        help="Only orders in this currency are claimed.")
    distributor_id = fields.Many2one(
        "res.partner", required=True, index=True, tracking=True, check_company=True,
        domain="[('dms_role', 'in', ('distributor', 'wholesaler')), ('is_company', '=', True)]",
        help="Distributor who gave the scheme benefits to outlets and is reimbursed by this claim.")
    date_from = fields.Date(
        string="From", required=True, tracking=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="First day of the claimed period (date of the secondary orders).")
    date_to = fields.Date(
        string="To", required=True, tracking=True, default=fields.Date.context_today,
        help="Last day of the claimed period. Returns of goods claimed before are reversed "
             "on the first claim computed after them, whatever the date of their order.")
    line_ids = fields.One2many("dms.claim.line", "claim_id", string="Claim Lines", copy=False)
    line_count = fields.Integer(compute="_compute_line_count", string="Lines")
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amount_total", store=True, tracking=True,
        help="Sum of the claim lines, untaxed: what the credit note gives back to the distributor.")
    credit_note_id = fields.Many2one(
        "account.move", readonly=True, copy=False, index="btree_not_null",
        check_company=True, help="Customer credit note created at approval.")
    credit_note_payment_state = fields.Selection(related="credit_note_id.payment_state", string="Payment Status")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approval_date = fields.Datetime(readonly=True, copy=False)
    notes = fields.Html()

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A claim reference must be unique per company."),
    ]

    @api.depends("line_ids")
    def _compute_line_count(self):
        for claim in self:
            claim.line_count = len(claim.line_ids)

    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for claim in self:
            claim.amount_total = sum(claim.line_ids.mapped("amount"))

    @api.constrains("distributor_id", "date_from", "date_to")
    def _check_distributor_period(self):
        for claim in self:
            if claim.date_from > claim.date_to:
                raise ValidationError(self.env._(
                    "Claim %(claim)s: the period starts (From) after it ends (To).", claim=claim.name))
            if claim.distributor_id.dms_role not in ("distributor", "wholesaler"):
                raise ValidationError(self.env._(
                    "Claim %(claim)s: %(partner)s (Distributor) is not a distributor.",
                    claim=claim.name, partner=claim.distributor_id.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "New") == "New":
                vals["name"] = self.env["ir.sequence"].with_company(vals.get("company_id")).next_by_code(
                    "dms.claim") or "New"
        return super().create(vals_list)

    def write(self, vals):
        if {"distributor_id", "date_from", "date_to", "company_id", "currency_id"} & vals.keys():
            locked = self.filtered(lambda c: c.state != "draft")
            if locked:
                raise UserError(self.env._(
                    "Claims %(claims)s are no longer drafts: their distributor and period are locked.",
                    claims=", ".join(locked.mapped("name"))))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft_or_cancelled(self):
        for claim in self:
            if claim.state not in ("draft", "cancelled"):
                raise UserError(self.env._(
                    "Claim %(claim)s is %(state)s: only draft or cancelled claims can be deleted.",
                    claim=claim.name, state=claim._state_label()))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_compute(self):
        """Fill draft claims with the scheme benefit earned and not yet claimed."""
        self._check_group("dms_sales.group_dms_supervisor")
        self._check_state("draft", self.env._("computed"))
        self.check_access("write")
        Job = self.env["dms.job"]
        if Job._dms_in_background("claims", len(self)):
            return Job._dms_enqueue("claims", self.env._("Compute %(count)s claims", count=len(self)),
                                    self, "action_compute", chunk=1)._dms_action_open()
        for claim in self:
            claim.line_ids.filtered(lambda line: line.source == "scheme").unlink()
            claim._compute_scheme_lines()
        return True

    @api.model
    def _dms_create_for_sources(self, sources, vals_list):
        """Draft claims for documents that keep their claim in a read-only `claim_id` (goods
        receipts, outlet returns): one claim per source, linked back; opens it when there is one."""
        # sudo: distributor staff may not create claims themselves; callers pass only sources the
        # user may write, with lines taken from them, and the claims stay drafts a supervisor reviews.
        claims = self.sudo().create(vals_list)
        for source, claim in zip(sources, claims, strict=True):
            source.sudo().claim_id = claim  # sudo: link set by the system, field is read-only
        if len(claims) == 1:
            return {"type": "ir.actions.act_window", "res_model": "dms.claim", "res_id": claims.id,
                    "view_mode": "form", "views": [(False, "form")]}
        return True

    def action_submit(self):
        self._check_group("dms_sales.group_dms_supervisor")
        self._check_state("draft", self.env._("submitted"))
        for claim in self:
            if not claim.line_ids:
                raise UserError(self.env._(
                    "Claim %(claim)s has no lines: compute it first (Claim Lines).", claim=claim.name))
        self._check_not_over_claimed()
        with dms_system_write():
            self.write({"state": "submitted"})
        return True

    def action_draft(self):
        self._check_group("dms_sales.group_dms_supervisor")
        self._check_state("submitted", self.env._("set back to draft"))
        with dms_system_write():
            self.write({"state": "draft"})
        return True

    def action_approve(self):
        """Approve and create the posted credit note (or debit invoice, when returns outweigh)."""
        self._check_group("dms_sales.group_dms_supervisor", "account.group_account_invoice")
        self._check_state("submitted", self.env._("approved"))
        self.check_access("write")
        for claim in self:
            if claim.currency_id.is_zero(claim.amount_total):
                raise UserError(self.env._(
                    "Claim %(claim)s totals zero: there is nothing to credit (Total).", claim=claim.name))
        self._check_not_over_claimed()
        for claim in self:
            # sudo: supervisors approve claims without accounting rights. The group and the state
            # were checked above, and the move is built only from this claim's validated lines.
            move = claim.sudo()._create_credit_note()
            with dms_system_write():
                claim.write({
                    "state": "approved", "credit_note_id": move.id,
                    "approved_by_id": self.env.user.id, "approval_date": fields.Datetime.now(),
                })
            claim.message_post(body=self.env._(
                "Claim approved by %(user)s: %(move)s posted for %(amount)s.",
                user=self.env.user.name, move=move.name,
                amount=claim.currency_id.format(abs(claim.amount_total))))
        return True

    def action_settle(self):
        """Mark approved claims settled once their credit note is paid or reconciled."""
        self._check_group("dms_sales.group_dms_supervisor", "account.group_account_invoice")
        self._check_state("approved", self.env._("settled"))
        for claim in self:
            if claim._is_credit_note_reversed():
                raise UserError(self.env._(
                    "Claim %(claim)s: credit note %(move)s was reversed, so nothing was settled. "
                    "Cancel the claim instead.", claim=claim.name, move=claim._credit_note_sudo().name))
            if claim.credit_note_payment_state not in SETTLED_PAYMENT_STATES:
                raise UserError(self.env._(
                    "Claim %(claim)s: credit note %(move)s is not paid or reconciled yet (Payment Status: "
                    "%(payment_state)s). Reconcile it with the distributor's open invoices first.",
                    claim=claim.name, move=claim._credit_note_sudo().name,
                    payment_state=claim.credit_note_payment_state or "-"))
        self._settle()
        return True

    def action_cancel(self):
        self._check_group("dms_sales.group_dms_supervisor", "account.group_account_invoice")
        for claim in self:
            if claim.state == "cancelled":
                continue
            move = claim._credit_note_sudo()
            if claim.state == "settled" or (
                    claim.state == "approved" and move.state == "posted" and not claim._is_credit_note_reversed()):
                raise UserError(self.env._(
                    "Claim %(claim)s is %(state)s and credit note %(move)s is posted: reverse the credit "
                    "note in Accounting first, then cancel the claim.",
                    claim=claim.name, state=claim._state_label(), move=move.name))
        with dms_system_write():
            self.write({"state": "cancelled"})
        return True

    def action_view_credit_note(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_refund_type")
        action.update({"res_id": self.credit_note_id.id, "views": [(False, "form")], "view_mode": "form"})
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _credit_note_sudo(self):
        self.ensure_one()
        # sudo: supervisors approve claims without accounting rights; they only read the number
        # and the state of their own claim's credit note.
        return self.credit_note_id.sudo()

    def _is_credit_note_reversed(self):
        move = self._credit_note_sudo()
        return move.payment_state == "reversed" or bool(
            move.reversal_move_ids.filtered(lambda m: m.state == "posted"))

    def _check_group(self, *groups):
        if self.env.su:
            return
        if not any(self.env.user.has_group(group) for group in groups):
            raise AccessError(self.env._(
                "Only distribution supervisors or accountants can do this on claims %(claims)s.",
                claims=", ".join(self.mapped("name"))))

    def _check_state(self, state, verb):
        wrong = self.filtered(lambda c: c.state != state)
        if wrong:
            raise UserError(self.env._(
                "Claim %(claim)s is %(state)s and cannot be %(verb)s.",
                claim=wrong[0].name, state=wrong[0]._state_label(), verb=verb))

    def _candidate_order_lines(self):
        """Scheme-bearing delivered order lines of the distributor: those dated in the period, and
        those claimed before whose benefit may have changed since (returns)."""
        self.ensure_one()
        start = datetime.combine(self.date_from, time.min)
        end = datetime.combine(self.date_to + timedelta(days=1), time.min)
        # sudo: a claim covers the distributor's whole network, beyond the territories of the
        # supervisor computing it; the search is limited to this claim's distributor and company.
        return self.env["dms.secondary.order.line"].sudo().search([
            ("distributor_id", "=", self.distributor_id.id),
            ("company_id", "=", self.company_id.id),
            ("currency_id", "=", self.currency_id.id),
            ("state", "=", "delivered"),
            ("scheme_id", "!=", False),
            ("date_order", "<", end),
            "|", ("date_order", ">=", start), ("benefit_claimed", "!=", 0),
        ], order="id")

    def _lock_order_lines(self, order_lines):
        """Lock the order lines so that two claims cannot take the same benefit. The claim that
        commits first updates their `benefit_claimed`, so the other gets a serialization failure
        on this lock and is retried, then sees what was claimed."""
        if order_lines:
            self.env.cr.execute(SQL(
                "SELECT id FROM dms_secondary_order_line WHERE id IN %s ORDER BY id FOR UPDATE",
                tuple(order_lines.ids)))
            order_lines.invalidate_recordset(["benefit_claimed", "accrued_amount", "accrual_cleared"])

    def _compute_scheme_lines(self):
        self.ensure_one()
        order_lines = self._candidate_order_lines()
        self._lock_order_lines(order_lines)
        currency = self.currency_id
        vals_list = []
        for order_line in order_lines:
            due = currency.round(order_line._dms_benefit_earned() - order_line.benefit_claimed)
            if not currency.is_zero(due):
                vals_list.append({
                    "claim_id": self.id, "source": "scheme", "scheme_id": order_line.scheme_id.id,
                    "order_line_id": order_line.id, "amount": due,
                })
        self.env["dms.claim.line"].create(vals_list)
        return vals_list

    def _check_not_over_claimed(self):
        """No order line may have more claimed, over all non-cancelled claims, than it earned."""
        # sudo: the order lines are those of claims the user may process; only amounts are read.
        order_lines = self.line_ids.order_line_id.sudo()
        self._lock_order_lines(order_lines)
        for order_line in order_lines:
            earned = order_line._dms_benefit_earned()
            if float_compare(order_line.benefit_claimed, earned,
                             precision_rounding=order_line.currency_id.rounding or 0.01) > 0:
                claim = self.line_ids.filtered(lambda line, ol=order_line: line.order_line_id == ol)[:1].claim_id
                raise ValidationError(self.env._(
                    "Claim %(claim)s: order %(order)s (%(product)s) earned %(earned)s of scheme benefit but "
                    "%(claimed)s is claimed on non-cancelled claims. Set the claim back to draft and "
                    "compute it again (Claim Lines).",
                    claim=claim.name, order=order_line.order_id.name, product=order_line.product_id.display_name,
                    earned=order_line.currency_id.format(earned),
                    claimed=order_line.currency_id.format(order_line.benefit_claimed)))

    def _get_credit_note_journal(self):
        self.ensure_one()
        journal = self.env["account.journal"].search([
            *self.env["account.journal"]._check_company_domain(self.company_id),
            ("type", "=", "sale"),
        ], limit=1)
        if not journal:
            raise UserError(self.env._(
                "Claim %(claim)s: company %(company)s has no sales journal to issue the credit note.",
                claim=self.name, company=self.company_id.name))
        return journal

    def _get_credit_note_account(self, scheme, journal):
        account = scheme._dms_claim_account(journal)
        if not account:
            raise UserError(self.env._(
                "Claim %(claim)s: no account for scheme %(scheme)s. Set an account on the scheme (Account) "
                "or a default account on journal %(journal)s.",
                claim=self.name, scheme=scheme.name or self.env._("adjustments"), journal=journal.name))
        return account

    def _dms_accrual_clearing(self):
        """{claim line: the part of its amount that clears the scheme liability accrued on its order
        line}: what was accrued on the order line and not cleared by another claim yet, capped at the
        claim line's amount (same sign). The rest of a claim line (a benefit accrued under another
        setting, or none) goes to the scheme's account. Order lines are locked by the caller."""
        self.ensure_one()
        if not self.company_id.dms_scheme_accrual_account_id:
            return {}
        clearing = {}
        for line in self.line_ids.filtered(lambda cl: cl.source == "scheme" and cl.order_line_id):
            order_line = line.order_line_id
            outstanding = order_line.accrued_amount - order_line.accrual_cleared
            clear = max(min(outstanding, max(line.amount, 0.0)), min(line.amount, 0.0))
            if not self.currency_id.is_zero(clear):
                clearing[line] = self.currency_id.round(clear)
        return clearing

    def _prepare_credit_note_lines(self, journal, sign, clearing=None):
        """One invoice line per scheme (and per other kind of claim line); the part of a scheme's
        lines in ``clearing`` (see :meth:`_dms_accrual_clearing`) on the accrued liability instead."""
        self.ensure_one()
        clearing = clearing or {}
        grouped = {}
        for line in self.line_ids:
            grouped.setdefault((line.scheme_id, line.source), []).append(line)
        sources = dict(self.env["dms.claim.line"]._fields["source"]._description_selection(self.env))
        liability = self.company_id.dms_scheme_accrual_account_id
        commands = []
        for (scheme, source), lines in grouped.items():
            label = scheme.name if source == "scheme" else " - ".join(filter(None, [sources[source], scheme.name]))
            cleared = self.currency_id.round(sum(clearing.get(line, 0.0) for line in lines))
            for account, amount, name in (
                    (liability, cleared, self.env._("%(label)s (claim %(claim)s, accrued)", label=label,
                                                    claim=self.name)),
                    (self._get_credit_note_account(scheme, journal),
                     self.currency_id.round(sum(line.amount for line in lines) - cleared),
                     self.env._("%(label)s (claim %(claim)s)", label=label, claim=self.name))):
                if self.currency_id.is_zero(amount):
                    continue
                commands.append(Command.create({
                    "name": name, "quantity": 1.0, "price_unit": sign * amount, "account_id": account.id,
                    "tax_ids": [Command.clear()],
                }))
        return commands

    def _create_credit_note(self):
        self.ensure_one()
        journal = self._get_credit_note_journal()
        # returns outweighing benefits: the distributor owes us, so bill it instead of crediting it
        move_type, sign = ("out_refund", 1) if self.amount_total > 0 else ("out_invoice", -1)
        clearing = self._dms_accrual_clearing()
        vals = {
            "move_type": move_type,
            "partner_id": self.distributor_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "journal_id": journal.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": self.name,
            "ref": self.env._("Scheme claim %(claim)s, %(date_from)s to %(date_to)s", claim=self.name,
                              date_from=self.date_from, date_to=self.date_to),
            "invoice_line_ids": self._prepare_credit_note_lines(journal, sign, clearing),
        }
        move = self.env["account.move"].with_company(self.company_id).create(vals)
        move.action_post()
        with dms_system_write():  # what this claim cleared of the accrued liability, for later claims
            for line, amount in clearing.items():
                line.accrual_cleared = amount
        return move

    def _settle(self):
        with dms_system_write():
            self.write({"state": "settled"})
        for claim in self:
            claim.message_post(body=self.env._(
                "Claim settled: credit note %(move)s is reconciled.", move=claim._credit_note_sudo().name))

    @api.model
    def _cron_settle_paid(self):
        claims = self.search([("state", "=", "approved"),
                              ("credit_note_id.payment_state", "in", SETTLED_PAYMENT_STATES)])
        claims = claims.filtered(lambda claim: not claim._is_credit_note_reversed())
        claims._settle()
        return claims

