from odoo import api, fields, models


class DmsApiTombstone(models.Model):
    """A record the sync API served was deleted: clients pulling since before that learn its id.

    Only the model and id are kept (no data of the deleted record), so a tombstone says nothing a
    client could not already know. They are kept (a few bytes per deletion); a purge of old rows
    would make clients older than it resynchronise in full."""

    _name = "dms.api.tombstone"
    _description = "Sync API Deletion"
    _order = "id"
    _log_access = False

    res_model = fields.Char(
        string="Model", required=True, index=True, help="Technical name of the deleted record's model.")
    res_id = fields.Integer(string="Record ID", required=True, help="ID the deleted record had.")
    company_id = fields.Many2one(
        "res.company", index=True, ondelete="cascade", help="Company of the deleted record, when it had one.")
    date = fields.Datetime(
        string="Deleted On", required=True, default=fields.Datetime.now, index=True,
        help="When the record was deleted.")

    @api.model
    def _dms_record(self, records):
        """Write a tombstone for each of ``records`` (about to be deleted)."""
        if not records:
            return
        company_field = records._fields.get("company_id")
        vals = [{
            "res_model": records._name,
            "res_id": record.id,
            "company_id": record.company_id.id if company_field and company_field.type == "many2one" else False,
        } for record in records]
        # sudo: the tombstone is bookkeeping of a deletion the user is allowed to make; users
        # have no write access to tombstones themselves
        self.sudo().create(vals)
