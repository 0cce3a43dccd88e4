from odoo import api, fields, models

from ..engine.payload import PayloadError


class DmsRepDay(models.Model):
    _name = "dms.rep.day"
    _inherit = ["dms.rep.day", "dms.api.pushed.mixin"]

    # client_uuid is the Start day's uuid; the End day's has its own, as unique
    end_client_uuid = fields.Char(string="Client UUID (End)", copy=False, readonly=True, index="btree_not_null")

    _sql_constraints = [
        ("end_client_uuid_uniq", "unique(end_client_uuid)", "This client UUID was already used by another record."),
    ]

    @api.model
    def _dms_api_uuid_domain(self, uuid):
        return ["|", ("client_uuid", "=", uuid), ("end_client_uuid", "=", uuid)]

    @api.model
    def _dms_api_find_uuids(self, uuids):
        records = self.search(["|", ("client_uuid", "in", list(uuids)), ("end_client_uuid", "in", list(uuids))])
        wanted = set(uuids)
        return {uuid: record for record in records for uuid in (record.client_uuid, record.end_client_uuid)
                if uuid in wanted}

    @api.model
    def _dms_api_push(self, vals):
        """Start day or End day of the API user (``vals``: a record the sync API validated), with
        the phone's GPS when it had a fix."""
        has_lat, has_lon = vals.get("latitude") is not None, vals.get("longitude") is not None
        if has_lat != has_lon:
            field = "longitude" if has_lat else "latitude"
            raise PayloadError("missing_field", "%s: give latitude and longitude together" % field, field)
        position = (vals["latitude"], vals["longitude"], vals.get("accuracy")) if has_lat else None
        when = vals["time"]
        if abs((when.date() - vals["date"]).days) > 1:
            raise PayloadError("out_of_range", "time: more than a day away from date", "time")
        reason = None
        if vals.get("missed_reason_id"):
            if vals["event"] != "end":
                raise PayloadError("invalid_value", "missed_reason_id: only with event end", "missed_reason_id")
            reason = self.env["dms.visit.skip.reason"].search([
                ("id", "=", vals["missed_reason_id"]), ("company_id", "in", (False, self.env.company.id))])
            if not reason:
                raise PayloadError("unknown_id", "missed_reason_id: no such reason", "missed_reason_id")
        if vals["event"] == "start":
            return self._start_day(vals["date"], when, position, extra={"client_uuid": vals["uuid"]})
        return self._end_day(vals["date"], when, position, extra={"end_client_uuid": vals["uuid"]},
                             missed_reason=reason)
