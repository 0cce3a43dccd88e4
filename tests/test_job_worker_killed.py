"""A queue job whose worker is killed mid-run: requeued by queue_job, run again, no duplicate trips.

The Odoo tests of dms_sales only simulate a dead worker. Here, on a copy of the test database,
Odoo runs as its own process with OCA queue_job's runner (``server_wide_modules`` of odoo.conf,
threaded mode: the runner is a thread of the server, jobs run in its HTTP threads):

- admin plans 40 deliveries over 3 vans through the wizard's real button (``action_optimise``),
  the routing threshold at 0 and the company's solver time at SOLVER_SECONDS, so it is queued;
- once the job is ``started`` and solving, the server's whole process group gets SIGKILL: the
  job's transaction dies with its PostgreSQL connection, which releases its row lock in
  ``queue_job_lock``, and the job stays ``started`` with nothing of its work committed;
- the server starts again: its runner's loop begins with ``requeue_dead_jobs()`` (queue_job
  18.0.4: no cron; a ``started``/``enqueued`` job enqueued over 10 s ago whose lock row is not held
  goes back to ``pending`` with ``retry + 1``), then runs it to ``done``;
- one trip per van (the wizard's), each delivery on exactly one of them, every delivery planned.

The same with a secondary order import of ORDERS orders (Padma's demo outlets), killed after its
first 1,000 orders are created: after the requeue, each order of the file exists once.
"""
import base64
import csv
import datetime
import io
import os
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
from odoo_server import OdooServer, Rpc, database_copy

ADMIN = ("admin", "admin")
STOPS = 40
VANS = 3
SOLVER_SECONDS = 8  # the job runs at least this long: room to kill it mid-run
DEPOT = (23.7808, 90.4170)  # Gulshan, Dhaka
ORDERS = 2500  # orders of the imported file: the job reports progress after each 1,000
REQUEUE_AGE = 10  # seconds: queue_job requeues only jobs enqueued longer ago than this


@pytest.fixture
def database():
    source = os.environ.get("DMS_TEST_DB")
    if not source:
        pytest.skip("DMS_TEST_DB not set: run through scripts/test")
    with database_copy(source, "%s_jobkill_%d" % (source, os.getpid())) as name:
        yield name


@pytest.fixture
def server(database):
    log = Path(tempfile.gettempdir()) / ("dms_job_worker_killed_%s.log" % database)
    log.unlink(missing_ok=True)
    odoo = OdooServer(database, str(log))
    try:
        yield odoo
    finally:
        odoo.kill()


@pytest.fixture
def cr(database):
    """An autocommit cursor on the copy: the test watches the queue from outside the server."""
    cnx = psycopg2.connect(dbname=database)
    cnx.autocommit = True
    try:
        yield cnx.cursor()
    finally:
        cnx.close()


def _plan_day(admin):
    """Located outlets, one reserved delivery each out of the main warehouse, 3 vans; the job
    threshold at 0 and the solver at SOLVER_SECONDS. Returns (deliveries, vans)."""
    admin("ir.config_parameter", "set_param", "dms_sales.job_threshold_routing", "0")
    company_id = admin("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    admin("res.company", "write", [company_id], {
        "dms_trip_solver_seconds": SOLVER_SECONDS, "dms_trip_osrm_url": False, "dms_trip_max_hours": 12,
        "dms_trip_service_minutes": 5})
    warehouse = admin("stock.warehouse", "search_read", [("company_id", "=", company_id)],
                      ["lot_stock_id", "out_type_id", "partner_id"], limit=1)[0]
    admin("res.partner", "write", [warehouse["partner_id"][0]],
          {"partner_latitude": DEPOT[0], "partner_longitude": DEPOT[1]})
    source = warehouse["lot_stock_id"][0]
    customers = admin.ref("stock.stock_location_customers")
    products = admin("product.product", "create", [
        {"name": "Jobkill product %d" % i, "is_storable": True, "weight": w, "volume": 0.01}
        for i, w in enumerate((2.0, 5.0))])
    templates = admin("product.product", "read", products, ["product_tmpl_id"])
    for product in templates:  # the product form's Update Quantity: into the main warehouse's stock
        wizard = admin("stock.change.product.qty", "create", {
            "product_id": product["id"], "product_tmpl_id": product["product_tmpl_id"][0], "new_quantity": 10000})
        admin("stock.change.product.qty", "change_product_qty", [wizard])
    outlets = admin("res.partner", "create", [{
        "name": "Jobkill outlet %02d" % i, "is_company": True,
        "partner_latitude": 23.72 + (i * 37 % 100) / 100 * 0.12,
        "partner_longitude": 90.34 + (i * 61 % 100) / 100 * 0.10,
    } for i in range(STOPS)])
    uom = admin("product.product", "read", products[:1], ["uom_id"])[0]["uom_id"][0]
    pickings = admin("stock.picking", "create", [{
        "picking_type_id": warehouse["out_type_id"][0], "partner_id": outlet, "location_id": source,
        "location_dest_id": customers,
        "move_ids": [(0, 0, {"name": "Jobkill", "product_id": products[i % 2], "product_uom": uom,
                             "product_uom_qty": 1 + i % 3, "location_id": source, "location_dest_id": customers})],
    } for i, outlet in enumerate(outlets)])
    admin("stock.picking", "action_confirm", pickings)
    admin("stock.picking", "action_assign", pickings)
    states = {p["state"] for p in admin("stock.picking", "read", pickings, ["state"])}
    assert states == {"assigned"}, "every delivery reserved: %s" % states
    brand = admin("fleet.vehicle.model.brand", "create", {"name": "Jobkill"})
    model = admin("fleet.vehicle.model", "create", {"name": "Jobkill van", "brand_id": brand})
    category = admin("fleet.vehicle.model.category", "create",
                     {"name": "Jobkill 1t", "weight_capacity": 1000, "volume_capacity": 10})
    vans = admin("fleet.vehicle", "create", [
        {"model_id": model, "license_plate": "JOBKILL-%d" % i, "category_id": category} for i in range(VANS)])
    return pickings, vans


def _queue_job(cr, uuid):
    cr.execute("""SELECT state, retry, worker_pid, date_enqueued < now() AT TIME ZONE 'utc' - %s * INTERVAL '1 s'
                    FROM queue_job WHERE uuid = %s""", (REQUEUE_AGE + 1, uuid))
    return cr.fetchone()


def _wait(what, check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out after %s s waiting for %s" % (timeout, what))


def _kill_mid_run(server, cr, job_id, uuid, running):
    """Wait until the runner started the job and its progress (written from a cursor of its own)
    satisfies ``running(message, done_count)``; SIGKILL the server's process group; check the job is
    left dead, and old enough for queue_job to requeue it. Returns the killed worker's pid."""
    def ready():
        cr.execute("SELECT message, done_count FROM dms_job_progress WHERE job_id = %s", (job_id,))
        message, done = cr.fetchone() or ("", 0)
        state = _queue_job(cr, uuid)[0]
        assert state != "failed", "the job failed before the kill: see %s" % server.log_path
        return state == "started" and running(message or "", done or 0)
    _wait("the job to be under way", ready, 120)
    time.sleep(1)
    state, retry, worker_pid, _old = _queue_job(cr, uuid)
    assert (state, retry) == ("started", 0)
    assert worker_pid == server.process.pid, "threaded mode: the job runs in the server process"
    server.kill()
    # dead: still 'started', its lock row there but no longer held (the connection is gone)
    cr.execute("""SELECT count(*) FROM queue_job_lock l JOIN queue_job j ON j.id = l.queue_job_id
                   WHERE j.uuid = %s""", (uuid,))
    assert cr.fetchone()[0] == 1, "the lock row of the started job"
    assert _queue_job(cr, uuid)[0] == "started"
    # queue_job leaves alone a job enqueued less than 10 s ago (it may not have started yet)
    _wait("the job to be %s s old" % REQUEUE_AGE, lambda: _queue_job(cr, uuid)[3], 30)
    return worker_pid


def _restart_until_done(server, cr, uuid, killed_pid):
    """Start the server again: its runner requeues the dead job and runs it to done."""
    server.start()
    state, retry, worker_pid, _old = _wait(
        "the requeued job to finish", lambda: (row := _queue_job(cr, uuid))[0] in ("done", "failed") and row, 150)
    assert state == "done", "the job failed: see %s" % server.log_path
    # Job.perform counts its run in the job's transaction (the killed run's count was rolled
    # back), the requeue counts the dead run: 2, where a job run once ends with 1
    assert retry == 2, "requeued once, then run once"
    assert worker_pid not in (None, killed_pid)
    log = Path(server.log_path).read_text()
    assert "Re-queued dead job with uuid: %s" % uuid in log, "requeued by the runner's dead-job check"


def test_worker_killed_mid_plan_is_requeued_and_plans_once(server, cr):
    server.start()
    admin = Rpc(server, *ADMIN)
    pickings, vans = _plan_day(admin)
    wizard = admin("dms.trip.optimise", "create", {
        "date": datetime.date.today().isoformat(), "picking_ids": [(6, 0, pickings)], "vehicle_ids": [(6, 0, vans)]})
    action = admin("dms.trip.optimise", "action_optimise", [wizard])
    assert action["res_model"] == "dms.job", "queued, not planned in the click: %s" % action
    job_id = action["res_id"]
    uuid = admin("dms.job", "read", [job_id], ["uuid"])[0]["uuid"]
    trips = admin("stock.picking.batch", "search", [("vehicle_id", "in", vans)])
    assert len(trips) == VANS, "the click made one open trip per van"

    killed_pid = _kill_mid_run(server, cr, job_id, uuid, lambda message, done: message.startswith("Solving"))
    cr.execute("SELECT count(*) FROM stock_picking WHERE id = ANY(%s) AND batch_id IS NOT NULL", (pickings,))
    assert cr.fetchone()[0] == 0, "the killed run committed no stop"
    _restart_until_done(server, cr, uuid, killed_pid)

    # one trip per van, every delivery on exactly one of them
    cr.execute("SELECT vehicle_id, count(*) FROM stock_picking_batch WHERE vehicle_id = ANY(%s) GROUP BY 1", (vans,))
    assert dict(cr.fetchall()) == dict.fromkeys(vans, 1), "no second trip per van"
    cr.execute("SELECT id, batch_id FROM stock_picking WHERE id = ANY(%s)", (pickings,))
    planned = dict(cr.fetchall())
    assert set(planned) == set(pickings) and set(planned.values()) <= set(trips), "each stop on one trip"
    cr.execute("SELECT count(*) FROM stock_picking WHERE batch_id = ANY(%s)", (trips,))
    assert cr.fetchone()[0] == STOPS, "no other delivery on the trips"
    job = admin("dms.job", "read", [job_id], ["state", "progress"])[0]
    assert (job["state"], job["progress"]) == ("done", 100.0), job


def test_worker_killed_mid_import_is_requeued_and_imports_each_order_once(server, cr):
    server.start()
    admin = Rpc(server, *ADMIN)
    admin("ir.config_parameter", "set_param", "dms_sales.job_threshold_import", "0")
    distributor = admin.ref("dms_sales.res_partner_distributor_padma_demo")
    outlets = [o["dms_outlet_code"] for o in admin("res.partner", "search_read", [
        ("dms_distributor_id", "=", distributor), ("dms_role", "=", "outlet"), ("dms_outlet_state", "=", "approved"),
        ("dms_outlet_code", "!=", False)], ["dms_outlet_code"], limit=10)]
    assert outlets, "Padma's approved outlets (demo data)"
    today = datetime.date.today().isoformat()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("external_ref", "date", "outlet_code", "product_code", "quantity", "unit", "rep_login"))
    writer.writerows(("JOBKILL-%05d" % i, today, outlets[i % len(outlets)], "PC-SOAP-100", 1 + i % 5, "unit", "")
                     for i in range(ORDERS))
    wizard = admin("dms.secondary.order.import", "create", {
        "distributor_id": distributor, "filename": "orders.csv",
        "file": base64.b64encode(out.getvalue().encode()).decode()})
    action = admin("dms.secondary.order.import", "action_import", [wizard])
    assert action["res_model"] == "dms.job", "queued, not imported in the click: %s" % action
    job_id = action["res_id"]
    uuid = admin("dms.job", "read", [job_id], ["uuid"])[0]["uuid"]

    # killed once the first 1,000 orders are created (in the job's transaction, not committed)
    killed_pid = _kill_mid_run(server, cr, job_id, uuid,
                               lambda message, done: message.startswith("Creating") and done > 0)
    cr.execute("SELECT count(*) FROM dms_secondary_order WHERE external_ref LIKE 'JOBKILL-%%'")
    assert cr.fetchone()[0] == 0, "the killed run committed no order"
    _restart_until_done(server, cr, uuid, killed_pid)

    cr.execute("""SELECT count(*), count(DISTINCT external_ref) FROM dms_secondary_order
                   WHERE external_ref LIKE 'JOBKILL-%%'""")
    assert cr.fetchone() == (ORDERS, ORDERS), "each order of the file once"
    imported = admin("dms.secondary.order.import", "read", [wizard], ["order_count", "skipped_count"])[0]
    assert (imported["order_count"], imported["skipped_count"]) == (ORDERS, 0), imported
    job = admin("dms.job", "read", [job_id], ["state", "progress"])[0]
    assert (job["state"], job["progress"]) == ("done", 100.0), job
