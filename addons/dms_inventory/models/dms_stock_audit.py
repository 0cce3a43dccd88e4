from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.dms_sales.guard import dms_system_write


class DmsStockAudit(models.Model):
    _name = "dms.stock.audit"
    _description = "Distributor Stock Audit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="New")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    distributor_id = fields.Many2one(
        "res.partner", required=True, index=True, check_company=True, tracking=True,
        domain="[('dms_role', '=', 'distributor'), ('is_company', '=', True)]",
        default=lambda self: self._default_distributor_id(),
        help="Distributor whose stock is counted; only stock it owns is adjusted.")
    location_ids = fields.Many2many(
        "stock.location", string="Locations", check_company=True,
        compute="_compute_location_ids", store=True, readonly=False, precompute=True,
        domain="[('dms_distributor_id', '=', distributor_id), ('dms_bucket', '!=', False)]",
        help="Stock buckets counted. Saleable by default.")
    state = fields.Selection(
        [("draft", "Draft"), ("in_progress", "In Progress"), ("done", "Done"), ("cancel", "Cancelled")],
        default="draft", required=True, readonly=True, copy=False, index=True, tracking=True)
    user_id = fields.Many2one(
        "res.users", string="Counted by", default=lambda self: self.env.user, tracking=True,
        help="Who runs the count.")
    date_start = fields.Datetime(
        string="Snapshot Date", readonly=True, copy=False,
        help="When the expected quantities were taken from the stock.")
    date_done = fields.Datetime(string="Applied on", readonly=True, copy=False)
    line_ids = fields.One2many("dms.stock.audit.line", "audit_id", string="Count Lines", copy=False)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    line_count = fields.Integer(compute="_compute_totals", string="Lines")
    counted_count = fields.Integer(compute="_compute_totals", string="Counted Lines")
    variance_value = fields.Monetary(
        compute="_compute_totals",
        help="Value at cost of the counted minus expected quantities.")
    move_ids = fields.Many2many(
        "stock.move", string="Adjustments", readonly=True, copy=False, groups="stock.group_stock_user",
        help="Inventory moves that applied the count.")

    def _default_distributor_id(self):
        partner = self.env.user.commercial_partner_id
        return partner if partner.dms_role == "distributor" else False

    @api.depends("distributor_id")
    def _compute_location_ids(self):
        for audit in self:
            if audit.state == "draft":
                audit.location_ids = audit.distributor_id._dms_bucket_location("saleable") \
                    if audit.distributor_id else False

    @api.depends("line_ids.variance_value", "line_ids.is_counted")
    def _compute_totals(self):
        for audit in self:
            audit.line_count = len(audit.line_ids)
            audit.counted_count = len(audit.line_ids.filtered("is_counted"))
            audit.variance_value = sum(audit.line_ids.filtered("is_counted").mapped("variance_value"))

    @api.constrains("distributor_id", "location_ids")
    def _check_locations(self):
        for audit in self:
            wrong = audit.location_ids.filtered(lambda loc, a=audit: loc.dms_distributor_id != a.distributor_id)
            if wrong:
                raise UserError(self.env._(
                    "Audit %(name)s: location %(location)s does not belong to distributor %(distributor)s.",
                    name=audit.name, location=wrong[0].display_name, distributor=audit.distributor_id.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "New") == "New":
                vals["name"] = self.env["ir.sequence"].with_company(vals.get("company_id")).next_by_code(
                    "dms.stock.audit") or "New"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(audit.state == "done" for audit in self):
            raise UserError(self.env._("Applied stock audits cannot be deleted."))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_start(self):
        """Snapshot the expected quantities: one line per product / lot / location of the
        distributor's own stock in the counted locations."""
        for audit in self:
            if audit.state != "draft":
                raise UserError(self.env._("Audit %(name)s has already started.", name=audit.name))
            if not audit.location_ids:
                raise UserError(self.env._("Audit %(name)s: choose the locations to count.", name=audit.name))
        vals = []
        for audit in self:
            expected = audit._dms_current_quantities()
            cost = {p.id: p.standard_price for p in self.env["product.product"].browse(
                sorted({key[0] for key in expected}))}
            vals += [{
                "audit_id": audit.id, "product_id": product, "lot_id": lot, "location_id": location,
                "expected_qty": qty, "unit_cost": cost[product],
            } for (product, lot, location), qty in sorted(expected.items(), key=lambda kv: tuple(
                v or 0 for v in kv[0]))]
        with dms_system_write():  # the snapshot of the stock, taken above
            self.env["dms.stock.audit.line"].create(vals)
            self.write({"state": "in_progress", "date_start": fields.Datetime.now()})
        return True

    def action_refresh_expected(self):
        """Take the snapshot again (stock moved during the count), keeping what was counted."""
        for audit in self:
            if audit.state != "in_progress":
                raise UserError(self.env._("Audit %(name)s is not in progress.", name=audit.name))
            current = audit._dms_current_quantities()
            by_key = {(ln.product_id.id, ln.lot_id.id or False, ln.location_id.id): ln for ln in audit.line_ids}
            cost = {p.id: p.standard_price for p in self.env["product.product"].browse(
                sorted({key[0] for key in current}))}
            with dms_system_write():  # the snapshot of the stock, taken again above
                for key, line in by_key.items():
                    line.expected_qty = current.get(key, 0.0)
                self.env["dms.stock.audit.line"].create([{
                    "audit_id": audit.id, "product_id": product, "lot_id": lot, "location_id": location,
                    "expected_qty": qty, "unit_cost": cost[product],
                } for (product, lot, location), qty in current.items() if (product, lot, location) not in by_key])
                audit.date_start = fields.Datetime.now()
            audit.message_post(body=self.env._("Expected quantities taken again from the current stock."))
        return True

    def action_apply(self):
        """Adjust the distributor's own quants to the counted quantities (uncounted lines are
        left alone), with inventory moves owned by the distributor: the principal's valuation
        is not touched. Refused when the stock moved since the snapshot."""
        if not self.env.user.has_group("dms_sales.group_dms_supervisor"):
            raise AccessError(self.env._("Only distribution supervisors and managers apply stock audits."))
        for audit in self:
            if audit.state != "in_progress":
                raise UserError(self.env._(
                    "Audit %(name)s cannot be applied: it is %(state)s.", name=audit.name,
                    state=dict(audit._fields["state"]._description_selection(self.env))[audit.state]))
            if not audit.line_ids.filtered("is_counted"):
                raise UserError(self.env._("Audit %(name)s: nothing has been counted yet.", name=audit.name))
            audit._dms_check_not_moved()
        for audit in self:
            audit._dms_apply_counts()
        with dms_system_write():
            self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_cancel(self):
        for audit in self:
            if audit.state == "done":
                raise UserError(self.env._("Audit %(name)s is applied: it cannot be cancelled.", name=audit.name))
        with dms_system_write():
            self.write({"state": "cancel"})
        return True

    def action_draft(self):
        for audit in self:
            if audit.state != "cancel":
                raise UserError(self.env._("Only cancelled audits go back to draft: %(name)s.", name=audit.name))
        self.line_ids.unlink()
        with dms_system_write():
            self.write({"state": "draft", "date_start": False})
        return True

    def action_view_variance(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_inventory.dms_stock_audit_line_action_variance")
        action["domain"] = [("audit_id", "=", self.id)]
        return action

    def action_open_count(self):
        """The phone-friendly count screen: the lines as big kanban cards."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Count %(name)s", name=self.name),
            "res_model": "dms.stock.audit.line",
            "view_mode": "kanban,list,form",
            "views": [(self.env.ref("dms_inventory.dms_stock_audit_line_view_kanban").id, "kanban"),
                      (self.env.ref("dms_inventory.dms_stock_audit_line_view_list").id, "list"),
                      (self.env.ref("dms_inventory.dms_stock_audit_line_view_form").id, "form")],
            "domain": [("audit_id", "=", self.id)],
            "context": {"default_audit_id": self.id, "default_location_id": self.location_ids[:1].id},
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _dms_current_quantities(self):
        """{(product id, lot id or False, location id): quantity} of the quants the distributor
        owns in the counted locations, in one query."""
        self.ensure_one()
        # sudo: distributor staff count their own stock; the domain is restricted to the audit's
        # distributor (owner) and its locations, which the audit's record rules already guard.
        groups = self.env["stock.quant"].sudo()._read_group(
            [("location_id", "in", self.location_ids.ids), ("owner_id", "=", self.distributor_id.id)],
            ["product_id", "lot_id", "location_id"], ["quantity:sum"])
        return {(product.id, lot.id or False, location.id): qty for product, lot, location, qty in groups
                if not float_is_zero(qty, precision_rounding=product.uom_id.rounding)}

    def _dms_check_not_moved(self):
        self.ensure_one()
        current = self._dms_current_quantities()
        moved = []
        for line in self.line_ids:
            key = (line.product_id.id, line.lot_id.id or False, line.location_id.id)
            now = current.pop(key, 0.0)
            if float_compare(now, line.expected_qty, precision_rounding=line.product_id.uom_id.rounding):
                moved.append(line)
        names = [ln.product_id.display_name for ln in moved]
        names += [p.display_name for p in self.env["product.product"].browse(sorted({k[0] for k in current}))]
        if names:
            raise UserError(self.env._(
                "Audit %(name)s: stock moved since the snapshot of %(date)s for %(products)s. "
                "Use 'Refresh Expected' to take the snapshot again (counts are kept), check those "
                "products, then apply.",
                name=self.name, date=self.date_start, products=", ".join(sorted(set(names)))))

    def _dms_apply_counts(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda ln: ln.is_counted and not float_is_zero(
            ln.variance_qty, precision_rounding=ln.product_id.uom_id.rounding))
        if not lines:
            return
        # sudo: applying is reserved to supervisors (checked above) and moves only stock owned by
        # the audit's distributor in the audit's locations; stock rights are not needed for it.
        Quant = self.env["stock.quant"].sudo().with_context(
            inventory_name=self.env._("Stock audit %(name)s", name=self.name))
        move_vals = []
        for line in lines:
            # the same inventory moves as applying a counted quant: to or from the inventory
            # adjustment location, restricted to and stamped with the distributor as owner
            quant = Quant.new({
                "product_id": line.product_id.id, "location_id": line.location_id.id,
                "lot_id": line.lot_id.id, "owner_id": self.distributor_id.id, "company_id": self.company_id.id,
            })
            adjustment = line.product_id.with_company(self.company_id).property_stock_inventory
            if line.variance_qty > 0:
                move_vals.append(quant._get_inventory_move_values(line.variance_qty, adjustment, line.location_id))
            else:
                move_vals.append(quant._get_inventory_move_values(-line.variance_qty, line.location_id, adjustment))
        moves = self.env["stock.move"].sudo().with_context(inventory_mode=False).create(move_vals)  # sudo: as above
        moves._action_done()
        self.sudo().move_ids = [Command.set(moves.ids)]  # sudo: the field is for stock users only
