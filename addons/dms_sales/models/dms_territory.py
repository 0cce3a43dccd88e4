from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsTerritory(models.Model):
    _name = "dms.territory"
    _description = "Sales Territory"
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code, unique per company, used in imports and reports.")
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True, store=True)
    parent_id = fields.Many2one(
        "dms.territory", string="Parent Territory", index=True, ondelete="restrict", check_company=True,
        help="Moving a territory under another parent moves its whole subtree.",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("dms.territory", "parent_id", string="Sub-territories")
    level_id = fields.Many2one("dms.territory.level", help="Region, area, territory...")
    manager_id = fields.Many2one(
        "res.users", domain="[('share', '=', False)]",
        help="Supervisor of this territory and everything below it.",
    )
    user_ids = fields.Many2many(
        "res.users", "dms_territory_user_rel", "territory_id", "user_id", string="Sales Reps",
        domain="[('share', '=', False)]", help="Reps assigned to this territory (and so to its sub-territories).",
    )
    member_user_ids = fields.Many2many(
        "res.users", "dms_territory_member_rel", "territory_id", "user_id",
        compute="_compute_member_user_ids", recursive=True, store=True, string="Members",
        help="Reps and managers of this territory and of every ancestor: the users who see its data.",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)
    child_count = fields.Integer(compute="_compute_child_count", string="Sub-territory Count")
    distributor_ids = fields.Many2many(
        "res.partner", "dms_territory_distributor_rel", "territory_id", "partner_id",
        string="Distributors", readonly=True,
        help="Distributors covering this territory directly (set on the distributor).",
    )
    outlet_count = fields.Integer(compute="_compute_outlet_count", string="Outlets")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The territory code must be unique per company."),
    ]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for territory in self:
            if territory.parent_id:
                territory.complete_name = f"{territory.parent_id.complete_name} / {territory.name}"
            else:
                territory.complete_name = territory.name

    @api.depends("user_ids", "manager_id", "parent_id.member_user_ids")
    def _compute_member_user_ids(self):
        for territory in self:
            territory.member_user_ids = territory.user_ids | territory.manager_id | territory.parent_id.member_user_ids

    def _compute_child_count(self):
        counts = dict(self.env["dms.territory"]._read_group(
            [("parent_id", "in", self.ids)], ["parent_id"], ["__count"],
        ))
        for territory in self:
            territory.child_count = counts.get(territory, 0)

    def _compute_outlet_count(self):
        counts = dict(self.env["res.partner"]._read_group(
            [("dms_role", "=", "outlet"), ("dms_territory_id", "child_of", self.ids)],
            ["dms_territory_id"], ["__count"],
        )) if self.ids else {}
        for territory in self:
            territory.outlet_count = sum(
                count for child, count in counts.items()
                if territory.parent_path and (child.parent_path or "").startswith(territory.parent_path))

    def write(self, vals):
        if vals.get("parent_id"):
            self._check_new_parent(self.browse(vals["parent_id"]))
        res = super().write(vals)
        if "parent_id" in vals:
            self._check_outlets_still_covered()
        return res

    def _check_outlets_still_covered(self):
        """Moving a territory must not take outlets out of their distributor's coverage."""
        # sudo: coverage holds for every outlet of the subtree, also those the user cannot see
        outlets = self.env["res.partner"].sudo().with_context(active_test=False).search([
            ("dms_role", "=", "outlet"), ("dms_territory_id", "child_of", self.ids),
            ("dms_distributor_id", "!=", False)])
        uncovered = outlets._dms_uncovered_outlets()
        if uncovered:
            raise ValidationError(self.env._(
                "Moving %(territories)s (Parent Territory) takes outlets out of the territories their "
                "distributor covers: %(outlets)s.",
                territories=", ".join(self.mapped("complete_name")),
                outlets=", ".join(f"{o.display_name} ({o.dms_distributor_id.display_name})"
                                  for o in uncovered[:10]) + (" ..." if len(uncovered) > 10 else "")))

    def action_view_outlets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_sales.res_partner_action_outlet")
        action["domain"] = [("dms_role", "=", "outlet"), ("dms_territory_id", "child_of", self.id)]
        action["context"] = {"default_dms_role": "outlet", "default_dms_territory_id": self.id,
                             "default_is_company": True}
        return action

    def _check_new_parent(self, parent):
        """Refuse a parent inside the territory's own subtree, naming both (Odoo would only say
        'Recursion Detected')."""
        for territory in self:
            if parent.parent_path and territory.parent_path and parent.parent_path.startswith(territory.parent_path):
                raise ValidationError(self.env._(
                    "Territory %(territory)s cannot move under %(parent)s (Parent Territory): "
                    "%(parent)s is part of its own subtree.",
                    territory=territory.complete_name, parent=parent.complete_name,
                ))
