from odoo import api, fields, models

OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dms_visit_fence_radius = fields.Integer(
        related="company_id.dms_visit_fence_radius", readonly=False,
        help="A check-in farther than this from the outlet's coordinates is flagged as out of fence "
             "(never refused).")
    dms_map_tile_url = fields.Char(
        string="Map Tiles URL", config_parameter="leaflet.tile_url",
        help="Tile server of the beat and visit maps, e.g. " + OSM_TILE_URL + " (the default). "
             "Check the usage policy of the server you choose.")

    @api.model
    def _dms_default_tile_url(self):
        """At install: OpenStreetMap tiles unless a tile server is already set."""
        # sudo: system parameter written once at install, with a constant value
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param("leaflet.tile_url") in (False, "", "False"):
            params.set_param("leaflet.tile_url", OSM_TILE_URL)
        return True
    dms_collection_journal_id = fields.Many2one(
        related="company_id.dms_collection_journal_id", readonly=False,
        help="Journal of the payments recorded from field cash collections (a cheque records no payment "
             "until it is deposited).")
    dms_deposit_journal_id = fields.Many2one(
        related="company_id.dms_deposit_journal_id", readonly=False,
        help="Bank journal receiving the collectors' end-of-day cash deposits.")
    dms_cash_diff_income_account_id = fields.Many2one(
        related="company_id.dms_cash_diff_income_account_id", readonly=False,
        help="Account credited when a collector deposits more cash than expected.")
    dms_cash_diff_expense_account_id = fields.Many2one(
        related="company_id.dms_cash_diff_expense_account_id", readonly=False,
        help="Account debited when a collector deposits less cash than expected.")
    dms_cheque_bounce_account_id = fields.Many2one(
        related="company_id.dms_cheque_bounce_account_id", readonly=False,
        help="Expense account of the bank's charge on a bounced cheque.")
    dms_bounce_blocks_credit = fields.Boolean(
        related="company_id.dms_bounce_blocks_credit", readonly=False,
        help="A bounced cheque puts its payer's credit on hold.")
    dms_trip_service_minutes = fields.Integer(related="company_id.dms_trip_service_minutes", readonly=False)
    dms_trip_max_hours = fields.Float(related="company_id.dms_trip_max_hours", readonly=False)
    dms_trip_start_hour = fields.Float(related="company_id.dms_trip_start_hour", readonly=False)
    dms_trip_road_factor = fields.Float(related="company_id.dms_trip_road_factor", readonly=False)
    dms_trip_speed_kmh = fields.Float(related="company_id.dms_trip_speed_kmh", readonly=False)
    dms_trip_osrm_url = fields.Char(related="company_id.dms_trip_osrm_url", readonly=False)
    dms_trip_solver_seconds = fields.Float(related="company_id.dms_trip_solver_seconds", readonly=False)
