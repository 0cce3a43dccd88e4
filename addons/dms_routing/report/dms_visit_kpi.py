from odoo import fields, models, tools
from odoo.tools import SQL


class DmsVisitKpi(models.Model):
    """Field-force KPIs per rep and day, a SQL view over the visits.

    Planned: planned visits not cancelled. Visited: visits done (planned or not). Beat adherence:
    planned visits done / planned. Strike rate: visits with an order / visits done. Lines per call:
    order lines (free goods excluded) / visits with an order. Time in outlet: average minutes
    between check-in and check-out of visits done. Ratios are per row; in pivots and graphs they
    show the average of the daily ratios (the counts beside them give the exact totals)."""

    _name = "dms.visit.kpi"
    _description = "Visit KPIs per Rep and Day"
    _auto = False
    _order = "date desc, user_id"

    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Sales Rep", readonly=True)
    date = fields.Date(readonly=True)
    planned_count = fields.Integer(string="Planned", readonly=True, help="Planned visits, not cancelled.")
    visited_count = fields.Integer(string="Visited", readonly=True, help="Visits done, planned or not.")
    planned_done_count = fields.Integer(string="Planned Visited", readonly=True)
    unplanned_count = fields.Integer(string="Unplanned Visits", readonly=True)
    missed_count = fields.Integer(string="Missed", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True, help="Visits done with a secondary order.")
    line_count = fields.Integer(string="Order Lines", readonly=True, help="Lines of those orders, free goods excluded.")
    out_of_fence_count = fields.Integer(string="Out of Fence", readonly=True)
    minutes_total = fields.Float(string="Minutes in Outlets", readonly=True)
    adherence = fields.Float(
        string="Beat Adherence (%)", readonly=True, aggregator="avg", help="Planned visits done / planned visits.")
    strike_rate = fields.Float(
        string="Strike Rate (%)", readonly=True, aggregator="avg", help="Visits with an order / visits done.")
    lines_per_call = fields.Float(
        string="Lines per Call", readonly=True, aggregator="avg", help="Order lines / visits with an order.")
    avg_minutes = fields.Float(
        string="Time in Outlet (min)", readonly=True, aggregator="avg",
        help="Average minutes between check-in and check-out.")

    def _query(self):
        return SQL("""
            WITH lines AS (
                SELECT order_id, COUNT(*) AS line_count
                  FROM dms_secondary_order_line
                 WHERE NOT COALESCE(is_reward, FALSE)
              GROUP BY order_id
            ), visits AS (
                SELECT v.*, v.state = 'done' AS is_done, COALESCE(l.line_count, 0) AS line_count
                  FROM dms_visit v
             LEFT JOIN lines l ON l.order_id = v.order_id
            ), per_day AS (
                SELECT MIN(id) AS id, company_id, user_id, planned_date AS date,
                       COUNT(*) FILTER (WHERE is_planned AND state != 'cancelled') AS planned_count,
                       COUNT(*) FILTER (WHERE is_done) AS visited_count,
                       COUNT(*) FILTER (WHERE is_planned AND is_done) AS planned_done_count,
                       COUNT(*) FILTER (WHERE NOT COALESCE(is_planned, FALSE) AND is_done) AS unplanned_count,
                       COUNT(*) FILTER (WHERE state = 'missed') AS missed_count,
                       COUNT(*) FILTER (WHERE is_done AND order_id IS NOT NULL) AS order_count,
                       COALESCE(SUM(line_count) FILTER (WHERE is_done), 0) AS line_count,
                       COUNT(*) FILTER (WHERE out_of_fence) AS out_of_fence_count,
                       COALESCE(SUM(duration_minutes) FILTER (WHERE is_done AND check_out_time IS NOT NULL), 0)
                           AS minutes_total,
                       COUNT(*) FILTER (WHERE is_done AND check_out_time IS NOT NULL) AS timed_count
                  FROM visits
              GROUP BY company_id, user_id, planned_date
            )
            SELECT id, company_id, user_id, date, planned_count, visited_count, planned_done_count,
                   unplanned_count, missed_count, order_count, line_count, out_of_fence_count, minutes_total,
                   COALESCE(100.0 * planned_done_count / NULLIF(planned_count, 0), 0) AS adherence,
                   COALESCE(100.0 * order_count / NULLIF(visited_count, 0), 0) AS strike_rate,
                   COALESCE(1.0 * line_count / NULLIF(order_count, 0), 0) AS lines_per_call,
                   COALESCE(minutes_total / NULLIF(timed_count, 0), 0) AS avg_minutes
              FROM per_day
        """)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
