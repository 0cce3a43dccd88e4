import difflib
import math
import re
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import to_company_ids
from odoo.tools.misc import unquote

from ..engine import suggest as suggest_engine
from ..engine.geo import haversine_m
from ..guard import dms_system_write

# Likely duplicates of a proposed outlet: same phone digits, or a similar name this close by.
DUPLICATE_RADIUS_M = 150
DUPLICATE_NAME_RATIO = 0.8

# What reps, supervisors and distributor staff may write is limited by record rules (outlets of
# their territories, those outlets' contacts); within those, these fields stay a Distribution
# Manager's: they make a partner a distributor, or set the prices and coverage of the network.
DMS_MANAGER_FIELDS = ("dms_covered_territory_ids", "dms_secondary_pricelist_id", "property_product_pricelist",
                      "dms_books", "dms_outlet_credit_limit")
# What a supervisor approves with an outlet: the rep who proposes it may change it until then.
DMS_APPROVED_OUTLET_FIELDS = ("dms_territory_id", "dms_distributor_id", "dms_channel_id", "dms_outlet_class_id")
# What places a partner in the network, and so in or out of what a user may edit.
DMS_NETWORK_FIELDS = ("dms_role", "dms_territory_id", "dms_distributor_id", "parent_id")
# Writing any of these as a rep, supervisor or distributor staff runs the checks by role (editable
# fields, unlike the write guard's read-only ones).
DMS_FIELD_USER_CHECKED = frozenset(DMS_MANAGER_FIELDS + DMS_APPROVED_OUTLET_FIELDS + DMS_NETWORK_FIELDS + (
    "specific_property_product_pricelist",))


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
        string="Outlet Status", default="approved", readonly=True, tracking=True, copy=False, index=True,
        help="Outlets proposed by reps must be approved by a supervisor before orders can be confirmed.",
    )
    dms_secondary_pricelist_id = fields.Many2one(
        "product.pricelist", string="Outlet Pricelist",
        help="Prices this distributor charges outlets on secondary orders. "
             "Empty: the outlet's own pricelist is used.",
    )
    dms_books = fields.Selection(
        [("report", "Reports secondary sales only"), ("own", "Bills outlets here"), ("depot", "Company depot")],
        string="Outlet Books", default="report", required=True, tracking=True,
        help="Where the bills of this distributor's outlets live. Reports secondary sales only: nothing is "
             "billed in Odoo. Bills outlets here: the distributor is its own company in this database and "
             "bills its outlets in its books (Set Up Books). Company depot: the company itself sells to the "
             "outlets, in its own books.")
    dms_books_company_id = fields.Many2one(
        "res.company", string="Books Company", readonly=True, copy=False, index=True,
        help="The distributor's own company, where its outlet bills, payments and journals live.")
    dms_outlet_credit_limit = fields.Float(
        string="Outlet Credit Limit", digits="Account", tracking=True,
        help="Most this outlet may owe its distributor: open bills plus confirmed secondary orders not "
             "billed yet. A secondary order that goes over it is refused at confirmation. 0: no limit.")
    dms_outlet_count = fields.Integer(compute="_compute_dms_outlet_count", string="Outlets")
    dms_secondary_order_count = fields.Integer(
        compute="_compute_dms_secondary_order_count", string="Secondary Orders")
    dms_duplicate_ids = fields.Many2many(
        "res.partner", compute="_compute_dms_duplicate_ids", string="Possible Duplicates",
        help="Outlets with the same phone number, or a similar name within %d m." % DUPLICATE_RADIUS_M,
    )
    dms_phone_digits = fields.Char(
        compute="_compute_dms_phone_digits", store=True, index="btree_not_null",
        help="Last 10 digits of the phone number, whatever its format: finds duplicates.")
    dms_mobile_digits = fields.Char(
        compute="_compute_dms_phone_digits", store=True, index="btree_not_null",
        help="Last 10 digits of the mobile number, whatever its format: finds duplicates.")

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

    @api.depends("name", "phone", "mobile", "partner_latitude", "partner_longitude", "dms_role")
    def _compute_dms_duplicate_ids(self):
        outlets = self.filtered(lambda p: p.dms_role == "outlet")
        duplicates = outlets._dms_find_duplicates()
        for partner in self:
            partner.dms_duplicate_ids = duplicates.get(partner, False)

    @api.depends("phone", "mobile")
    def _compute_dms_phone_digits(self):
        for partner in self:
            partner.dms_phone_digits = _phone_key(partner.phone)
            partner.dms_mobile_digits = _phone_key(partner.mobile)

    @api.constrains("dms_role", "dms_territory_id", "dms_distributor_id")
    def _check_dms_outlet_network(self):
        for partner in self.filtered(lambda p: p.dms_role == "outlet"):
            if not partner.dms_territory_id:
                raise ValidationError(self.env._(
                    "Outlet %(outlet)s needs a Territory.", outlet=partner.display_name))
            distributor = partner.dms_distributor_id
            if distributor and distributor.dms_role not in ("distributor", "wholesaler"):
                raise ValidationError(self.env._(
                    "Outlet %(outlet)s: %(partner)s (Served by) is not a distributor.",
                    outlet=partner.display_name, partner=distributor.display_name))
            uncovered = partner._dms_uncovered_outlets()
            if uncovered:
                raise ValidationError(self.env._(
                    "Outlet %(outlet)s is in territory %(territory)s, which %(distributor)s (Served by) "
                    "does not cover. Covered territories: %(covered)s.",
                    outlet=partner.display_name, territory=partner.dms_territory_id.complete_name,
                    distributor=distributor.display_name,
                    # sudo: names of the covered territories, for the message only
                    covered=", ".join(distributor.sudo().dms_covered_territory_ids.mapped("complete_name"))
                    or self.env._("none")))

    @api.constrains("parent_id")
    def _check_dms_distributor_accountant(self):
        """A user's contact moved under a distributor makes them that distributor's user: the same
        check of their companies as on the user (res.users._check_dms_distributor_accountant)."""
        # sudo: the users of these contacts, whoever moves the contact
        self.sudo().user_ids._check_dms_distributor_accountant()

    @api.constrains("dms_covered_territory_ids", "dms_role")
    def _check_dms_covered_outlets(self):
        """Shrinking a distributor's coverage must not leave outlets it serves outside it."""
        distributors = self.filtered(lambda p: p.dms_role in ("distributor", "wholesaler"))
        if not distributors:
            return
        # sudo: coverage holds for every outlet served, also those the current user cannot see
        outlets = self.sudo().with_context(active_test=False).search([
            ("dms_role", "=", "outlet"), ("dms_distributor_id", "in", distributors.ids)])
        uncovered = outlets._dms_uncovered_outlets()
        for distributor in distributors:
            lost = uncovered.filtered(lambda o, d=distributor: o.dms_distributor_id == d)
            if lost:
                raise ValidationError(self.env._(
                    "%(distributor)s (Covered Territories) would no longer cover outlets it serves: "
                    "%(outlets)s. Move them to another distributor first.",
                    distributor=distributor.display_name,
                    outlets=", ".join(f"{o.display_name} ({o.dms_territory_id.complete_name})"
                                      for o in lost[:10]) + (" ..." if len(lost) > 10 else "")))

    def _dms_check_outlet_codes(self, entries):
        """Refuse outlet codes already used in the same company, with a readable message.

        `entries` are (code, company_id, partner name, partner id or None) about to be written.
        Runs before the write: once written, the unique index would answer first with a database
        error."""
        entries = [e for e in entries if e[0]]
        if not entries:
            return
        seen = {}
        for code, company_id, name, _pid in entries:
            if (code, company_id) in seen:
                raise ValidationError(self.env._(
                    "Outlet code %(code)s is given to both %(outlet)s and %(other)s (Outlet Code).",
                    code=code, outlet=name, other=seen[code, company_id]))
            seen[code, company_id] = name
        # sudo: uniqueness must hold across records the current user cannot see; only the
        # clashing partner's name is shown
        existing = self.sudo().with_context(active_test=False).search([
            ("dms_outlet_code", "in", [e[0] for e in entries]),
            ("id", "not in", [e[3] for e in entries if e[3]]),
        ])
        for code, company_id, name, _pid in entries:
            clash = existing.filtered(lambda p, c=code, co=company_id: p.dms_outlet_code == c
                                      and p.company_id.id == (co or False))
            if clash:
                raise ValidationError(self.env._(
                    "Outlet code %(code)s of %(outlet)s is already used by %(other)s (Outlet Code).",
                    code=code, outlet=name, other=clash[:1].display_name))

    @api.model_create_multi
    def create(self, vals_list):
        approver = self._dms_can_approve()
        territories = self.env["dms.territory"].browse(
            {vals["dms_territory_id"] for vals in vals_list if vals.get("dms_territory_id")})
        for vals in vals_list:
            if vals.get("dms_role", self.env.context.get("default_dms_role")) != "outlet":
                continue
            if not approver:
                # a rep's new outlet waits for a supervisor's approval
                vals["dms_outlet_state"] = "proposed"
            if "company_id" not in vals and vals.get("dms_territory_id"):
                # an outlet belongs to its territory's company (so do its code and its orders)
                vals["company_id"] = territories.filtered(
                    lambda t, tid=vals["dms_territory_id"]: t.id == tid).company_id.id
        self._dms_check_outlet_codes([
            (vals.get("dms_outlet_code"), vals.get("company_id"), vals.get("name"), None) for vals in vals_list])
        partners = super().create(vals_list)
        if self._dms_is_field_user():
            for partner, vals in zip(partners, vals_list, strict=True):
                # sudo: the values a new partner gets, compared with what the user just created
                partner._dms_check_field_user_change(self.sudo()._dms_new_partner_values(partner.sudo()), vals)
        return partners

    def write(self, vals):
        approver = self._dms_can_approve()
        # a partner a rep turns into an outlet waits for approval, like a new one
        becoming = self.filtered(lambda p: p.dms_role != "outlet") \
            if vals.get("dms_role") == "outlet" and not approver else self.browse()
        if "dms_outlet_code" in vals or "company_id" in vals:
            self._dms_check_outlet_codes([
                (vals.get("dms_outlet_code", p.dms_outlet_code), vals.get("company_id", p.company_id.id),
                 p.display_name, p.id) for p in self])
        checked = DMS_FIELD_USER_CHECKED & vals.keys() and self._dms_is_field_user()
        if checked:
            self.check_access("write")  # partners out of the user's reach: the access error first
            self._dms_check_field_user_vals(vals)
        # sudo: values compared before and after the user's own write, never returned
        before = {partner: partner.sudo()._dms_network_values() for partner in self} if checked else {}
        res = super().write(vals)
        if becoming:
            super(ResPartner, becoming).write({"dms_outlet_state": "proposed"})
        for partner, values in before.items():
            partner._dms_check_field_user_change(values, vals)
        return res

    def _check_company_domain(self, companies):
        """An outlet is also a partner of the books company of the distributor serving it: that
        company bills it (see DESIGN.md, Partners shared by both books)."""
        domain = super()._check_company_domain(companies)
        if not companies or isinstance(companies, unquote):
            return domain
        return ["|", *domain, ("dms_distributor_id.dms_books_company_id", "in", to_company_ids(companies))]

    def _dms_can_approve(self):
        return self.env.su or self.env.user.has_group("dms_sales.group_dms_supervisor")

    def _dms_is_field_user(self):
        """Reps, supervisors and distributor staff: they edit outlets, not the network."""
        user = self.env.user
        return not self.env.su and not user.has_group("dms_sales.group_dms_manager") and (
            user.has_group("dms_sales.group_dms_rep") or user.has_group("dms_sales.group_dms_distributor"))

    def _dms_network_values(self):
        """What _dms_check_field_user_change compares, before a write."""
        self.ensure_one()
        return {fname: self[fname] for fname in DMS_NETWORK_FIELDS + DMS_MANAGER_FIELDS}

    @api.model
    def _dms_new_partner_values(self, partner):
        """What a partner created like `partner` gets when nobody sets the checked fields: no
        role, coverage, outlet pricelist or credit limit, books reported only, and the pricelist the
        partner form proposes."""
        return {
            "dms_role": False,
            "parent_id": self.browse(),
            "dms_territory_id": partner.dms_territory_id,
            "dms_distributor_id": partner.dms_distributor_id,
            "dms_covered_territory_ids": self.env["dms.territory"],
            "dms_secondary_pricelist_id": self.env["product.pricelist"],
            "property_product_pricelist": self.new({"country_id": partner.country_id.id}).property_product_pricelist,
            "dms_books": "report",
            "dms_outlet_credit_limit": 0.0,
        }

    def _dms_check_field_user_vals(self, vals):
        """Before a rep, supervisor or distributor staff member writes `vals` on partners the
        record rules let them edit: refuse what only a Distribution Manager (or, on an approved
        outlet, a supervisor) may change, and moves out of what they may edit, naming the partner
        and the field. (Checked before the write: once written, core code reading the partner
        as the user would only say "access denied".)"""
        user = self.env.user
        approver = self._dms_can_approve()
        # sudo: the user's territories, to tell whether the outlet stays in them
        mine = self.env["dms.territory"].sudo().with_context(active_test=False).search(
            [("member_user_ids", "in", user.id)]) if user.has_group("dms_sales.group_dms_rep") else None
        # sudo: current values of partners the user may edit, compared with vals; nothing returned
        for partner in self.sudo():
            role = vals.get("dms_role", partner.dms_role)
            if role != partner.dms_role and not (not partner.dms_role and role == "outlet"):
                partner._dms_raise_role(role)
            approved = partner.dms_role == "outlet" and partner.dms_outlet_state != "proposed"
            for fname in DMS_APPROVED_OUTLET_FIELDS if approved and not approver else ():
                if fname in vals and (vals[fname] or False) != partner[fname].id:
                    raise UserError(self.env._(
                        "Outlet %(outlet)s is approved: only a supervisor can change its %(field)s.",
                        outlet=partner.display_name, field=self._fields[fname]._description_string(self.env)))
            if role != "outlet":
                continue
            # browsed from the sudo partner: compared, and named in the message only
            territory = partner.dms_territory_id.browse(vals.get("dms_territory_id", partner.dms_territory_id.id))
            distributor = partner.browse(vals.get("dms_distributor_id", partner.dms_distributor_id.id))
            if (mine is not None and "dms_territory_id" in vals and territory not in mine) \
                    or (mine is None and "dms_distributor_id" in vals and distributor != user.commercial_partner_id):
                raise UserError(self.env._(
                    "%(partner)s would leave the outlets you may edit (Territory %(territory)s, Served by "
                    "%(distributor)s): ask a supervisor.", partner=partner.display_name,
                    territory=territory.display_name or self.env._("none"),
                    distributor=distributor.display_name or self.env._("none")))
            if vals.get("parent_id") and vals["parent_id"] != partner.parent_id.id:
                partner.with_env(self.env)._dms_check_outlet_parent(self.browse(vals["parent_id"]))

    def _dms_check_field_user_change(self, before, vals):
        """After a rep, supervisor or distributor staff member wrote (or created) this partner:
        the role, coverage and prices only a Distribution Manager sets are unchanged, and the
        partner is still one the user may edit. `before` holds values read in sudo; the new ones
        are read in sudo too, the user's rights are checked with _filtered_access."""
        self.ensure_one()
        partner = self.sudo()  # sudo: reads the values just written, to compare them; nothing returned
        if partner.dms_role != before["dms_role"] and not (not before["dms_role"] and partner.dms_role == "outlet"):
            partner._dms_raise_role(partner.dms_role)
        for fname in DMS_MANAGER_FIELDS:
            if fname == "property_product_pricelist" and not (
                    {fname, "specific_property_product_pricelist"} & vals.keys()):
                continue  # the pricelist follows the country unless set: only setting it counts
            if partner[fname] != before[fname]:
                raise UserError(self.env._(
                    "Only a Distribution Manager can change the %(field)s of %(partner)s.",
                    field=self._fields[fname]._description_string(self.env), partner=partner.display_name))
        if partner.dms_role == "outlet" and partner.parent_id != before["parent_id"]:
            self._dms_check_outlet_parent(partner.parent_id.with_env(self.env))
        moved = any(partner[fname] != before[fname] for fname in DMS_NETWORK_FIELDS)
        if moved and not self._filtered_access("write"):
            # the record rules let the user edit it; its new role, territory, distributor or
            # parent take it out of what they may edit
            raise UserError(self.env._(
                "%(partner)s would leave the partners you may edit: ask a supervisor.", partner=partner.display_name))

    def _dms_raise_role(self, role):
        raise UserError(self.env._(
            "Only a Distribution Manager can change the Distribution Role of %(partner)s (to %(role)s).",
            partner=self.display_name,
            role=dict(self._fields["dms_role"]._description_selection(self.env)).get(role, self.env._("none"))))

    def _dms_check_outlet_parent(self, parent):
        """An outlet under a company the user may not edit would become that company's contact
        (its portal users would see it); the record rules only constrain the parent of plain
        contacts, not of outlets."""
        if parent and not parent._filtered_access("write"):
            raise UserError(self.env._(
                "%(partner)s cannot become a contact of %(parent)s (Related Company): you may not edit %(parent)s.",
                # sudo: names for the message only
                partner=self.sudo().display_name, parent=parent.sudo().display_name))

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
        with dms_system_write():
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

    def action_dms_setup_books(self):
        """Make this distributor its own company: a root company linked to it, with its country's
        chart of accounts (the generic one when the localisation is not installed) and, in the
        principal's country, the principal's default tax rates, granted to the distributor's
        internal staff and to the user who sets it up. Idempotent: a distributor with its company
        keeps it."""
        user = self.env.user
        if not self.env.su and not (
                user.has_group("dms_sales.group_dms_manager") and user.has_group("base.group_erp_manager")):
            raise AccessError(self.env._(
                "Only a Distribution Manager with the right to manage companies can set up a distributor's books."))
        for partner in self:
            if partner.dms_role not in ("distributor", "wholesaler"):
                raise UserError(self.env._("%s is not a distributor: only distributors keep books.",
                                           partner.display_name))
            if partner.dms_books_company_id:
                continue
            partner._dms_create_books_company()
        return True

    def _dms_create_books_company(self):
        self.ensure_one()
        principal = self.company_id or self.env.company
        # sudo: creating a company, its chart and the staff's company access is a settings job the
        # caller was checked for (action_dms_setup_books); the values come from this distributor
        # chart_template_load: no automatic install of the country's localisation module (Odoo does
        # it for a new company outside tests, committing mid-request); the chart is chosen below
        Company = self.env["res.company"].sudo().with_context(chart_template_load=True)
        company = Company.create({
            "name": self.name,
            "dms_distributor_id": self.id,
            "country_id": (self.country_id or principal.country_id).id,
            "currency_id": principal.currency_id.id,
            "vat": self.vat,
            "street": self.street, "street2": self.street2, "city": self.city, "zip": self.zip,
            "phone": self.phone, "email": self.email,
        })
        with dms_system_write():
            self.write({"dms_books": "own", "dms_books_company_id": company.id})
        # sudo (as above): loading the chart of the new company
        Chart = self.env["account.chart.template"].sudo()
        template = "bd" if company.country_id.code == "BD" and self._dms_module_installed("l10n_bd") else "generic_coa"
        # _load, not try_loading: the latter warns when called while modules load (demo data)
        Chart._load(template, company, install_demo=False)
        # sudo (as above): the principal's default tax rates, read to give the new company the same
        # rather than its chart's default (same country)
        company._dms_adopt_default_taxes(principal.sudo())
        # sudo (as above): the distributor's internal staff and the caller get the new company
        staff = self.env["res.users"].sudo().search([
            ("share", "=", False), ("partner_id.commercial_partner_id", "=", self.id)])
        (staff | self.env.user).sudo().write({"company_ids": [Command.link(company.id)]})
        return company

    def _dms_books_company(self, principal):
        """The company whose books bill this distributor's outlets for documents of `principal`
        (its own company, or the principal as a depot), else an empty recordset (reports only)."""
        self.ensure_one()
        # sudo: where the distributor keeps its books, read to bill or to check credit
        distributor = self.commercial_partner_id.sudo()
        if distributor.dms_books == "own":
            return distributor.dms_books_company_id.with_env(self.env)
        if distributor.dms_books == "depot":
            return principal
        return self.env["res.company"]

    def _dms_module_installed(self, name):
        # sudo: the module list is read to choose a chart of accounts
        return bool(self.env["ir.module.module"].sudo().search_count(
            [("name", "=", name), ("state", "=", "installed")]))

    def _dms_outlet_statement(self):
        """The outlet's statement per books it is billed in, for the PDF: posted receivable lines in
        date order with the running balance, and the ageing of what is open. Only the books of the
        user's companies; distributor staff only their distributor's books. Only of an outlet the
        user's rules show, except for accountants: every internal user reads the partners outside
        the network (customers, distributors), not their receivables."""
        self.ensure_one()
        # the entries are the commercial partner's: a contact readable by all is no way to them
        (self | self.commercial_partner_id).check_access("read")
        user = self.env.user
        if not self.env.su and self.commercial_partner_id.dms_role != "outlet" \
                and not user.has_group("account.group_account_invoice"):
            raise AccessError(self.env._(
                "%(partner)s is not an outlet: its statement of account is printed by the accountants.",
                partner=self.commercial_partner_id.display_name))
        companies = user.company_ids
        if not self.env.su and not user.has_group("dms_sales.group_dms_supervisor"):
            if not user.has_group("dms_sales.group_dms_distributor"):
                raise AccessError(self.env._("Only supervisors and distributor staff print outlet statements."))
            companies = companies.filtered(lambda c: c.dms_distributor_id == user.commercial_partner_id)
        # sudo: the outlet's own entries in the books allowed above, shown on its statement
        amls = self.env["account.move.line"].sudo().search([
            ("partner_id", "=", self.commercial_partner_id.id), ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"), ("company_id", "in", companies.ids),
        ], order="company_id, date, id")
        # sudo: the ageing of the same entries, in the same books
        dues = self.env["dms.outlet.due"].sudo().search([
            ("partner_id", "=", self.commercial_partner_id.id), ("company_id", "in", companies.ids)])
        types = dict(self.env["account.move"]._fields["move_type"]._description_selection(self.env))
        books = []
        for company in amls.company_id:
            balance, lines = 0.0, []
            for aml in amls.filtered(lambda a, c=company: a.company_id == c):
                balance += aml.balance
                lines.append({
                    "date": aml.date, "ref": aml.move_id.name, "date_maturity": aml.date_maturity,
                    # a bounced cheque's reversal is a plain entry: its reference says what it is
                    "type": self.env._("Payment") if aml.payment_id else (
                        aml.move_id.move_type == "entry" and aml.move_id.ref or types.get(aml.move_id.move_type)),
                    "debit": aml.debit, "credit": aml.credit, "balance": balance,
                })
            company_dues = dues.filtered(lambda d, c=company: d.company_id == c)
            ageing = {key: sum(company_dues.mapped(f"amount_{key}")) for key in
                      ("not_due", "1_30", "31_60", "61_90", "90_plus")}
            ageing["total"] = sum(company_dues.mapped("amount_residual"))
            books.append({"company": company, "currency": company.currency_id, "lines": lines, "ageing": ageing,
                          "date": fields.Date.context_today(self)})
        return books

    def _dms_filtered_field_scope(self, user=None):
        """The partners of self a field user (a rep, or a supervisor) works with: outlets of the
        territories they belong to (member_user_ids: their territories and everything below,
        and what they supervise), and distributors covering one of those territories or a
        territory above them. Collections and van sessions are limited to these."""
        user = user or self.env.user
        # sudo: territories, roles and coverage are read only to compare them with the user's
        # territories; the records returned are those of self
        Territory = self.env["dms.territory"].sudo().with_context(active_test=False)
        paths = set(Territory.search([("member_user_ids", "in", user.id)]).mapped("parent_path"))
        in_scope = []
        for partner in self.sudo():  # sudo: as above, compared only
            if partner.dms_role == "outlet":
                ok = (partner.dms_territory_id.parent_path or "\0") in paths
            elif partner.dms_role in ("distributor", "wholesaler"):
                covered = tuple(partner.dms_covered_territory_ids.mapped("parent_path"))
                ok = bool(covered) and any(path.startswith(covered) for path in paths)
            else:
                ok = False
            if ok:
                in_scope.append(partner.id)
        return self.browse(in_scope)

    def _dms_uncovered_outlets(self):
        """Outlets of self whose distributor does not cover their territory (or a parent of it)."""
        uncovered_ids = []
        # sudo: a rep may not see every territory a distributor covers (only their own subtree);
        # the check reads coverage and parent paths only and returns records of self.
        for outlet in self.sudo().filtered(lambda p: p.dms_role == "outlet" and p.dms_distributor_id):
            paths = tuple(outlet.dms_distributor_id.dms_covered_territory_ids.mapped("parent_path"))
            if not paths or not (outlet.dms_territory_id.parent_path or "").startswith(paths):
                uncovered_ids.append(outlet.id)
        return self.browse(uncovered_ids)

    def _dms_find_duplicates(self):
        """Likely duplicates of each outlet of self: other outlets with the same phone digits
        (whatever the format), or a similar name within DUPLICATE_RADIUS_M.

        Two searches for the whole batch, not two per outlet. Returns {outlet: duplicates}."""
        Partner = self.with_context(active_test=False)
        result = {partner: Partner.browse() for partner in self}
        if not self:
            return result
        keys = {partner: {k for k in (_phone_key(partner.phone), _phone_key(partner.mobile)) if k}
                for partner in self}
        all_keys = set().union(*keys.values())
        if all_keys:
            same_phone = Partner.search([
                ("dms_role", "=", "outlet"),
                "|", ("dms_phone_digits", "in", list(all_keys)), ("dms_mobile_digits", "in", list(all_keys)),
            ])
            for partner, partner_keys in keys.items():
                result[partner] |= same_phone.filtered(
                    lambda p, me=partner, k=partner_keys: p.id != me._origin.id
                    and k & {p.dms_phone_digits, p.dms_mobile_digits})
        located = self.filtered(lambda p: (p.partner_latitude or p.partner_longitude) and _valid_coordinates(p))
        if located:
            lats, lons = located.mapped("partner_latitude"), located.mapped("partner_longitude")
            dlat = DUPLICATE_RADIUS_M / 111_000
            dlon = dlat / max(min(math.cos(math.radians(lat)) for lat in lats), 0.01)
            nearby = Partner.search([
                ("dms_role", "=", "outlet"),
                ("partner_latitude", ">=", min(lats) - dlat), ("partner_latitude", "<=", max(lats) + dlat),
                ("partner_longitude", ">=", min(lons) - dlon), ("partner_longitude", "<=", max(lons) + dlon),
            ])
            for partner in located:
                name = _normalize(partner.name)
                result[partner] |= nearby.filtered(
                    lambda p, me=partner, n=name: p.id != me._origin.id
                    and _valid_coordinates(p)
                    and haversine_m(me.partner_latitude, me.partner_longitude,
                                    p.partner_latitude, p.partner_longitude) <= DUPLICATE_RADIUS_M
                    and difflib.SequenceMatcher(None, n, _normalize(p.name)).ratio() >= DUPLICATE_NAME_RATIO)
        return result

    def _dms_suggested_order(self, date=None, shelf_stock=None, cover_days=7.0, lookback_days=90):
        """The suggested order of this outlet for a visit on ``date``: a list of
        ``{"product_id", "qty", "reasons", "scheme_id"}`` (units of the product), from the outlet's
        confirmed and delivered secondary orders of the last year and more (rate, seasonality), the
        must-sell lists that apply, the schemes it could reach and the ``shelf_stock`` counted at the
        visit ({product id: units}). The arithmetic is ``engine.suggest``."""
        self.ensure_one()
        self.check_access("read")
        date = date or fields.Date.context_today(self)
        # sudo: the outlet's history, lists and schemes shape the suggestion whoever asks for it;
        # the caller may read this outlet (checked above) and nothing of other outlets is read
        outlet = self.sudo()
        Line = self.env["dms.secondary.order.line"].sudo()  # sudo: this outlet's lines only
        since = fields.Datetime.to_datetime(date) - timedelta(days=max(lookback_days, 400))
        groups = Line._read_group(
            [("partner_id", "=", outlet.id), ("state", "in", ("confirmed", "delivered")),
             ("is_reward", "=", False), ("date_order", ">=", since),
             ("date_order", "<", fields.Datetime.to_datetime(date))],
            ["product_id", "date_order:day"], ["product_uom_qty:sum"])
        history = tuple((product.id, day.date() if hasattr(day, "date") else day, qty)
                        for product, day, qty in groups)
        must_sell = self.env["dms.assortment"]._dms_must_sell([(self, date)]).get((self, date), {})
        # sudo: the schemes this outlet gets, as on its orders
        schemes = self.env["dms.scheme"].sudo()._dms_find_schemes(
            outlet.company_id or self.env.company, [date], "secondary")._dms_matches(
            outlet.company_id or self.env.company, date, outlet.dms_territory_id, outlet.dms_channel_id,
            outlet.dms_outlet_class_id, outlet.dms_distributor_id)
        # sudo: packaging and prices of the products suggested, read to size the suggestion
        products = self.env["product.product"].sudo().browse(
            {p for p, _d, _q in history} | {p.id for p in must_sell})
        pricelist = outlet.dms_distributor_id.dms_secondary_pricelist_id or outlet.property_product_pricelist
        data = suggest_engine.SuggestInput(
            visit_date=date, history=history, cover_days=cover_days, lookback_days=lookback_days,
            must_sell={p.id: qty for p, qty in must_sell.items()},
            shelf_stock=dict(shelf_stock or {}),
            case_sizes={p.id: p.packaging_ids.filtered("sales")[:1].qty for p in products},
            prices={p.id: pricelist._get_product_price(p, 1.0) if pricelist else p.lst_price for p in products},
            categ_ids={p.id: frozenset(int(c) for c in (p.categ_id.parent_path or "").split("/") if c)
                       for p in products},
            schemes=tuple(scheme._dms_engine_scheme() for scheme in schemes))
        return [{"product_id": line.product_id, "qty": line.qty, "reasons": list(line.reasons),
                 "scheme_id": line.scheme_id} for line in suggest_engine.suggest_order(data).values()]


def _phone_key(phone):
    """The last 10 digits of a phone number: ignores country prefixes and punctuation.
    Fewer than 6 digits is no key at all (too many false matches)."""
    digits = re.sub(r"\D", "", phone or "")[-10:]
    return digits if len(digits) >= 6 else False


def _valid_coordinates(partner):
    """Coordinates the distance can use: typed-in values out of range are left out."""
    return -90 <= partner.partner_latitude <= 90 and -180 <= partner.partner_longitude <= 180


def _normalize(name):
    return " ".join(re.sub(r"[^\w\s]", " ", (name or "").lower()).split())
