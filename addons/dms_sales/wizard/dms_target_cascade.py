from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare

from ..engine.targets import split_quantity, split_total
from ..guard import dms_system_write

LEVEL_FIELDS = {"rep": "user_id", "outlet": "outlet_id"}


class DmsTargetCascade(models.TransientModel):
    _name = "dms.target.cascade"
    _description = "Cascade a Territory Target"

    target_id = fields.Many2one(
        "dms.target", string="Territory Target", required=True, ondelete="cascade",
        domain="[('target_type', '=', 'territory')]",
        help="The territory target whose value and quantity are split.")
    level = fields.Selection(
        [("rep", "Sales Reps"), ("outlet", "Outlets")], string="Split To", required=True, default="rep",
        help="Sales Reps: the reps of the territory and of the territories below it. "
             "Outlets: the active outlets of the territory and below.")
    rule = fields.Selection(
        [("equal", "Equal Split"), ("history", "Last Period's Sales Share")], required=True, default="history",
        help="Equal Split: the same share each. Last Period's Sales Share: in proportion to each one's "
             "confirmed and delivered secondary sales (of the target's product or category) in the "
             "month before the target's; an equal split when nobody sold.")
    history_month = fields.Date(
        compute="_compute_history_month", string="Sales Share Month",
        help="The month whose sales give each one's share.")

    @api.depends("target_id.month")
    def _compute_history_month(self):
        for wizard in self:
            wizard.history_month = wizard.target_id.month and wizard.target_id.month - relativedelta(months=1)

    def action_apply(self):
        """Create or update one target per rep (or outlet) of the territory, linked to the territory
        target, so that their figures add up to the parent's. Re-running updates the same targets.

        Reps and outlets are two levels, each a whole split of the target: cascading to one leaves
        the other's targets alone, and the parent shows what was cascaded per level."""
        self.ensure_one()
        parent = self.target_id
        # one cascade of a target at a time: a second one waits, then finds and updates the first's
        # children instead of creating them again
        self.env.cr.execute(SQL("SELECT id FROM dms_target WHERE id = %s FOR NO KEY UPDATE", parent.id))
        if parent.target_type != "territory":
            raise UserError(self.env._("Target %(target)s: only a territory target can be cascaded.",
                                       target=parent.name))
        subjects = self._subjects()
        if not subjects:
            raise UserError(self.env._(
                "Target %(target)s: territory %(territory)s has no %(level)s to split it to.",
                target=parent.name, territory=parent.territory_id.display_name,
                level=dict(self._fields["level"]._description_selection(self.env))[self.level]))
        weights = self._weights(subjects) if self.rule == "history" else dict.fromkeys(subjects.ids, 0.0)
        values = split_total(parent.target_value, weights, parent.currency_id.decimal_places)
        qtys = self._split_qty(parent, weights)
        children = self._apply_shares(parent, values, qtys)
        if float_compare(sum(children.mapped("target_value")), parent.target_value,
                         precision_digits=parent.currency_id.decimal_places) \
                or float_compare(sum(children.mapped("target_qty")), parent.target_qty,
                                 precision_rounding=self._qty_step(parent)):
            raise UserError(self.env._(
                "Target %(target)s: the cascaded targets do not add up to it.", target=parent.name))
        return {
            "type": "ir.actions.act_window", "res_model": "dms.target", "name": self.env._("Cascaded Targets"),
            "view_mode": "list,form", "domain": [("parent_id", "=", parent.id)], "context": {},
        }

    @api.model
    def _qty_step(self, parent):
        """The unit quantities are cascaded in. Counted goods (UoMs of the Unit category: Units,
        Dozens) in whole ones, since a rep is not given 133.33 soaps (Odoo rounds Units to 0.01);
        measured goods (kg, litres) to their UoM's rounding; a category target counts the lines'
        units, so whole ones. Never finer than quantities are stored (Product Unit of Measure
        decimals), or storing the shares would round them again and break their sum."""
        uom = parent.product_id.uom_id
        counted = self.env.ref("uom.product_uom_categ_unit", raise_if_not_found=False)
        step = max(uom.rounding, 1.0) if not uom or uom.category_id == counted else uom.rounding
        stored = 10 ** -self.env["decimal.precision"].precision_get("Product Unit of Measure")
        return max(step, stored)

    def _split_qty(self, parent, weights):
        step = self._qty_step(parent)
        try:
            return split_quantity(parent.target_qty, weights, step)
        except ValueError:
            raise UserError(self.env._(
                "Target %(target)s: its Target Quantity %(qty)s is not a whole number of %(uom)s "
                "(rounding %(step)s); the cascaded quantities are, so set it to one.",
                target=parent.name, qty=parent.target_qty, step=step,
                uom=parent.product_id.uom_id.name or self.env._("units"))) from None

    def _subjects(self):
        territories = self.env["dms.territory"].search([("id", "child_of", self.target_id.territory_id.ids)])
        if self.level == "rep":
            return territories.user_ids.filtered(lambda u: u.active and not u.share).sorted("id")
        return self.env["res.partner"].search([
            ("dms_role", "=", "outlet"), ("dms_territory_id", "in", territories.ids),
            ("dms_outlet_state", "=", "approved"),
            ("company_id", "in", (False, self.target_id.company_id.id)),
        ], order="id")

    def _weights(self, subjects):
        """{subject id: untaxed secondary sales of the month before} in one grouped read."""
        parent = self.target_id
        start = datetime.combine(self.history_month, time.min)
        domain = [
            ("state", "in", ("confirmed", "delivered")), ("company_id", "=", parent.company_id.id),
            ("date_order", ">=", start), ("date_order", "<", start + relativedelta(months=1)),
            ("order_id.territory_id", "child_of", parent.territory_id.id),
        ]
        if parent.product_id:
            domain.append(("product_id", "=", parent.product_id.id))
        elif parent.categ_id:
            domain.append(("product_id.categ_id", "child_of", parent.categ_id.id))
        if self.level == "rep":
            domain.append(("order_id.user_id", "in", subjects.ids))
        else:
            domain.append(("partner_id", "in", subjects.ids))
        weights = dict.fromkeys(subjects.ids, 0.0)
        for order, value in self.env["dms.secondary.order.line"]._read_group(
                domain, ["order_id"], ["price_subtotal:sum"]):
            key = order.user_id.id if self.level == "rep" else order.partner_id.id
            if key in weights:
                weights[key] += max(value, 0.0)
        return weights

    def _apply_shares(self, parent, values, qtys):
        field = LEVEL_FIELDS[self.level]
        Target = self.env["dms.target"]
        # a subject whose share is nothing gets no target (a target needs a value or a quantity)
        values = {key: value for key, value in values.items() if value or qtys[key]}
        # the targets of these subjects with the parent's month, company and product or category,
        # cascaded before or set by hand: each is updated rather than duplicated
        existing = Target.search([
            ("target_type", "=", self.level), (field, "in", list(values)), ("month", "=", parent.month),
            ("company_id", "=", parent.company_id.id), ("categ_id", "=", parent.categ_id.id),
            ("product_id", "=", parent.product_id.id),
        ])
        taken = existing.filtered(lambda target: target.parent_id and target.parent_id != parent)
        if taken:
            # a subject has one target per month and product: it cannot be a share of two territory
            # targets, and moving it would leave the other one's split short
            raise UserError(self.env._(
                "Target %(target)s: %(child)s is already cascaded from %(other)s; cascade one of them only.",
                target=parent.name, child=taken[0].name, other=taken[0].parent_id.name))
        by_subject = {target[field].id: target for target in existing}
        stale = Target.search([("parent_id", "=", parent.id), ("target_type", "=", self.level),
                               (field, "not in", list(values))])
        shared = {"parent_id": parent.id, "cascade_rule": self.rule}
        to_create = []
        with dms_system_write():
            stale.unlink()
            for subject_id, value in values.items():
                figures = {"target_value": value, "target_qty": qtys[subject_id], **shared}
                if subject_id in by_subject:
                    by_subject[subject_id].write(figures)
                else:
                    to_create.append({
                        "target_type": self.level, field: subject_id, "month": parent.month,
                        "company_id": parent.company_id.id, "categ_id": parent.categ_id.id,
                        "product_id": parent.product_id.id, **figures})
            created = Target.create(to_create)
        parent.invalidate_recordset(["child_ids"])
        return existing | created
