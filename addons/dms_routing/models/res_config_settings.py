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
    dms_trip_service_minutes = fields.Integer(
        string="Service Time per Stop (min)", default=10, config_parameter="dms_routing.service_minutes",
        help="Time a driver spends at each stop (unloading, proof of delivery).")
    dms_trip_max_hours = fields.Float(
        string="Maximum Route Duration (h)", default=10.0, config_parameter="dms_routing.max_hours",
        help="Longest trip, depot to depot. 0: no limit.")
    dms_trip_start_hour = fields.Float(
        string="Trips Start at", default=8.0, config_parameter="dms_routing.start_hour",
        help="Time vehicles leave the depot (24h).")
    dms_trip_road_factor = fields.Float(
        string="Road Factor", default=1.3, config_parameter="dms_routing.road_factor",
        help="Road distance / straight-line distance, used when no OSRM service is set.")
    dms_trip_speed_kmh = fields.Float(
        string="Average Speed (km/h)", default=25.0, config_parameter="dms_routing.speed_kmh",
        help="Average driving speed, used when no OSRM service is set.")
    dms_trip_osrm_url = fields.Char(
        string="OSRM Service URL", config_parameter="dms_routing.osrm_url",
        help="Base URL of an OSRM server (e.g. http://osrm:5000). Its table service gives road "
             "distances and durations. Empty: straight-line distance x road factor at the average speed.")
    dms_trip_solver_seconds = fields.Float(
        string="Optimisation Time (s)", default=5.0, config_parameter="dms_routing.solver_seconds",
        help="Time the route solver searches for better routes.")
