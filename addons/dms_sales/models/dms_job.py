import hashlib
import json
import logging
import time
from datetime import timedelta

from psycopg2 import IntegrityError, errorcodes

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)

# Inputs up to this size run inline, in the click's request, as before; larger ones are queued.
# Override per kind with the system parameter ``dms_sales.job_threshold_<kind>`` (0: always queue).
DEFAULT_THRESHOLDS = {
    "import": 5000,        # rows of the file
    "claims": 20,          # claims computed at once
    "routing": 150,        # deliveries to spread over trips
    "journey": 50,         # beats to plan
    "replenishment": 30,   # distributors of the runs
    "register": 100000,    # lines of the XLSX register
    "reports": 20,         # scheduled reports due
}
# One channel per kind (data/queue_job_data.xml and each addon's own): a big import waits in its
# own channel and does not starve trip planning.
CHANNELS = {
    "import": "root.dms.import",
    "claims": "root.dms.sales",
    "routing": "root.dms.routing",
    "journey": "root.dms.routing",
    "replenishment": "root.dms.inventory",
    "register": "root.dms.reports",
    "reports": "root.dms.reports",
}
PROGRESS_EVERY = 1.0  # seconds between two progress writes of a job
RETRY_ERRORS = (errorcodes.UNIQUE_VIOLATION,)

_last_progress = {}  # dms.job id -> time of its last progress write (per worker process)


class DmsJobCancelled(Exception):
    """Raised by ``_dms_progress`` in a job whose user asked to cancel it: its work is rolled back."""


class DmsJob(models.Model):
    """A long action a user started: queued on OCA queue_job, with its progress, its result and a
    way to cancel it. The job's own transaction writes the result and the final state; its progress
    lives in a ``dms.job.progress`` row written from a separate cursor so the user sees it while the
    job runs (two transactions writing one row would make the job fail on a serialization error)."""

    _name = "dms.job"
    _description = "Background Job"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    kind = fields.Selection([
        ("import", "Import"), ("claims", "Claims"), ("routing", "Delivery Trips"),
        ("journey", "Journey Plan"), ("replenishment", "Replenishment"), ("register", "Sales Register"),
        ("reports", "Scheduled Reports")], required=True, readonly=True)
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True, default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    uuid = fields.Char(string="Queue Job", readonly=True, index=True)
    identity_key = fields.Char(readonly=True, index=True)
    res_model = fields.Char(readonly=True)
    res_id = fields.Many2oneReference(model_field="res_model", readonly=True)
    res_ids = fields.Json(string="Records", readonly=True)
    run_state = fields.Selection(
        [("queued", "Queued"), ("done", "Done"), ("cancelled", "Cancelled")], default="queued", required=True,
        readonly=True)
    cancel_requested = fields.Boolean(readonly=True)
    result_summary = fields.Text(string="Result", readonly=True)
    result_action = fields.Json(readonly=True)
    date_done = fields.Datetime(string="Finished", readonly=True)
    progress_ids = fields.One2many("dms.job.progress", "job_id", readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed"),
         ("cancelled", "Cancelled")], compute="_compute_state")
    error = fields.Text(compute="_compute_state")
    progress = fields.Float(string="Progress (%)", compute="_compute_progress", digits=(16, 1))
    done_count = fields.Integer(string="Done", compute="_compute_progress")
    total_count = fields.Integer(string="Total", compute="_compute_progress")
    message = fields.Char(string="Step", compute="_compute_progress")
    date_started = fields.Datetime(string="Started", compute="_compute_progress")
    estimated_end = fields.Datetime(compute="_compute_progress")

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------

    def _queue_jobs(self):
        # sudo: queue.job is readable by queue managers only; users see the state of their own jobs
        jobs = self.env["queue.job"].sudo().search([("uuid", "in", [u for u in self.mapped("uuid") if u])])
        return {job.uuid: job for job in jobs}

    @api.depends("run_state", "uuid", "progress_ids.date_started")
    def _compute_state(self):
        queue_jobs = self._queue_jobs()
        for job in self:
            queue_job = queue_jobs.get(job.uuid)
            qstate = queue_job.state if queue_job else False
            job.error = False
            if job.run_state in ("done", "cancelled"):
                job.state = job.run_state
            elif qstate == "failed":
                job.state = "failed"
                job.error = queue_job.exc_message or queue_job.exc_name
            elif qstate in ("cancelled", "done"):
                job.state = qstate
            elif qstate == "started" or job.progress_ids[:1].date_started:
                job.state = "running"
            else:
                job.state = "queued"

    @api.depends("progress_ids.done_count", "progress_ids.total_count", "progress_ids.message", "run_state")
    def _compute_progress(self):
        now = fields.Datetime.now()
        for job in self:
            row = job.progress_ids[:1]
            done, total = row.done_count, row.total_count
            job.done_count, job.total_count, job.message = done, total, row.message
            job.date_started = row.date_started
            if job.run_state == "done":
                job.progress = 100.0
            else:
                job.progress = min(100.0, 100.0 * done / total) if total else 0.0
            job.estimated_end = False
            if row.date_started and total and 0 < done < total and job.run_state == "queued":
                elapsed = (now - row.date_started).total_seconds()
                job.estimated_end = now + timedelta(seconds=elapsed / done * (total - done))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_cancel(self):
        """Cancel a queued job, or ask a running one to stop: it stops at its next step and its
        work is rolled back. Only the job's user or a Distribution Manager may (record rules)."""
        self.check_access("read")
        for job in self:
            if job.state not in ("queued", "running"):
                raise UserError(self.env._("Job %(name)s is %(state)s: it cannot be cancelled any more.",
                                           name=job.name, state=job._state_label()))
        queue_jobs = self._queue_jobs()
        # sudo: users may only read their jobs; the checks above allow this one change
        for job in self.sudo():
            queue_job = queue_jobs.get(job.uuid)
            if job.state == "queued" and (not queue_job or queue_job.state in ("pending", "wait_dependencies")):
                if queue_job:
                    queue_job.button_cancelled()
                job.write({"run_state": "cancelled", "cancel_requested": True, "date_done": fields.Datetime.now(),
                           "result_summary": self.env._("Cancelled before it started.")})
            else:
                job.cancel_requested = True
        return True

    def action_open_result(self):
        self.ensure_one()
        if self.state != "done" or not self.result_action:
            raise UserError(self.env._("Job %(name)s has no result to open yet.", name=self.name))
        return self.result_action

    def action_open_record(self):
        self.ensure_one()
        if not (self.res_model and self.res_id):
            raise UserError(self.env._("Job %(name)s is not linked to a record.", name=self.name))
        return {"type": "ir.actions.act_window", "res_model": self.res_model, "res_id": self.res_id,
                "views": [(False, "form")]}

    def _dms_action_open(self):
        """What the click shows: this job's progress form."""
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "views": [(False, "form")], "target": "new", "name": self.env._("Running in the Background")}

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    # ------------------------------------------------------------------
    # Launching
    # ------------------------------------------------------------------

    @api.model
    def _dms_in_background(self, kind, size):
        """Whether an action over ``size`` items of ``kind`` goes to the queue rather than running in
        the request. Never inside a job (the job runs the action inline) nor with ``dms_job_inline``
        (benchmarks measuring the work itself)."""
        if self.env.context.get("dms_job_id") or self.env.context.get("dms_job_inline"):
            return False
        # sudo: system parameters are readable by admins only; this one is a number, read, not shown
        param = self.env["ir.config_parameter"].sudo().get_param("dms_sales.job_threshold_%s" % kind)
        threshold = int(param) if param not in (None, False, "") else DEFAULT_THRESHOLDS[kind]
        return size > threshold

    @api.model
    def _dms_enqueue(self, kind, name, records, method, args=(), kwargs=None, chunk=0, total=0):
        """Queue ``records.<method>(*args, **kwargs)`` as the current user; returns its dms.job.

        The same action on the same records with the same arguments is queued once: a second click
        (even a concurrent one) returns the job still queued or running. ``chunk``: call the method
        on that many records at a time, with progress after each chunk and a cancel point."""
        args, kwargs = list(args), dict(kwargs or {})
        key = "dms:%s:%s" % (kind, hashlib.sha1(json.dumps(
            [records._name, sorted(records.ids), method, repr(args), repr(sorted(kwargs.items())),
             self.env.uid, self.env.company.id]).encode()).hexdigest())
        # two clicks racing: the second waits for the first's commit, then finds its job
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", key))
        existing = self.search([("identity_key", "=", key), ("run_state", "=", "queued")]).filtered(
            lambda j: j.state in ("queued", "running"))
        if existing:
            return existing[:1]
        # sudo: users only read jobs; this one is created for the current user with checked values
        job = self.sudo().create({
            "name": name, "kind": kind, "identity_key": key,
            "res_model": records._name, "res_ids": records.ids,
            "res_id": records.id if len(records) == 1 else False,
            "progress_ids": [fields.Command.create({"total_count": total or len(records)})],
        }).sudo(False)  # back to the user (sudo ends here): the job runs as them
        delayed = job.with_delay(channel=CHANNELS[kind], description=name, identity_key=key,
                                 max_retries=5)._dms_perform(records, method, args, kwargs, chunk)
        job.sudo().uuid = delayed.uuid  # sudo: see above
        return job

    # ------------------------------------------------------------------
    # Running (in the queue job)
    # ------------------------------------------------------------------

    def _dms_perform(self, records, method, args, kwargs, chunk=0):
        """The queue job: run the action, keep its result. Idempotent: a job already done or
        cancelled does nothing again, and the actions it runs create nothing twice on a rerun."""
        self.ensure_one()
        if self.run_state != "queued":
            return self.env._("Nothing to do: the job is %(state)s.", state=self.run_state)
        records = records.with_context(dms_job_id=self.id)
        self._dms_progress_write(0, len(records) if chunk else None, started=True)
        try:
            with self.env.cr.savepoint():
                if chunk:
                    total, done, result = len(records), 0, None
                    for batch in split_every(chunk, records.ids, records.browse):
                        part = getattr(batch, method)(*args, **kwargs)
                        # records made by each chunk add up; any other result: the last one's
                        result = result | part if isinstance(result, models.BaseModel) and isinstance(
                            part, models.BaseModel) and result._name == part._name else part
                        done += len(batch)
                        records.env["dms.job"]._dms_progress(done, total)
                else:
                    result = getattr(records, method)(*args, **kwargs)
                self.env.flush_all()
        except DmsJobCancelled:
            return self._dms_finish_cancelled()
        except IntegrityError as e:
            if e.pgcode not in RETRY_ERRORS:
                raise
            # another run of the same work created the row first: run again, it skips what exists
            raise RetryableJobError(str(e), seconds=5) from e
        return self._dms_finish(result)

    def _dms_finish(self, result):
        summary = False
        action = False
        if isinstance(result, dict):
            if result.get("type") == "ir.actions.client" and result.get("params", {}).get("message"):
                summary = result["params"]["message"]
                action = result["params"].get("next") if result["params"].get("next", {}).get(
                    "type") == "ir.actions.act_window" else False
            elif result.get("type") in ("ir.actions.act_window", "ir.actions.act_url"):
                action = dict(result, target="current") if result.get("target") == "new" else result
        elif isinstance(result, str):
            summary = result
        elif isinstance(result, models.BaseModel) and result._name != self.res_model:
            summary = self.env._("%(what)s: %(count)s", what=result._description, count=len(result))
            action = {"type": "ir.actions.act_window", "res_model": result._name, "name": result._description,
                      "domain": [("id", "in", result.ids)], "views": [(False, "list"), (False, "form")]}
        if not action and self.res_model and self.res_ids and not (self.res_id and self.env[
                self.res_model]._transient):
            records = self.env[self.res_model].browse(sorted(self.res_ids))
            action = {"type": "ir.actions.act_window", "res_model": records._name, "name": records._description,
                      "domain": [("id", "in", records.ids)], "views": [(False, "list"), (False, "form")]}
        if not summary and self.res_model and "summary" in self.env[self.res_model]._fields:
            summary = self.env[self.res_model].browse(self.res_id).summary
        # sudo: the job's own result, written by the job
        self.sudo().write({"run_state": "done", "date_done": fields.Datetime.now(), "result_action": action,
                           "result_summary": summary or self.env._("Done.")})
        self._dms_progress_write(None, None, message=self.env._("Done"), final=True)
        source = self.env[self.res_model].browse(self.res_id) if self.res_model and self.res_id else None
        failed = source is not None and "state" in source._fields and source.state == "error"  # import errors
        self.user_id.partner_id._bus_send("simple_notification", {
            "type": "warning" if failed else "success", "title": self.name,
            "message": summary or self.env._("Done."), "sticky": False})
        return summary or "done"

    def _dms_finish_cancelled(self):
        # sudo: the job's own state, written by the job
        self.sudo().write({"run_state": "cancelled", "date_done": fields.Datetime.now(),
                           "result_summary": self.env._("Cancelled: nothing was changed.")})
        return "cancelled"

    @api.model
    def _dms_progress(self, done, total, message=None, force=False):
        """Report progress from inside a job (no-op outside one, so actions call it freely).
        Raises DmsJobCancelled when the user asked to cancel: the action stops, its work rolls back."""
        job_id = self.env.context.get("dms_job_id")
        if not job_id:
            return
        final = total and done >= total
        if not (final or force) and time.monotonic() - _last_progress.get(job_id, 0.0) < PROGRESS_EVERY:
            return
        if self.browse(job_id)._dms_progress_write(done, total, message=message):
            raise DmsJobCancelled()

    def _dms_progress_write(self, done, total, message=None, started=False, final=False):
        """Write the progress row in a cursor of its own, committed at once; returns whether the
        user asked to cancel (read in that fresh transaction, where a later request shows)."""
        _last_progress[self.id] = time.monotonic()
        vals = {"date_updated": fields.Datetime.now()}
        if done is not None:
            vals["done_count"] = done
        if total is not None:
            vals["total_count"] = total
        if message:
            vals["message"] = message
        if started:
            vals["date_started"] = fields.Datetime.now()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            job = env["dms.job"].browse(self.id).exists()
            if not job:
                return False
            row = job.progress_ids[:1] or env["dms.job.progress"].create({"job_id": job.id})
            if final:
                vals["done_count"] = row.total_count
            row.write(vals)
            return job.cancel_requested and not final
