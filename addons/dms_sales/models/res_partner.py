import difflib
import math
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Likely duplicates of a proposed outlet: same phone digits, or a similar name this close by.
DUPLICATE_RADIUS_M = 150
DUPLICATE_NAME_RATIO = 0.8


class ResPartner(models.Model):
    _inherit = "res.partner"

    dms_role = fields.Selection(
        [("distributor", "Distributor"), ("wholesaler", "Wholesaler"), ("outlet", "Outlet")],
        string="Distribution Role", index=True, tracking=True,
        help="Place of this partner in the distribution network.",
    )
    dms_territory_id = fields.Many2one(
        "dms.territory", string="Territory", index=True, tracking=True,
        help="Territory the outlet belongs to. Reps and supervisors of this territory see the outlet.",
    )
    dms_covered_territory_ids = fields.Many2many(
        "dms.territory", "dms_territory_distributor_rel", "partner_id", "territory_id",
        string="Covered Territories",
        help="Territories this distributor serves (with everything below them).",
    )
    dms_distributor_id = fields.Many2one(
        "res.partner", string="Served by", index=True, tracking=True,
        domain="[('dms_role', 'in', ('distributor', 'wholesaler')), ('is_company', '=', True)]",
        help="Distributor who sells to this outlet. It must cover the outlet's territory.",
    )
    dms_outlet_code = fields.Char(
        string="Outlet Code", index=True, copy=False, tracking=True,
        help="Unique per company. Used by imports from distributors' systems and by the field app.",
    )
    dms_channel_id = fields.Many2one("dms.channel", string="Channel", index=True, tracking=True)
    dms_outlet_class_id = fields.Many2one("dms.outlet.class", string="Outlet Class", index=True, tracking=True)
    dms_opening_time = fields.Float(
        string="Opens at", help="Time the outlet opens (24h), used for visit plans and delivery windows.")
    dms_closing_time = fields.Float(
        string="Closes at", help="Time the outlet closes (24h). Leave both empty when unknown.")
    dms_closed_weekday = fields.Selection(
        [("0", "Monday"), ("1", "Tuesday"), ("2", "Wednesday"), ("3", "Thursday"),
         ("4", "Friday"), ("5", "Saturday"), ("6", "Sunday")],
        string="Weekly Closing Day")
    dms_outlet_state = fields.Selection(
        [("proposed", "Proposed"), ("approved", "Approved"), ("rejected", "Rejected")],
        string="Outlet Status", default="approved", tracking=True, copy=False, index=True,
        help="Outlets proposed by reps must be approved by a supervisor before orders can be confirmed.",
    )
    dms_secondary_pricelist_id = fields.Many2one(
        "product.pricelist", string="Outlet Pricelist",
        help="Prices this distributor charges outlets on secondary orders. "
             "Empty: the outlet's own pricelist is used.",
    )
    dms_outlet_count = fields.Integer(compute="_compute_dms_outlet_count", string="Outlets")
    dms_secondary_order_count = fields.Integer(
        compute="_compute_dms_secondary_order_count", string="Secondary Orders")
    dms_duplicate_ids = fields.Many2many(
        "res.partner", compute="_compute_dms_duplicate_ids", string="Possible Duplicates",
        help="Outlets with the same phone number, or a similar name within %d m." % DUPLICATE_RADIUS_M,
    )

    def init(self):
        res = super().init()
        # The Python check gives the readable message; this index makes it hold under concurrency.
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS res_partner_dms_outlet_code_company_uniq
                ON res_partner (dms_outlet_code, COALESCE(company_id, 0))
             WHERE dms_outlet_code IS NOT NULL
        """)
        return res

    def _compute_dms_outlet_count(self):
        counts = dict(self._read_group(
            [("dms_distributor_id", "in", self.ids), ("dms_role", "=", "outlet")],
            ["dms_distributor_id"], ["__count"],
        ))
        for partner in self:
            partner.dms_outlet_count = counts.get(partner, 0)

    def _compute_dms_secondary_order_count(self):
        Order = self.env["dms.secondary.order"]
        by_outlet = dict(Order._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        by_distributor = dict(Order._read_group([("distributor_id", "in", self.ids)], ["distributor_id"], ["__count"]))
        for partner in self:
            partner.dms_secondary_order_count = by_outlet.get(partner, 0) + by_distributor.get(partner, 0)

    @api.depends("name", "phone", "mobile", "partner_latitude", "partner_longitude")
    def _compute_dms_duplicate_ids(self):
        for partner in self:
            partner.dms_duplicate_ids = partner._dms_find_duplicates() if partner.dms_role == "outlet" else False

    @api.constrains("dms_role", "dms_territory_id", "dms_distributor_id")
    def _check_dms_outlet_network(self):
        for partner in self.filtered(lambda p: p.dms_role == "outlet"):
            if not partner.dms_territory_id:
                raise ValidationError(self.env._(
                    "Outlet %(outlet)s needs a Territory.", outlet=partner.display_name))
            distributor = partner.dms_distributor_id
            if not distributor:
                continue
            if distributor.dms_role not in ("distributor", "wholesaler"):
                raise ValidationError(self.env._(
                    "Outlet %(outlet)s: %(partner)s (Served by) is not a distributor.",
                    outlet=partner.display_name, partner=distributor.display_name))
            covered = distributor.dms_covered_territory_ids
            if not covered or not partner.dms_territory_id.parent_path.startswith(
                    tuple(covered.mapped("parent_path"))):
                raise ValidationError(self.env._(
                    "Outlet %(outlet)s is in territory %(territory)s, which %(distributor)s (Served by) "
                    "does not cover. Covered territories: %(covered)s.",
                    outlet=partner.display_name, territory=partner.dms_territory_id.complete_name,
                    distributor=distributor.display_name,
                    covered=", ".join(covered.mapped("complete_name")) or self.env._("none")))

    @api.constrains("dms_outlet_code", "company_id")
    def _check_dms_outlet_code(self):
        coded = self.filtered("dms_outlet_code")
        if not coded:
            return
        # sudo: uniqueness must hold across records the current user cannot see
        clashes = self.with_context(active_test=False).sudo()._read_group(
            [("dms_outlet_code", "in", coded.mapped("dms_outlet_code"))],
            ["dms_outlet_code", "company_id"], ["id:array_agg"],
        )
        for code, company, ids in clashes:
            if len(ids) > 1:
                partner = coded.filtered(lambda p, c=code, co=company: p.dms_outlet_code == c and p.company_id == co)
                if partner:
                    raise ValidationError(self.env._(
                        "Outlet code %(code)s of %(outlet)s is already used by another partner (Outlet Code).",
                        code=code, outlet=partner[:1].display_name))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.user.has_group("dms_sales.group_dms_supervisor") and not self.env.su:
            # a rep's new outlet waits for a supervisor's approval
            for vals in vals_list:
                if vals.get("dms_role", self.env.context.get("default_dms_role")) == "outlet":
                    vals["dms_outlet_state"] = "proposed"
        return super().create(vals_list)

    def write(self, vals):
        if "dms_outlet_state" in vals and not self.env.su \
                and not self.env.user.has_group("dms_sales.group_dms_supervisor"):
            raise UserError(self.env._("Only a distribution supervisor can approve or reject outlets."))
        return super().write(vals)

    def action_dms_approve_outlet(self):
        self._dms_set_outlet_state("approved")

    def action_dms_reject_outlet(self):
        self._dms_set_outlet_state("rejected")

    def _dms_set_outlet_state(self, state):
        if not self.env.user.has_group("dms_sales.group_dms_supervisor"):
            raise UserError(self.env._("Only a distribution supervisor can approve or reject outlets."))
        outlets = self.filtered(lambda p: p.dms_role == "outlet")
        if outlets != self:
            raise UserError(self.env._("Only outlets can be approved or rejected: %s",
                                       ", ".join((self - outlets).mapped("display_name"))))
        outlets.write({"dms_outlet_state": state})

    def action_view_dms_outlets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_sales.res_partner_action_outlet")
        action["domain"] = [("dms_role", "=", "outlet"), ("dms_distributor_id", "=", self.id)]
        action["context"] = {"default_dms_role": "outlet", "default_dms_distributor_id": self.id,
                             "default_is_company": True}
        return action

    def action_view_dms_secondary_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_sales.dms_secondary_order_action")
        field = "partner_id" if self.dms_role == "outlet" else "distributor_id"
        action["domain"] = [(field, "=", self.id)]
        action["context"] = {"default_%s" % field: self.id}
        return action

    def _dms_find_duplicates(self):
        """Other outlets with the same phone digits, or a similar name close by."""
        self.ensure_one()
        Partner = self.with_context(active_test=False)
        found = Partner.browse()
        phones = {d for d in (_digits(self.phone), _digits(self.mobile)) if len(d) >= 6}
        if phones:
            candidates = Partner.search([
                ("id", "!=", self._origin.id or 0), ("dms_role", "=", "outlet"),
                "|", ("phone", "!=", False), ("mobile", "!=", False),
            ])
            found |= candidates.filtered(
                lambda p: phones & {d for d in (_digits(p.phone), _digits(p.mobile)) if len(d) >= 6})
        if self.partner_latitude or self.partner_longitude:
            lat, lon = self.partner_latitude, self.partner_longitude
            dlat = DUPLICATE_RADIUS_M / 111_000
            dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
            nearby = Partner.search([
                ("id", "!=", self._origin.id or 0), ("dms_role", "=", "outlet"),
                ("partner_latitude", ">=", lat - dlat), ("partner_latitude", "<=", lat + dlat),
                ("partner_longitude", ">=", lon - dlon), ("partner_longitude", "<=", lon + dlon),
            ])
            name = _normalize(self.name)
            found |= nearby.filtered(
                lambda p: difflib.SequenceMatcher(None, name, _normalize(p.name)).ratio() >= DUPLICATE_NAME_RATIO)
        return found


def _digits(phone):
    """The last 10 digits of a phone number: ignores country prefixes and punctuation."""
    return re.sub(r"\D", "", phone or "")[-10:]


def _normalize(name):
    return " ".join(re.sub(r"[^\w\s]", " ", (name or "").lower()).split())
