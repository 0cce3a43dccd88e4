import base64
import io

from odoo import models
from odoo.tools import split_every

PROGRESS_ORDERS = 1000  # orders created between two progress reports of a background import


class DmsSecondaryOrderImport(models.TransientModel):
    """The import in the background: a file over the ``import`` threshold (rows) is queued
    (``dms.job``) instead of read in the click's request. This wraps the wizard's own action and
    steps (``wizard/dms_secondary_order_import.py``) and changes none of them: the job runs the
    same ``action_import``, all or nothing, and reports its progress between batches of orders."""

    _inherit = "dms.secondary.order.import"

    def action_import(self):
        self.ensure_one()
        Job = self.env["dms.job"]
        if self.file and self.state == "draft":
            rows = self._dms_estimate_rows()
            if Job._dms_in_background("import", rows):
                self._check_import_access()  # refuse at once, not in the job
                return Job._dms_enqueue(
                    "import", self.env._("Import %(file)s", file=self.filename or self.env._("orders")),
                    self, "action_import", total=rows)._dms_action_open()
        return super().action_import()

    def _dms_estimate_rows(self):
        """Rows of the file without parsing it: lines of a CSV, the sheet's size of an XLSX."""
        content = base64.b64decode(self.file)
        if (self.filename or "").lower().endswith((".xlsx", ".xlsm")):
            import openpyxl

            try:
                workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
                return max((workbook.worksheets[0].max_row or 1) - 1, 0)
            except Exception:  # action_import reports the bad file to the user
                return 0
        return max(content.count(b"\n") - 1, 0)

    def _prepare_import(self, header, rows):
        self.env["dms.job"]._dms_progress(0, len(rows), message=self.env._("Checking the rows"), force=True)
        return super()._prepare_import(header, rows)

    def _create_orders(self, plan):
        if not self.env.context.get("dms_job_id") or len(plan) <= PROGRESS_ORDERS:
            return super()._create_orders(plan)
        Job = self.env["dms.job"]
        total = sum(len(order["lines"]) for order in plan)
        done = 0
        orders = self.env["dms.secondary.order"]
        for part in split_every(PROGRESS_ORDERS, plan, list):
            orders |= super()._create_orders(part)
            done += sum(len(order["lines"]) for order in part)
            Job._dms_progress(done, total, message=self.env._("Creating the orders"))
        return orders
