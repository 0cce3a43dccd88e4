from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.dms_sales.guard import dms_system_write

from ..engine import van as van_engine


class DmsVanSession(models.Model):
    _name = "dms.van.session"
    _description = "Van Sales Session"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="New")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True,
                       help="Day the van goes out.")
    vehicle_id = fields.Many2one(
        "fleet.vehicle", string="Van", required=True, index=True, tracking=True, check_company=True,
        domain="[('dms_van_location_id', '!=', False)]",
        help="Van of a distributor (a vehicle with a van stock location).")
    distributor_id = fields.Many2one(
        "res.partner", compute="_compute_from_vehicle", store=True, index=True,
        help="Distributor who owns the goods on the van.")
    location_id = fields.Many2one(
        "stock.location", string="Van Location", compute="_compute_from_vehicle", store=True,
        help="The van's stock location: source location of the orders sold from it.")
    territory_id = fields.Many2one(
        "dms.territory", compute="_compute_from_vehicle", store=True, index=True,
        help="First territory the distributor covers: its supervisors see the session.")
    user_id = fields.Many2one(
        "res.users", string="Sales Rep", required=True, index=True, tracking=True,
        default=lambda self: self.env.user, domain="[('share', '=', False)]",
        help="Rep selling from the van during the session.")
    state = fields.Selection(
        [("draft", "Draft"), ("loaded", "Loaded"), ("unloaded", "Unloaded"), ("closed", "Closed"),
         ("cancel", "Cancelled")], default="draft", required=True, readonly=True, copy=False, index=True,
        tracking=True)
    load_line_ids = fields.One2many(
        "dms.van.session.line", "session_id", string="Load Lines", domain=[("line_type", "=", "load")],
        context={"default_line_type": "load"}, copy=True)
    unload_line_ids = fields.One2many(
        "dms.van.session.line", "session_id", string="Unload Lines", domain=[("line_type", "=", "unload")],
        context={"default_line_type": "unload"})
    variance_line_ids = fields.One2many(
        "dms.van.session.variance", "session_id", string="Variance Report", readonly=True)
    picking_ids = fields.One2many("stock.picking", "dms_van_session_id", string="Transfers", readonly=True)
    order_ids = fields.One2many("dms.secondary.order", "dms_van_session_id", string="Orders", readonly=True)
    order_count = fields.Integer(compute="_compute_order_count", string="Van Sales Count")
    load_date = fields.Datetime(readonly=True, copy=False, help="When the load transfer was done.")
    unload_date = fields.Datetime(readonly=True, copy=False, help="When the unload transfer was done.")
    has_variance = fields.Boolean(
        compute="_compute_has_variance", store=True,
        help="Some product's loaded quantity is not explained by sales, returns and unloading.")
    variance_confirmed_by = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True,
        help="Manager who accepted the unexplained variance; closing then writes it off.")
    variance_note = fields.Text(help="Explanation of the variance, kept with the manager's confirmation.")
    money_close_id = fields.Many2one(
        "dms.cash.deposit", readonly=True, copy=False, check_company=True,
        index="btree_not_null",
        help="The rep's day close for the session's day: what was collected (cash, cheques, mobile money) "
             "against what was handed over. Closing the session requires it closed.")
    money_state = fields.Selection(related="money_close_id.state", string="Money Close Status", tracking=False)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_sales = fields.Monetary(
        string="Van Sales", compute="_compute_amount_sales",
        help="Total of the session's van sales (orders not cancelled).")
    amount_collected = fields.Monetary(
        related="money_close_id.amount_total_expected", string="Collected",
        help="Everything the rep collected that day, all methods (from the money close).")
    amount_uncollected = fields.Monetary(
        string="Sold on Credit", compute="_compute_amount_sales",
        help="Van sales minus what was collected: what the outlets still owe for the day (negative: old "
             "dues collected too).")
    amount_handed_over = fields.Monetary(
        related="money_close_id.amount_total_counted", string="Handed Over")
    amount_money_difference = fields.Monetary(
        related="money_close_id.amount_total_difference", string="Money Difference")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A van session reference is unique per company."),
    ]

    @api.depends("vehicle_id.dms_van_location_id", "vehicle_id.dms_distributor_id")
    def _compute_from_vehicle(self):
        for session in self:
            distributor = session.vehicle_id.dms_distributor_id.commercial_partner_id
            session.distributor_id = distributor
            session.location_id = session.vehicle_id.dms_van_location_id
            session.territory_id = distributor.dms_covered_territory_ids[:1]

    def _compute_order_count(self):
        counts = dict(self.env["dms.secondary.order"]._read_group(
            [("dms_van_session_id", "in", self.ids)], ["dms_van_session_id"], ["__count"]))
        for session in self:
            session.order_count = counts.get(session, 0)

    @api.depends("order_ids.amount_total", "order_ids.state", "money_close_id.amount_total_expected")
    def _compute_amount_sales(self):
        groups = dict(self.env["dms.secondary.order"]._read_group(
            [("dms_van_session_id", "in", self.ids), ("state", "!=", "cancel")],
            ["dms_van_session_id"], ["amount_total:sum"]))
        for session in self:
            session.amount_sales = groups.get(session, 0.0)
            session.amount_uncollected = session.amount_sales - session.money_close_id.amount_total_expected

    @api.depends("variance_line_ids.qty_variance")
    def _compute_has_variance(self):
        for session in self:
            session.has_variance = any(
                not float_is_zero(line.qty_variance, precision_rounding=line.product_id.uom_id.rounding)
                for line in session.variance_line_ids)

    @api.constrains("vehicle_id", "state")
    def _check_one_open_session(self):
        open_states = ("draft", "loaded", "unloaded")
        for session in self.filtered(lambda s: s.state in ("loaded", "unloaded")):
            other = self.search([("vehicle_id", "=", session.vehicle_id.id), ("state", "in", open_states[1:]),
                                 ("id", "!=", session.id)], limit=1)
            if other:
                raise ValidationError(self.env._(
                    "Van %(van)s is already out on session %(other)s: unload and close it before loading "
                    "session %(session)s.", van=session.vehicle_id.display_name, other=other.name,
                    session=session.name))

    @api.constrains("vehicle_id")
    def _check_van_scope(self):
        self._dms_check_van_scope()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "New") == "New":
                vals["name"] = self.env["ir.sequence"].with_company(vals.get("company_id")).next_by_code(
                    "dms.van.session") or "New"
        return super().create(vals_list)

    def write(self, vals):
        if "vehicle_id" in vals:
            moved = self.filtered(lambda s: s.state != "draft" and s.vehicle_id.id != vals["vehicle_id"])
            if moved:
                raise UserError(self.env._(
                    "Van session %(session)s has moved stock: its Van can no longer change.",
                    session=moved[0].name))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_moved(self):
        for session in self:
            if session.state not in ("draft", "cancel"):
                raise UserError(self.env._(
                    "Van session %(session)s has moved stock: it cannot be deleted.", session=session.name))

    # ------------------------------------------------------------------ actions

    def action_load(self):
        """Move the load lines from the distributor's saleable stock onto the van, for real."""
        for session in self:
            if session.state != "draft":
                raise UserError(self.env._("Van session %(session)s is already loaded.", session=session.name))
            lines = session.load_line_ids.filtered(lambda ln: ln.quantity > 0)
            if not lines:
                raise UserError(self.env._("Van session %(session)s: add what to load first.", session=session.name))
            # with the user's rights first: the transfer below runs in sudo
            session._dms_check_van_scope()
            saleable = session.distributor_id._dms_bucket_location("saleable")
            quantities = defaultdict(float)
            for line in lines:
                quantities[line.product_id] += line.quantity
            session.sudo()._dms_transfer(  # sudo: reps lack inventory rights; see _dms_transfer
                saleable, session.location_id, quantities, "load")
            with dms_system_write():
                session.write({"state": "loaded", "load_date": fields.Datetime.now()})
        return True

    def action_new_order(self):
        """A secondary order prefilled to be sold from the van."""
        self.ensure_one()
        if self.state != "loaded":
            raise UserError(self.env._(
                "Van session %(session)s is not on the road: load it before selling from it.", session=self.name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Van Sale"),
            "res_model": "dms.secondary.order",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_distributor_id": self.distributor_id.id,
                "default_location_id": self.location_id.id,
                "default_user_id": self.user_id.id,
                "default_dms_van_session_id": self.id,
            },
        }

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_sales.dms_secondary_order_action")
        action["domain"] = [("dms_van_session_id", "=", self.id)]
        action["context"] = {"default_dms_van_session_id": self.id, "default_location_id": self.location_id.id,
                             "default_distributor_id": self.distributor_id.id}
        return action

    def action_prefill_unload(self):
        """Unload lines from what the van holds now: one saleable line per product."""
        for session in self:
            if session.state != "loaded":
                raise UserError(self.env._(
                    "Van session %(session)s: only a loaded van can be unloaded.", session=session.name))
            stock = session._dms_van_stock()
            session.unload_line_ids.unlink()
            self.env["dms.van.session.line"].create([{
                "session_id": session.id, "line_type": "unload", "product_id": product.id,
                "quantity": qty, "bucket": "saleable",
            } for product, qty in stock.items() if qty > 0])
        return True

    def action_unload(self):
        """Move the counted goods back: saleable lines to saleable stock, damaged lines to the
        damaged bucket. What the count leaves on the van is the session's variance."""
        for session in self:
            if session.state != "loaded":
                raise UserError(self.env._(
                    "Van session %(session)s: only a loaded van can be unloaded.", session=session.name))
            stock = session._dms_van_stock()
            per_bucket = {"saleable": defaultdict(float), "damaged": defaultdict(float)}
            for line in session.unload_line_ids.filtered(lambda ln: ln.quantity > 0):
                per_bucket[line.bucket][line.product_id] += line.quantity
            for product in set(per_bucket["saleable"]) | set(per_bucket["damaged"]):
                counted = per_bucket["saleable"][product] + per_bucket["damaged"][product]
                if float_compare(counted, stock.get(product, 0.0), precision_rounding=product.uom_id.rounding) > 0:
                    raise UserError(self.env._(
                        "Van session %(session)s: %(qty)s %(product)s counted but the van holds only "
                        "%(stock)s. Record the missing sale or return first.", session=session.name,
                        qty=counted, product=product.display_name, stock=stock.get(product, 0.0)))
            for bucket, quantities in per_bucket.items():
                if quantities:
                    dest = session.distributor_id._dms_bucket_location(bucket)
                    session.sudo()._dms_transfer(  # sudo: reps lack inventory rights; see _dms_transfer
                        session.location_id, dest, quantities, "unload")
            with dms_system_write():
                session.write({"state": "unloaded", "unload_date": fields.Datetime.now()})
            session._dms_compute_variance()
        return True

    def action_compute_variance(self):
        self.filtered(lambda s: s.state in ("loaded", "unloaded"))._dms_compute_variance()
        return True

    def action_confirm_variance(self):
        """A Distribution manager accepts the unexplained variance (logged)."""
        if not self.env.user.has_group("dms_sales.group_dms_manager"):
            raise UserError(self.env._("Only a Distribution Manager can accept a van sales variance."))
        for session in self:
            if session.state != "unloaded":
                raise UserError(self.env._(
                    "Van session %(session)s: variances are accepted once the van is unloaded.",
                    session=session.name))
            if not session.variance_note:
                raise UserError(self.env._(
                    "Van session %(session)s: explain the variance in its note before accepting it.",
                    session=session.name))
            with dms_system_write():
                session.variance_confirmed_by = self.env.user
        return True

    def action_money_close(self):
        """Open the rep's day close for the session's day, created (with the day's collections) if
        there is none: the money half of closing the van's day."""
        self.ensure_one()
        if self.state not in ("loaded", "unloaded", "closed"):
            raise UserError(self.env._(
                "Van session %(session)s has not gone out: there is no money to close.", session=self.name))
        close = self.money_close_id
        if not close:
            Close = self.env["dms.cash.deposit"]
            # sudo: whether the rep's day already has a close, whoever opened it (it is linked, not shown)
            close = Close.sudo().search([("user_id", "=", self.user_id.id), ("date", "=", self.date),
                                         ("company_id", "=", self.company_id.id)], limit=1).with_env(self.env)
            if not close:
                close = Close.create({"user_id": self.user_id.id, "date": self.date,
                                      "company_id": self.company_id.id})
            with dms_system_write():
                self.money_close_id = close
        close._dms_fetch_collections()
        return {
            "type": "ir.actions.act_window", "res_model": "dms.cash.deposit", "res_id": close.id,
            "view_mode": "form", "name": self.env._("Money Close"),
        }

    def action_close(self):
        """Close the day. An unexplained variance needs a manager's confirmation; then what the
        system still holds on the van is written off to inventory loss, so the van starts empty.
        The money must be closed first (the rep's day close for the day: Money Close)."""
        for session in self:
            if session.state != "unloaded":
                raise UserError(self.env._(
                    "Van session %(session)s must be unloaded before it is closed.", session=session.name))
            if session.money_close_id.state != "posted":
                raise UserError(self.env._(
                    "Van session %(session)s: close its money first (Money Close: what %(rep)s collected on "
                    "%(date)s against what was handed over).", session=session.name, rep=session.user_id.name,
                    date=session.date))
            session._dms_compute_variance()
            if session.has_variance and not session.variance_confirmed_by:
                raise UserError(self.env._(
                    "Van session %(session)s has an unexplained variance (%(products)s): a Distribution "
                    "Manager must accept it before closing.", session=session.name,
                    products=", ".join(session.variance_line_ids.filtered("qty_variance").product_id.mapped(
                        "display_name"))))
            leftover = {product: qty for product, qty in session._dms_van_stock().items() if qty > 0}
            if leftover:
                loss = self.env["stock.location"].search([
                    ("usage", "=", "inventory"), ("scrap_location", "=", False),
                    ("company_id", "in", (session.company_id.id, False))], limit=1)
                session.sudo()._dms_transfer(  # sudo: reps lack inventory rights; see _dms_transfer
                    session.location_id, loss, leftover, "writeoff")
            with dms_system_write():
                session.state = "closed"
        return True

    def action_cancel(self):
        for session in self:
            if session.state != "draft":
                raise UserError(self.env._(
                    "Van session %(session)s has moved stock: unload and close it instead.", session=session.name))
        with dms_system_write():
            self.state = "cancel"
        return True

    # ------------------------------------------------------------------ business

    def _dms_check_van_scope(self):
        """Reps and supervisors sell from the vans of distributors serving their territories, and
        so load only those distributors' stock. Distribution managers open any session;
        distributor staff are kept to their own vans by their record rules."""
        user = self.env.user
        if self.env.su or not user.has_group("dms_sales.group_dms_rep") or user.has_group(
                "dms_sales.group_dms_manager"):
            return
        # sudo: the van's distributor and its coverage are read only to compare them with the user
        for session in self.sudo():
            distributor = session.distributor_id
            if not distributor._dms_filtered_field_scope(user):
                raise ValidationError(self.env._(
                    "Van session %(session)s: van %(van)s belongs to %(distributor)s, which serves none of "
                    "your territories (Van).", session=session.name, van=session.vehicle_id.display_name,
                    distributor=distributor.display_name or self.env._("no distributor")))

    def _dms_van_stock(self):
        """{product: quantity on the van} from the quants (the distributor's goods only)."""
        self.ensure_one()
        groups = self.env["stock.quant"]._read_group(
            [("location_id", "=", self.location_id.id), ("owner_id", "=", self.distributor_id.id)],
            ["product_id"], ["quantity:sum"])
        return dict(groups)

    def _dms_transfer(self, source, dest, quantities, role):
        """One real internal transfer of the distributor's goods, fully reserved or refused, so that
        neither side ever goes negative; lots follow the reserved quants."""
        self.ensure_one()
        if not source or not dest:
            raise UserError(self.env._(
                "Van session %(session)s: the distributor %(distributor)s has no stock location for this "
                "transfer.", session=self.name, distributor=self.distributor_id.display_name))
        picking_type = self.env["stock.picking.type"].with_context(active_test=False).search([
            ("code", "=", "internal"), ("company_id", "=", self.company_id.id)], limit=1)
        # called in sudo: reps run their van day without inventory rights; the transfer is built
        # only from this session's own lines and van/bucket locations, and checked fully reserved.
        picking = self.env["stock.picking"].create({
            "picking_type_id": picking_type.id,
            "location_id": source.id,
            "location_dest_id": dest.id,
            "owner_id": self.distributor_id.id,
            "origin": self.name,
            "company_id": self.company_id.id,
            "dms_van_session_id": self.id,
            "dms_van_role": role,
            "move_ids": [(0, 0, {
                "name": product.display_name,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": qty,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "restrict_partner_id": self.distributor_id.id,
                "company_id": self.company_id.id,
            }) for product, qty in quantities.items()],
        })
        picking.action_confirm()
        picking.action_assign()
        for move in picking.move_ids:
            if float_compare(move.quantity, move.product_uom_qty, precision_rounding=move.product_uom.rounding) < 0:
                raise UserError(self.env._(
                    "Van session %(session)s: only %(available)s %(product)s available in %(location)s, "
                    "%(needed)s needed.", session=self.name, available=move.quantity,
                    product=move.product_id.display_name, location=source.display_name, needed=move.product_uom_qty))
        picking.move_ids.picked = True
        result = picking.with_context(skip_backorder=True, cancel_backorder=True).button_validate()
        if result is not True or picking.state != "done":
            raise UserError(self.env._(
                "Van session %(session)s: transfer %(picking)s could not be validated.",
                session=self.name, picking=picking.name))
        return picking

    def _dms_compute_variance(self):
        """Per product: loaded, sold, returned, unloaded and variance, from the done stock moves."""
        Move = self.env["stock.move"].sudo()  # sudo: read-only totals of this session's own van moves
        # sudo: report lines are computed here, never entered by users; only this session's lines
        Variance = self.env["dms.van.session.variance"].sudo()
        for session in self:
            van = session.location_id
            end = session.unload_date or fields.Datetime.now()
            window = [("state", "=", "done"), ("date", ">=", session.load_date), ("date", "<=", end)]
            totals = defaultdict(lambda: defaultdict(float))
            specs = {
                "loaded": [("picking_id.dms_van_session_id", "=", session.id),
                           ("picking_id.dms_van_role", "=", "load")],
                "unloaded": [("picking_id.dms_van_session_id", "=", session.id),
                             ("picking_id.dms_van_role", "=", "unload")],
                "sold": window + [("location_id", "=", van.id), ("location_dest_id.usage", "=", "customer")],
                "returned": window + [("location_id.usage", "=", "customer"), ("location_dest_id", "=", van.id)],
            }
            for key, domain in specs.items():
                for product, qty in Move._read_group(
                        domain + [("state", "=", "done")], ["product_id"], ["product_qty:sum"]):
                    totals[product][key] += qty
            Variance.search([("session_id", "=", session.id)]).unlink()
            result, _off = van_engine.balances({product.id: kinds for product, kinds in totals.items()})
            Variance.create([{
                "session_id": session.id,
                "product_id": product_id,
                "qty_loaded": balance.loaded,
                "qty_sold": balance.sold,
                "qty_returned": balance.returned,
                "qty_unloaded": balance.unloaded,
                "qty_variance": balance.variance,
            } for product_id, balance in sorted(result.items())])
