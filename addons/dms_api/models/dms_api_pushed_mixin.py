from odoo import api, fields, models


class DmsApiPushedMixin(models.AbstractModel):
    """A model the field app pushes: the client's UUID makes a retried push idempotent."""

    _name = "dms.api.pushed.mixin"
    _inherit = ["dms.api.synced.mixin"]
    _description = "Pushed through the Sync API"

    client_uuid = fields.Char(
        string="Client UUID", copy=False, readonly=True, index="btree_not_null",
        help="Identifier the field app generated for this record. A push retried with the same "
             "UUID answers with this record instead of creating another one.")

    # the push code recognises a clash by this constraint's name (push.CLASH_RE)
    _sql_constraints = [
        ("client_uuid_uniq", "unique(client_uuid)", "This client UUID was already used by another record."),
    ]

    @api.model
    def _dms_api_uuid_domain(self, uuid):
        """Records a push with this client uuid made (a model taking two pushes per record, such as
        a working day's start and end, answers either uuid)."""
        return [("client_uuid", "=", uuid)]

    @api.model
    def _dms_api_find_uuids(self, uuids):
        """{uuid: record} of the records pushed with these client uuids, in one query."""
        records = self.search([("client_uuid", "in", list(uuids))])
        return {record.client_uuid: record for record in records}

    @api.model
    def _dms_api_push_batch(self, vals_list):
        """The records made from a batch of validated pushes, in order (one per ``vals``). By default
        one ``_dms_api_push`` (the model's: one record) after the other; a model overrides it to
        create a batch at once, and then needs no ``_dms_api_push``. In the place of a record it
        refuses before writing anything of it, the model may put the PayloadError to answer: the
        others are created all the same. Any error raised makes the API push the batch's records
        again one by one, each as a batch of one (push.push_record), answered on its own."""
        return [self._dms_api_push(vals) for vals in vals_list]
