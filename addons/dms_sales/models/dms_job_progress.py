from odoo import fields, models


class DmsJobProgress(models.Model):
    """How far a running dms.job got: written by the job from a cursor of its own, committed at
    each step, so the user sees it while the job's own transaction is still open."""

    _name = "dms.job.progress"
    _description = "Background Job Progress"

    job_id = fields.Many2one("dms.job", required=True, readonly=True, index=True, ondelete="cascade")
    done_count = fields.Integer(readonly=True)
    total_count = fields.Integer(readonly=True)
    message = fields.Char(readonly=True)
    date_started = fields.Datetime(readonly=True)
    date_updated = fields.Datetime(readonly=True)

    _sql_constraints = [("job_uniq", "unique(job_id)", "A job has one progress row.")]
