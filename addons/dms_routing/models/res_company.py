from odoo import api, fields, models
from odoo.exceptions import UserError

# system parameters that held the routing settings before they became company settings
TRIP_PARAMS = {
    "dms_trip_service_minutes": ("dms_routing.service_minutes", int),
    "dms_trip_max_hours": ("dms_routing.max_hours", float),
    "dms_trip_start_hour": ("dms_routing.start_hour", float),
    "dms_trip_road_factor": ("dms_routing.road_factor", float),
    "dms_trip_speed_kmh": ("dms_routing.speed_kmh", float),
    "dms_trip_osrm_url": ("dms_routing.osrm_url", str),
    "dms_trip_solver_seconds": ("dms_routing.solver_seconds", float),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_visit_fence_radius = fields.Integer(
        string="Visit Geofence Radius (m)", default=100,
        help="A check-in farther than this from the outlet's coordinates is flagged as out of fence "
             "(never refused).")
    dms_trip_service_minutes = fields.Integer(
        string="Service Time per Stop (min)", default=10,
        help="Time a driver spends at each stop (unloading, proof of delivery).")
    dms_trip_max_hours = fields.Float(
        string="Maximum Route Duration (h)", default=10.0,
        help="Longest trip, depot to depot. 0: no limit.")
    dms_trip_start_hour = fields.Float(
        string="Trips Start at", default=8.0,
        help="Time vehicles leave the depot (24h).")
    dms_trip_road_factor = fields.Float(
        string="Road Factor", default=1.3,
        help="Road distance / straight-line distance, used when no OSRM service is set.")
    dms_trip_speed_kmh = fields.Float(
        string="Average Speed (km/h)", default=25.0,
        help="Average driving speed, used when no OSRM service is set.")
    dms_trip_osrm_url = fields.Char(
        string="OSRM Service URL",
        help="Base URL of an OSRM server (e.g. http://osrm:5000). Its table service gives road "
             "distances and durations. Empty: straight-line distance x road factor at the average speed.")
    dms_trip_solver_seconds = fields.Float(
        string="Optimisation Time (s)", default=5.0,
        help="Time the route solver searches for better routes.")
    dms_collection_journal_id = fields.Many2one(
        "account.journal", string="Collections Journal", check_company=True,
        domain="[('type', 'in', ('cash', 'bank'))]",
        help="Journal of the payments recorded from field cash collections (a cheque records no payment "
             "until it is deposited).",
    )
    dms_deposit_journal_id = fields.Many2one(
        "account.journal", string="Cash Deposit Journal", check_company=True,
        domain="[('type', '=', 'bank')]",
        help="Bank journal receiving the collectors' end-of-day cash deposits.",
    )
    dms_cash_diff_income_account_id = fields.Many2one(
        "account.account", string="Deposit Surplus Account", check_company=True,
        help="Account credited when a collector deposits more cash than expected. Defaults to the "
             "company's cash difference income account.",
    )
    dms_cash_diff_expense_account_id = fields.Many2one(
        "account.account", string="Deposit Shortage Account", check_company=True,
        help="Account debited when a collector deposits less cash than expected. Defaults to the "
             "company's cash difference expense account.",
    )

    dms_cheque_bounce_account_id = fields.Many2one(
        "account.account", string="Bounced Cheque Charges", check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Expense account of the bank's charge on a bounced cheque (proposed in the bounce wizard).",
    )
    dms_bounce_blocks_credit = fields.Boolean(
        string="Bounced Cheque Holds Credit",
        help="A bounced cheque puts its payer's credit on hold: its secondary orders are refused until a "
             "Distribution Manager lifts the hold on the partner.",
    )

    def _dms_collection_journal(self):
        """The configured Collections journal, else a 'Collections' cash journal (created once)."""
        self.ensure_one()
        if self.dms_collection_journal_id:
            return self.dms_collection_journal_id
        # sudo: creating the company's technical Collections journal on first use; callers are
        # users allowed to confirm a collection, who need no accounting configuration rights.
        Journal = self.env["account.journal"].sudo()
        journal = Journal.search([("company_id", "=", self.id), ("code", "=", "COLL")], limit=1)
        if not journal:
            if not self.chart_template:
                raise UserError(self.env._(
                    "Company %(company)s has no chart of accounts: set one up before recording collections.",
                    company=self.name))
            journal = Journal.with_company(self).create({
                "name": self.env._("Collections"), "code": "COLL", "type": "cash", "company_id": self.id,
                "sequence": 90,
            })
        # payments go straight to the journal's cash account, so deposits move that cash on
        for line in journal.inbound_payment_method_line_ids.filtered(lambda m: not m.payment_account_id):
            line.payment_account_id = journal.default_account_id
        self.sudo().dms_collection_journal_id = journal  # sudo: same technical setting, as above
        return journal

    def _dms_deposit_journal(self):
        self.ensure_one()
        journal = self.dms_deposit_journal_id or self.env["account.journal"].search(
            [("company_id", "=", self.id), ("type", "=", "bank")], limit=1)
        if not journal:
            raise UserError(self.env._(
                "Company %(company)s has no bank journal: set a Cash Deposit Journal in the settings.",
                company=self.name))
        return journal

    @api.model
    def _dms_init_collection_journals(self):
        """Companies with a chart of accounts get their Collections journal at install."""
        for company in self.search([("chart_template", "!=", False)]):
            company._dms_collection_journal()

    @api.model
    def _dms_migrate_trip_params(self):
        """Copy the routing settings kept in system parameters (one value for all companies) to
        every company, then drop the parameters: existing databases keep their values."""
        # sudo: migration code, reads and removes the routing system parameters only
        params = self.env["ir.config_parameter"].sudo()
        vals = {}
        for field, (key, kind) in TRIP_PARAMS.items():
            value = params.get_param(key)
            if value in (False, None, "", "False"):
                continue
            try:
                vals[field] = kind(float(value)) if kind is int else kind(value)
            except ValueError:
                continue  # an unreadable old value: the field's default stays
        if vals:
            self.search([("active", "in", (True, False))]).write(vals)  # archived companies too
        params.search([("key", "in", [key for key, _kind in TRIP_PARAMS.values()])]).unlink()
        return True
