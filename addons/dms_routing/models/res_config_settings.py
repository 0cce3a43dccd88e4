from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

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
