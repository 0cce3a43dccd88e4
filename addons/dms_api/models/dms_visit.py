from odoo import api, fields, models


class DmsVisit(models.Model):
    _inherit = "dms.visit"

    client_uuid = fields.Char(
        string="Client UUID", copy=False, readonly=True, index="btree_not_null",
        help="Identifier the field app generated for this visit. A push retried with the same "
             "UUID answers with this visit instead of recording it again.")

    _sql_constraints = [
        ("client_uuid_uniq", "unique(client_uuid)", "This client UUID was already used by another visit."),
    ]

    @api.ondelete(at_uninstall=True)
    def _dms_api_record_tombstone(self):
        """Served by the sync API: a deletion leaves a tombstone for incremental pulls."""
        self.env["dms.api.tombstone"]._dms_record(self)
