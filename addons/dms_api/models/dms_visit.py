from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dms_sales.guard import dms_system_write

from ..engine.payload import PayloadError

# Fields of a visit made; a skipped visit carries none of them.
VISIT_MADE_FIELDS = ("outlet_id", "check_in_time", "check_in_latitude", "check_in_longitude", "check_in_accuracy",
                     "check_out_time", "check_out_latitude", "check_out_longitude", "check_out_accuracy",
                     "order_uuid", "order_id", "no_order_reason_id", "photo")


class DmsVisit(models.Model):
    _name = "dms.visit"
    _inherit = ["dms.visit", "dms.api.pushed.mixin"]

    @api.model
    def _dms_api_push_batch(self, vals_list):
        """Visits made in the field (``vals_list``: records the sync API validated), as the API
        user, in order. What the batch names is looked up once; a record that names what the user
        cannot see, or contradicts itself, is answered its PayloadError in its place, before
        anything is written (see dms.api.pushed.mixin); the unplanned visits' rows are made in one
        create (their photos with them); then each visit is checked in, given its outcome and
        checked out in one write (``_record_visit``). A check failing there (a planned visit that
        is not open any more) rolls the batch back and the API pushes its records one by one."""
        found = self._dms_api_lookups(vals_list)
        results = []
        for vals in vals_list:
            try:
                results.append(None if vals.get("skip_reason_id") else self._dms_api_check(vals, found))
            except PayloadError as e:
                results.append(e)
        unplanned = [(k, plan) for k, plan in enumerate(results) if isinstance(plan, dict) and plan["outlet"]]
        with dms_system_write():
            created = self.create([{**self._dms_api_unplanned_vals(vals_list[k], plan["outlet"]), **plan["extra"]}
                                   for k, plan in unplanned])
        for (_k, plan), visit in zip(unplanned, created, strict=True):
            plan.update(visit=visit, extra={})
        for k, (vals, plan) in enumerate(zip(vals_list, results, strict=True)):
            if plan is None:
                try:
                    results[k] = self._dms_api_push_skip(vals)
                except PayloadError as e:  # raised before its visit is written
                    results[k] = e
            elif not isinstance(plan, PayloadError):
                results[k] = self._dms_api_record(vals, plan)
        return results

    @api.model
    def _dms_api_unplanned_vals(self, vals, outlet):
        return {
            "client_uuid": vals["uuid"],
            "partner_id": outlet.id,
            "user_id": self.env.uid,
            "company_id": outlet.company_id.id or self.env.company.id,
            "planned_date": fields.Date.context_today(self, vals["check_in_time"]),
        }

    @api.model
    def _dms_api_lookups(self, vals_list):
        """What a batch of pushed visits names, searched once for the batch as the API user (record
        rules apply, as in one visit's push): {"visits": {id: planned visit of the user},
        "outlets": {id: outlet}, "orders_by_uuid": {uuid: order}, "orders": {id: order},
        "reasons": {id: no-order reason}}."""
        def search(model, name, domain=()):
            wanted = list({vals[name] for vals in vals_list if vals.get(name)})
            key = "client_uuid" if name == "order_uuid" else "id"
            if not wanted:
                return {}
            return {record[key]: record for record in self.env[model].search([(key, "in", wanted), *domain])}

        return {
            "visits": search("dms.visit", "visit_id", [("user_id", "=", self.env.uid)]),
            "outlets": search("res.partner", "outlet_id", [("dms_role", "=", "outlet")]),
            "orders_by_uuid": search("dms.secondary.order", "order_uuid"),
            "orders": search("dms.secondary.order", "order_id"),
            "reasons": search("dms.no.order.reason", "no_order_reason_id"),
        }

    @api.model
    def _dms_api_check(self, vals, found):
        """What a visit made in the field (not skipped) will be, checked before anything is written:
        {"visit": a planned visit of their own (visit_id), or None, "outlet": the outlet of an
        unplanned one (outlet_id), visible to the user, or None, "outcome": its order or no-order
        reason, "extra": notes and photo}; invisible and unknown ids get the same answer. Raises
        PayloadError. ``found``: ``_dms_api_lookups`` of the batch."""
        for name in ("check_in_time", "check_in_latitude", "check_in_longitude"):
            if vals.get(name) is None:
                raise PayloadError("missing_field", "%s: required to record a visit (or give skip_reason_id)" % name,
                                   name)
        if bool(vals.get("visit_id")) == bool(vals.get("outlet_id")):
            raise PayloadError("missing_field" if not vals.get("visit_id") else "invalid_value",
                               "give visit_id (a planned visit) or outlet_id (an unplanned one), not both",
                               "visit_id")
        if vals.get("order_uuid") and vals.get("order_id"):
            raise PayloadError("invalid_value", "order_uuid: give order_uuid or order_id, not both", "order_uuid")
        if (vals.get("order_uuid") or vals.get("order_id")) and vals.get("no_order_reason_id"):
            raise PayloadError("invalid_value", "no_order_reason_id: the visit has an order", "no_order_reason_id")
        check_out = vals.get("check_out_time")
        if check_out and check_out < vals["check_in_time"]:
            raise PayloadError("out_of_range", "check_out_time is before check_in_time", "check_out_time")
        if ("check_out_latitude" in vals) != ("check_out_longitude" in vals):
            raise PayloadError("missing_field", "check_out_latitude and check_out_longitude go together",
                               "check_out_longitude" if "check_out_latitude" in vals else "check_out_latitude")
        visit = outlet = None
        if vals.get("visit_id"):
            visit = found["visits"].get(vals["visit_id"])
            if not visit:
                raise PayloadError("unknown_id", "visit_id: no such visit", "visit_id")
            if visit.client_uuid:
                raise PayloadError("conflict", "visit_id: this visit was already pushed with another uuid",
                                   "visit_id")
            partner, company = visit.partner_id, visit.company_id
        else:
            outlet = found["outlets"].get(vals["outlet_id"])
            if not outlet:
                raise PayloadError("unknown_id", "outlet_id: no such outlet", "outlet_id")
            partner, company = outlet, outlet.company_id or self.env.company
        outcome = {}
        if vals.get("order_uuid") or vals.get("order_id"):
            name = "order_uuid" if vals.get("order_uuid") else "order_id"
            order = found["orders_by_uuid"].get(vals["order_uuid"]) if vals.get("order_uuid") else \
                found["orders"].get(vals["order_id"])
            if not order or order.partner_id != partner:
                raise PayloadError("unknown_id", "%s: no such order at this outlet" % name, name)
            outcome["order_id"] = order.id
        if vals.get("no_order_reason_id"):
            reason = found["reasons"].get(vals["no_order_reason_id"])
            if not reason or reason.company_id not in (reason.company_id.browse(), company):
                raise PayloadError("unknown_id", "no_order_reason_id: no such reason", "no_order_reason_id")
            outcome["no_order_reason_id"] = reason.id
        return {"visit": visit, "outlet": outlet, "outcome": outcome,
                "extra": {k: vals[k] for k in ("notes", "photo") if vals.get(k)}}

    @api.model
    def _dms_api_record(self, vals, plan):
        """The visit of ``plan`` (``_dms_api_check``) checked in, given its outcome and checked
        out, as the field app recorded it: its own actions' checks (geofence flags), the device's
        times, one write. A planned visit under its beat's sequence lock is answered
        sequence_locked (a PayloadError in its place, nothing of it written)."""
        visit = plan["visit"]
        try:
            visit._check_sequence_lock()  # answered with its own code, which the field app shows
        except UserError as e:
            if plan["outlet"]:  # an unplanned visit is never under a lock; its row exists: all or nothing
                raise
            return PayloadError("sequence_locked", str(e), "visit_id")
        check_out = None
        if vals.get("check_out_time"):
            check_out = {"time": vals["check_out_time"], "latitude": vals.get("check_out_latitude"),
                         "longitude": vals.get("check_out_longitude"), "accuracy": vals.get("check_out_accuracy")}
        given = {**plan["outcome"], **plan["extra"]}
        if not plan["outlet"]:  # a planned visit: pushed under this uuid from now on
            given["client_uuid"] = vals["uuid"]
        visit._record_visit(
            {"time": vals["check_in_time"], "latitude": vals["check_in_latitude"],
             "longitude": vals["check_in_longitude"], "accuracy": vals.get("check_in_accuracy")},
            check_out, given)
        return visit

    @api.model
    def _dms_api_push_skip(self, vals):
        """A planned visit of the API user skipped with a reason (``skip_reason_id``)."""
        extra = next((name for name in VISIT_MADE_FIELDS if vals.get(name) is not None), None)
        if extra:
            raise PayloadError("invalid_value", "%s: a skipped visit has no check-in nor outcome" % extra, extra)
        if not vals.get("visit_id"):
            raise PayloadError("missing_field", "visit_id: the planned visit skipped", "visit_id")
        visit = self.search([("id", "=", vals["visit_id"]), ("user_id", "=", self.env.uid)])
        if not visit:
            raise PayloadError("unknown_id", "visit_id: no such visit", "visit_id")
        if visit.client_uuid:
            raise PayloadError("conflict", "visit_id: this visit was already pushed with another uuid", "visit_id")
        reason = self.env["dms.visit.skip.reason"].search([
            ("id", "=", vals["skip_reason_id"]), ("company_id", "in", (False, visit.company_id.id))])
        if not reason:
            raise PayloadError("unknown_id", "skip_reason_id: no such reason", "skip_reason_id")
        with dms_system_write():
            visit.client_uuid = vals["uuid"]
        visit._skip(reason.id, when=vals.get("skip_time"))
        if vals.get("notes"):
            visit.notes = vals["notes"]
        return visit
