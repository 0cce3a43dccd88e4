from odoo import api, models


class DmsApiTombstoneMixin(models.AbstractModel):
    """Models served by the sync API inherit this: deleting a record leaves a tombstone so that
    clients pulling incrementally remove it too (archiving needs nothing: archived records are
    served with ``active: false``)."""

    _name = "dms.api.tombstone.mixin"
    _description = "Sync API: record deletions"

    @api.ondelete(at_uninstall=True)
    def _dms_api_record_tombstone(self):
        self.env["dms.api.tombstone"]._dms_record(self)
