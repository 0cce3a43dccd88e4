from odoo import api, models


class DmsApiSyncedMixin(models.AbstractModel):
    """A model the sync API serves: a deletion leaves a tombstone, so that incremental pulls
    report it."""

    _name = "dms.api.synced.mixin"
    _description = "Served by the Sync API"

    @api.ondelete(at_uninstall=True)
    def _dms_api_record_tombstone(self):
        self.env["dms.api.tombstone"]._dms_record(self)
