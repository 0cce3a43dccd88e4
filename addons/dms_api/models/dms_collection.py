from odoo import api, models


class DmsCollection(models.Model):
    _inherit = "dms.collection"

    @api.ondelete(at_uninstall=True)
    def _dms_api_record_tombstone(self):
        """Served by the sync API: a deletion leaves a tombstone for incremental pulls."""
        self.env["dms.api.tombstone"]._dms_record(self)
