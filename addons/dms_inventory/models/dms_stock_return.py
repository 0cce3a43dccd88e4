from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.dms_sales.guard import dms_system_write


class DmsStockReturn(models.Model):
    _name = "dms.stock.return"
    _description = "Outlet Return"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="New", index="trigram")
    state = fields.Selection([("draft", "Draft"), ("done", "Validated")], default="draft", required=True,
                             readonly=True, copy=False, index=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    distributor_id = fields.Many2one(
        "res.partner", required=True, index=True, check_company=True, tracking=True,
        domain="[('dms_role', '=', 'distributor'), ('is_company', '=', True)]",
        help="Distributor taking the goods back into its stock.")
    partner_id = fields.Many2one(
        "res.partner", string="Outlet", required=True, index=True, check_company=True, tracking=True,
        domain="[('dms_role', '=', 'outlet'), ('dms_distributor_id', '=?', distributor_id)]")
    territory_id = fields.Many2one(related="partner_id.dms_territory_id", store=True, index=True)
    secondary_order_id = fields.Many2one(
        "dms.secondary.order", index="btree_not_null", check_company=True,
        domain="[('partner_id', '=', partner_id), ('state', '=', 'delivered')]",
        help="Order the goods were delivered on: its lines count the returned quantities, and scheme "
             "benefits on them are reversed on the next claim.")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="Collected By", default=lambda self: self.env.user)
    note = fields.Text()
    line_ids = fields.One2many("dms.stock.return.line", "return_id", string="Lines", copy=True)
    picking_ids = fields.One2many("stock.picking", "dms_stock_return_id", string="Transfers", readonly=True)
    claim_id = fields.Many2one("dms.claim", readonly=True, copy=False, check_company=True,
                               index="btree_not_null")
    credit_note_ids = fields.One2many(
        "account.move", "dms_stock_return_id", string="Credit Notes", readonly=True,
        help="The outlet's credit note for these goods, in its distributor's books.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_claimable = fields.Monetary(compute="_compute_amount_claimable", string="Claimable Value",
                                       help="Value of the lines whose reason is claimable.")

    @api.depends("line_ids.amount", "line_ids.reason_id.claimable")
    def _compute_amount_claimable(self):
        for ret in self:
            ret.amount_claimable = sum(ret.line_ids.filtered("reason_id.claimable").mapped("amount"))

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id.dms_distributor_id:
            self.distributor_id = self.partner_id.dms_distributor_id

    @api.constrains("partner_id", "distributor_id", "secondary_order_id")
    def _check_partners(self):
        for ret in self:
            if ret.partner_id.dms_distributor_id != ret.distributor_id:
                raise ValidationError(self.env._(
                    "Return %(ret)s: outlet %(outlet)s is not served by %(distributor)s (Distributor).",
                    ret=ret.name, outlet=ret.partner_id.display_name, distributor=ret.distributor_id.display_name))
            if ret.secondary_order_id and ret.secondary_order_id.partner_id != ret.partner_id:
                raise ValidationError(self.env._(
                    "Return %(ret)s: order %(order)s is not an order of %(outlet)s (Secondary Order).",
                    ret=ret.name, order=ret.secondary_order_id.name, outlet=ret.partner_id.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "New") == "New":
                vals["name"] = self.env["ir.sequence"].with_company(vals.get("company_id")).next_by_code(
                    "dms.stock.return") or "New"
        return super().create(vals_list)

    def write(self, vals):
        if {"partner_id", "distributor_id", "secondary_order_id", "company_id", "line_ids"} & vals.keys():
            self._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        for ret in self:
            if ret.state == "done":
                raise UserError(self.env._("Return %s is validated and cannot be deleted.", ret.name))

    def action_validate(self):
        """Bring the goods back: one incoming transfer per target bucket, owned by the distributor,
        and count the returned quantities on the order lines."""
        self.check_access("write")
        for ret in self:
            if ret.state != "draft":
                raise UserError(self.env._("Return %s is already validated.", ret.name))
            if not ret.line_ids:
                raise UserError(self.env._("Return %s has no lines to validate.", ret.name))
            ret.line_ids._check_line()
        self.line_ids._dms_price_from_order()
        for ret in self:
            ret._dms_move_goods()
            ret.line_ids._dms_update_qty_returned()
        with dms_system_write():
            self.write({"state": "done"})
        return True

    def _check_draft(self):
        done = self.filtered(lambda ret: ret.state != "draft")
        if done:
            raise UserError(self.env._(
                "Return %s is validated: its outlet, order and lines stay as validated.",
                ", ".join(done.mapped("name"))))

    def _dms_move_goods(self):
        self.ensure_one()
        distributor = self.distributor_id.commercial_partner_id
        source = self.partner_id.with_company(self.company_id).property_stock_customer
        picking_type = self.company_id._dms_picking_type("incoming")
        by_bucket = {}
        for line in self.line_ids.filtered(lambda line: line.product_id.is_storable):
            by_bucket.setdefault(line.reason_id.bucket, []).append(line)
        for bucket, lines in by_bucket.items():
            dest = distributor._dms_bucket_location(bucket)
            if not dest:
                raise UserError(self.env._(
                    "Return %(ret)s: distributor %(distributor)s has no %(bucket)s stock location.",
                    ret=self.name, distributor=distributor.display_name, bucket=bucket))
            self.env["stock.picking"]._dms_create_done(
                picking_type, source, dest, distributor,
                [{"product": line.product_id, "lot": line.lot_id, "qty": line.qty, "uom": line.product_uom_id}
                 for line in lines],
                origin=self.name, partner_id=self.partner_id.id, dms_stock_return_id=self.id)

    def action_create_credit_note(self):
        """Credit the outlet for the goods it returned, at the net price it paid (the order line's
        locked price and scheme discount) and the order's tax rates, in its distributor's books.
        Once per return: the return is locked and its credit notes read again first."""
        user = self.env.user
        if not (self.env.su or user.has_group("dms_sales.group_dms_supervisor")
                or (user.has_group("dms_sales.group_dms_distributor") and not user.share)):
            raise AccessError(self.env._("Only supervisors, managers and distributor staff credit outlet returns."))
        self.check_access("read")
        for ret in self:
            if ret.state != "done":
                raise UserError(self.env._("Return %s is not validated: nothing to credit yet.", ret.name))
            if not ret.distributor_id._dms_books_company(ret.company_id):
                raise UserError(self.env._(
                    "Return %(ret)s: distributor %(distributor)s only reports its secondary sales; it credits "
                    "its outlets outside Odoo (Outlet Books).",
                    ret=ret.name, distributor=ret.distributor_id.display_name))
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT id FROM dms_stock_return WHERE id IN %s ORDER BY id FOR UPDATE",
                                tuple(sorted(self.ids))))
        # touched: a concurrent transaction fails to lock it and is retried on a snapshot with the note
        self.env.cr.execute(SQL("UPDATE dms_stock_return SET write_date = write_date WHERE id IN %s", tuple(self.ids)))
        self.env.invalidate_all()
        notes = self.env["account.move"]
        for ret in self:
            # sudo: the return's own credit notes, in books the user may not read
            if ret.sudo().credit_note_ids.filtered(lambda m: m.state != "cancel"):
                continue
            notes |= ret._dms_create_credit_note()
        return notes

    def _dms_create_credit_note(self):
        self.ensure_one()
        company = self.distributor_id._dms_books_company(self.company_id)
        order = self.secondary_order_id
        tax_map = {}
        lines = []
        for line in self.line_ids:
            # sudo: the taxes of the line's own order line (checked at validation), to credit the same rate
            taxes = line.order_line_id.sudo().tax_ids or line.product_id.taxes_id.filtered(
                lambda t: t.company_id in self.company_id.parent_ids)
            lines.append(Command.create({
                "product_id": line.product_id.id,
                "name": "%s (%s)" % (line.product_id.display_name, line.reason_id.name),
                "quantity": line.qty,
                "product_uom_id": line.product_uom_id.id,
                "price_unit": line.price_unit,
                "tax_ids": [Command.set(order._dms_map_taxes(taxes, company, tax_map).ids)],
            }))
        # sudo: the credit note goes into the distributor's books (see action_create_invoice)
        Move = self.env["account.move"].sudo().with_company(company)
        journal = Move.env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        with dms_system_write():
            note = Move.create({
                "move_type": "out_refund",
                "company_id": company.id,
                "journal_id": journal.id,
                "partner_id": self.partner_id.id,
                "currency_id": (order.currency_id or self.currency_id).id,
                "invoice_date": fields.Date.context_today(self),
                "invoice_origin": self.name,
                "ref": order.name or False,
                "dms_stock_return_id": self.id,
                "dms_secondary_order_id": order.id,
                "invoice_line_ids": lines,
            })
        note.action_post()
        return note.with_env(self.env)

    def action_create_claim(self):
        """A draft claim for the damaged and expired goods of these returns."""
        self.check_access("write")
        vals_list = []
        for ret in self:
            lines = ret.line_ids.filtered("reason_id.claimable")
            if ret.state != "done" or not lines:
                raise UserError(self.env._("Return %s has no validated claimable lines.", ret.name))
            if ret.claim_id:
                raise UserError(self.env._(
                    "Return %(ret)s is already claimed on %(claim)s (Claim).", ret=ret.name, claim=ret.claim_id.name))
            for line in lines:
                line._check_order_line()  # returns validated before the check existed
            today = fields.Date.context_today(ret)
            vals_list.append({
                "company_id": ret.company_id.id, "distributor_id": ret.distributor_id.id,
                "currency_id": ret.currency_id.id, "date_from": today, "date_to": today,
                "line_ids": [Command.create({
                    "source": line.reason_id.claim_source, "amount": line.amount, "dms_stock_return_id": ret.id,
                    "name": self.env._("%(ret)s: %(qty)s %(uom)s %(product)s (%(reason)s)", ret=ret.name,
                                       qty=line.qty, uom=line.product_uom_id.name,
                                       product=line.product_id.display_name, reason=line.reason_id.name),
                }) for line in lines],
            })
        return self.env["dms.claim"]._dms_create_for_sources(self, vals_list)
