"""OCA queue_job's test helpers, for the tests of every dms addon.

queue_job 18.0.3+ helpers register a patch source in ``odoo.tests.common.SETATTR_SOURCES``, which
Odoo 18.0 builds older than the late-2025 ones lack (the official odoo:18.0 image has it): they
get an empty registry then, and import."""
from odoo.tests import common as odoo_test_common

if not hasattr(odoo_test_common, "SETATTR_SOURCES"):
    odoo_test_common.SETATTR_SOURCES = {}

from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.jobrunner.runner import Database
from odoo.addons.queue_job.tests.common import trap_jobs

__all__ = ["Database", "Job", "trap_jobs"]
