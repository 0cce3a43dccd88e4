from datetime import date

from odoo.tests import tagged

from odoo.addons.dms_sales.tests.jobs import trap_jobs

from .common import DmsRoutingCommon, DmsTripCommon
from .test_trip_optimise import MONDAY


@tagged("post_install", "-at_install")
class TestTripJobs(DmsTripCommon):
    """Trip planning over the routing threshold runs as a queued job, once per double click, and a
    rerun of the same work moves deliveries between the same trips: never a second trip per vehicle,
    never a delivery on two trips."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pickings = cls._outlet_deliveries()
        cls.env["ir.config_parameter"].set_param("dms_sales.job_threshold_routing", 0)

    def setUp(self):
        super().setUp()
        self.registry.enter_test_mode(self.cr)  # the job's progress cursor: a test cursor here
        self.addCleanup(self.registry.leave_test_mode)

    def _click(self):
        wizard = self.env["dms.trip.optimise"].create({
            "date": MONDAY, "picking_ids": [(6, 0, self.pickings.ids)],
            "vehicle_ids": [(6, 0, (self.van | self.bike).ids)]})
        return wizard.action_optimise()

    def _trips(self):
        return self.env["stock.picking.batch"].search([("vehicle_id", "in", (self.van | self.bike).ids)])

    def test_plan_queued_once_then_rerun_creates_no_duplicate(self):
        with trap_jobs() as trap:
            first = self._click()
            second = self._click()
            self.assertEqual((first["res_model"], first["res_id"]), ("dms.job", second["res_id"]), "one job")
            trap.assert_jobs_count(1)
            job = self.env["dms.job"].browse(first["res_id"])
            self.assertEqual(job.state, "queued")
            self.assertEqual(len(self._trips()), 2, "one open trip per vehicle, reused by the second click")
            self.assertFalse(self.pickings.batch_id, "nothing planned before the job runs")
            trap.perform_enqueued_jobs()
        trips = self._trips()
        self.env.invalidate_all()
        self.assertEqual((job.state, job.progress), ("done", 100.0))
        self.assertEqual(trips.picking_ids, self.pickings, "every delivery planned by the job")
        self.assertEqual(job.action_open_result()["domain"], [["id", "in", sorted(trips.ids)]], "the trips")
        plan = {p: p.batch_id for p in self.pickings}
        # the job's output is there but its done state was lost (a worker killed as it finished):
        # the rerun plans into the same trips
        self.env.cr.execute("UPDATE dms_job SET run_state = 'queued' WHERE id = %s", (job.id,))
        self.env.invalidate_all()
        job._dms_perform(trips, "_dms_optimise", [self.pickings, MONDAY], {})
        self.assertEqual(self._trips(), trips, "no second trip per vehicle")
        self.assertEqual(sum(len(t.picking_ids) for t in trips), len(self.pickings), "no delivery on two trips")
        self.assertEqual({p: p.batch_id for p in self.pickings}, plan, "the same plan")
        self.assertEqual(job.state, "done")

    def test_optimise_trips_button_queued(self):
        trips = self._trips_for(self.van, self.bike)
        trips._dms_optimise(self.pickings, MONDAY)
        with trap_jobs() as trap:
            action = trips.action_dms_optimise()
            trap.assert_jobs_count(1)
            job = self.env["dms.job"].browse(action["res_id"])
            trap.perform_enqueued_jobs()
        self.assertEqual(job.state, "done")
        self.assertIn("2 trips optimised", job.result_summary)
        self.assertEqual(trips.picking_ids, self.pickings)

    def _trips_for(self, *vehicles):
        return self.env["stock.picking.batch"].create([{
            "vehicle_id": v.id, "picking_type_id": self.out_type.id, "company_id": self.company.id}
            for v in vehicles])


@tagged("post_install", "-at_install")
class TestJourneyPlanJob(DmsRoutingCommon):

    def test_journey_plan_queued_in_chunks(self):
        self.env["ir.config_parameter"].set_param("dms_sales.job_threshold_journey", 0)
        wizard = self.env["dms.journey.plan.wizard"].create({
            "date_from": date(2026, 1, 5), "date_to": date(2026, 1, 11), "user_ids": [(6, 0, self.rep.ids)]})
        with trap_jobs() as trap:
            action = wizard.action_generate()
            job = self.env["dms.job"].browse(action["res_id"])
            trap.assert_enqueued_job(job._dms_perform, args=(
                wizard._beats(), "_dms_generate_journey_plan", [date(2026, 1, 5), date(2026, 1, 11)], {}, 20),
                properties={"channel": "root.dms.routing"})
            trap.perform_enqueued_jobs()
        visits = self.env["dms.visit"].search([("user_id", "=", self.rep.id)])
        self.assertEqual(len(visits), 4)
        self.assertEqual((job.state, job.result_summary), ("done", "Outlet Visit: 4"))
        self.assertEqual(job.action_open_result()["res_model"], "dms.visit")
        # idempotent: the same plan again creates nothing
        self.assertFalse(self.env["dms.visit"]._generate_journey_plan(date(2026, 1, 5), date(2026, 1, 11),
                                                                    wizard._beats()))
