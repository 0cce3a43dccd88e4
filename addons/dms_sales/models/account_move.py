from odoo import api, fields, models

# The principal's document to a distributor -> the distributor's own document of it.
DMS_VENDOR_MOVE_TYPES = {"out_invoice": "in_invoice", "out_refund": "in_refund"}


class AccountMove(models.Model):
    _inherit = "account.move"

    dms_secondary_order_id = fields.Many2one(
        "dms.secondary.order", string="Secondary Order", readonly=True, copy=False, index="btree_not_null",
        help="The secondary order this bill or credit note is for: an outlet's bill in its distributor's books.")
    dms_distributor_id = fields.Many2one(
        related="dms_secondary_order_id.distributor_id", string="Distributor")
    dms_accrual_order_id = fields.Many2one(
        "dms.secondary.order", string="Accrued for Order", readonly=True, copy=False, index="btree_not_null",
        help="The delivered secondary order whose scheme benefit this entry accrues (or reverses, on returns).")
    dms_primary_invoice_id = fields.Many2one(
        "account.move", string="Principal's Invoice", readonly=True, copy=False, index="btree_not_null",
        help="In a distributor's own books: the principal's posted invoice (or credit note) to the distributor "
             "that this draft vendor bill (or refund) was made from.")
    dms_is_mushak = fields.Boolean(
        compute="_compute_dms_is_mushak",
        help="A Bangladeshi seller: the bill is printed as a Mushak 6.3 tax challan.")

    _sql_constraints = [
        # the database's own guarantee that two posts at once make one vendor bill
        ("dms_primary_invoice_uniq", "UNIQUE(dms_primary_invoice_id)",
         "The principal's invoice already has its vendor bill in the distributor's books."),
    ]

    @api.depends("company_id.country_id")
    def _compute_dms_is_mushak(self):
        for move in self:
            move.dms_is_mushak = move.company_id.country_id.code == "BD"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._dms_create_distributor_vendor_bills()
        return posted

    def button_draft(self):
        res = super().button_draft()
        self._dms_drop_distributor_draft_vendor_bills()
        return res

    def _dms_drop_distributor_draft_vendor_bills(self):
        """A principal's invoice reset to draft is corrected before it is posted again (its lines,
        or the distributor it is to): the draft vendor bill made of it goes, and the repost makes
        the bill of what is posted then. A bill the distributor's accountant posted stays: it is in
        their books, theirs to reverse; the repost makes no second one."""
        if not self.filtered(lambda m: m.move_type in DMS_VENDOR_MOVE_TYPES):
            return
        # sudo: the principal's accountant resetting the invoice cannot read the distributor's
        # books; only the drafts made of these very invoices are deleted
        self.env["account.move"].sudo().with_context(active_test=False).search([
            ("dms_primary_invoice_id", "in", self.ids), ("state", "=", "draft")]).unlink()

    def _dms_create_distributor_vendor_bills(self):
        """A primary sale becomes the distributor's vendor bill: each posted invoice (credit note) of
        the principal to a distributor that bills its outlets here gets one draft vendor bill (refund)
        in the distributor's company, with the same lines, for the distributor's accountant to check
        and post. Once per invoice: a reset and repost finds the bill it made, and the unique index
        on dms_primary_invoice_id stops two posts at once (the second fails and is retried)."""
        invoices = self.filtered(lambda m: m.move_type in DMS_VENDOR_MOVE_TYPES)
        # sudo: which distributor the invoice's partner is and where its books are, whoever posts
        candidates = [(move, move.commercial_partner_id.sudo()) for move in invoices]
        todo = [(move, partner.dms_books_company_id) for move, partner in candidates
                if partner.dms_role == "distributor" and partner.dms_books == "own"
                and partner.dms_books_company_id and partner.dms_books_company_id != move.company_id]
        if not todo:
            return self.env["account.move"]
        # sudo: the vendor bills live in the distributors' books, which the principal's accountant
        # posting the invoice cannot read; they are built only from the posted invoices' own lines
        Move = self.env["account.move"].sudo()
        done = set(Move.with_context(active_test=False).search(
            [("dms_primary_invoice_id", "in", [move.id for move, __ in todo])]).dms_primary_invoice_id.ids)
        vals_list, tax_map, journals = [], {}, {}
        for move, company in todo:
            if move.id in done:
                continue
            if company not in journals:
                journals[company] = Move.env["account.journal"].search(
                    [("type", "=", "purchase"), ("company_id", "=", company.id)], limit=1)
            journal = journals[company]
            if not journal:
                continue  # a company without a chart: nothing to bill in; the principal's post goes on
            vals_list.append({
                "move_type": DMS_VENDOR_MOVE_TYPES[move.move_type],
                "company_id": company.id,
                "journal_id": journal.id,
                "partner_id": move.company_id.partner_id.id,
                "currency_id": move.currency_id.id,
                "invoice_date": move.invoice_date,
                "ref": move.name,
                "invoice_origin": move.invoice_origin or move.name,
                "dms_primary_invoice_id": move.id,
                "invoice_line_ids": [
                    fields.Command.create(move._dms_vendor_bill_line_values(line, company, tax_map))
                    for line in move.invoice_line_ids.filtered(lambda ln: ln.display_type == "product")],
            })
        if not vals_list:
            return self.env["account.move"]
        bills = self.env["account.move"]
        for vals in vals_list:
            # each in its company, so that the defaults (accounts, fiscal position) are the distributor's
            bills |= Move.with_company(vals["company_id"]).create(vals)
        return bills

    def _dms_vendor_bill_line_values(self, line, company, tax_map):
        """The distributor's copy of one invoice line: same product, quantity, unit price and discount;
        the purchase taxes of its company with the same rates (none found: left empty, the draft is
        the distributor's accountant's to complete)."""
        taxes = self.env["account.tax"]
        for tax in line.tax_ids:
            key = (company.id, tax.amount_type, tax.amount, tax.price_include)
            if key not in tax_map:
                # sudo: purchase taxes of the distributor's company, matched by rate
                tax_map[key] = self.env["account.tax"].sudo().search([
                    ("company_id", "=", company.id), ("type_tax_use", "=", "purchase"),
                    ("amount_type", "=", tax.amount_type), ("amount", "=", tax.amount),
                ]).filtered(lambda t, pi=tax.price_include: t.price_include == pi)[:1]
            taxes |= tax_map[key]
        return {
            "product_id": line.product_id.id,
            "name": line.name,
            "quantity": line.quantity,
            "product_uom_id": line.product_uom_id.id,
            "price_unit": line.price_unit,
            "discount": line.discount,
            "tax_ids": [fields.Command.set(taxes.ids)],
        }
