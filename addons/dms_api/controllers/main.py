"""The field sync API: JSON over plain HTTP routes, authenticated by API keys (bearer tokens).

``type="http"`` rather than ``type="json"``: JSON-RPC answers every call with status 200 and an
envelope, where a REST client expects 401/404/413 statuses and plain JSON bodies. These routes
take no session cookie into account (``auth="none"``, the key alone says who calls), so CSRF
tokens do not apply. Everything after authentication runs as the key's user, never sudo: the
record rules of the web UI decide what each user pulls and may push.
"""
import json
import logging
import os
import re

from odoo import fields, http
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import SQL

from ..engine import cursor as cursors
from ..engine.payload import PayloadError, validate
from ..push import push_batch
from ..registry import DEFAULT_LIMIT, MAX_BATCH, MAX_BODY, MAX_LIMIT, RESOURCES, SuggestedOrderRequest

_logger = logging.getLogger(__name__)

OPENAPI_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "static", "api", "openapi.json")
BEARER_RE = re.compile(r"^Bearer\s+(\S{1,200})\s*$", re.IGNORECASE)
API_KEY_SCOPE = "dms_api"  # keys of this scope, or global keys (scope empty), are accepted
CURSOR_LAG_PARAM = "dms_api.cursor_lag_seconds"
DEFAULT_CURSOR_LAG = 60


def _error(status, code, message, **extra):
    headers = [("WWW-Authenticate", 'Bearer realm="dms"')] if status == 401 else None
    return request.make_json_response({"error": {"code": code, "message": message, **extra}},
                                      headers=headers, status=status)


def _dms_api_readonly(_controller):
    """Pulls run on a read-only cursor (a replica when configured), pushes on a read/write one."""
    return request.httprequest.method in ("GET", "HEAD")


class DmsApi(http.Controller):

    @http.route("/dms/api/v1/openapi.json", type="http", auth="none", methods=["GET"], csrf=False,
                save_session=False, readonly=True)
    def dms_api_openapi(self):
        with open(OPENAPI_PATH, "rb") as f:
            return request.make_response(f.read(), headers=[("Content-Type", "application/json")])

    @http.route("/dms/api/v1/suggested_order", type="http", auth="none", methods=["POST"], csrf=False,
                save_session=False, readonly=True)
    def dms_api_suggested_order(self):
        """The suggested order of an outlet for a visit (``res.partner._dms_suggested_order``), with
        the shelf count taken there; reads only. The outlet and the counted products must be
        visible to the API user (record rules): unknown and invisible ids get the same answer."""
        error = self._dms_api_login()
        if error:
            return error
        payload, error = self._dms_api_json_body(MAX_BODY)
        if error:
            return error
        try:
            vals = validate(SuggestedOrderRequest, payload)
        except PayloadError as e:
            return _error(400, e.code, e.message, field=e.field)
        env = request.env
        try:
            outlet = env["res.partner"].search([("id", "=", vals["outlet_id"]), ("dms_role", "=", "outlet")])
            if not outlet:
                return _error(400, "unknown_id", "outlet_id: no such outlet", field="outlet_id")
            counts = vals.get("shelf_stock") or []
            products = env["product.product"].search([("id", "in", [c["product_id"] for c in counts])])
            for i, count in enumerate(counts):
                if count["product_id"] not in products.ids:
                    field = "shelf_stock[%d].product_id" % i
                    return _error(400, "unknown_id", "%s: no such product" % field, field=field)
            date = vals.get("date")
            lines = outlet._dms_suggested_order(
                date=date, shelf_stock={c["product_id"]: c["qty"] for c in counts})
        except AccessError:
            return _error(403, "forbidden", "You may not read this outlet's orders.")
        return request.make_json_response({
            "outlet_id": outlet.id, "date": (date or fields.Date.context_today(outlet)).isoformat(),
            "lines": [{**line, "scheme_id": line["scheme_id"] or None} for line in lines],
        })

    def _dms_api_json_body(self, max_body):
        """(the request's decoded JSON body, None) or (None, the error answer to give)."""
        httprequest = request.httprequest
        if httprequest.mimetype != "application/json":
            return None, _error(415, "unsupported_media_type", "Send the body as application/json.")
        if (httprequest.content_length or 0) > max_body:
            return None, _error(413, "payload_too_large", "The body is larger than %d bytes." % max_body)
        body = httprequest.get_data()
        if len(body) > max_body:
            return None, _error(413, "payload_too_large", "The body is larger than %d bytes." % max_body)
        try:
            return json.loads(body), None
        except (ValueError, UnicodeDecodeError):
            return None, _error(400, "invalid_json", "The body is not valid JSON.")
        except RecursionError:
            return None, _error(400, "invalid_json", "The body is nested too deeply.")

    @http.route("/dms/api/v1/<string:resource>", type="http", auth="none", csrf=False, save_session=False,
                readonly=_dms_api_readonly)
    def dms_api_resource(self, resource, **params):
        error = self._dms_api_login()
        if error:
            return error
        res = RESOURCES.get(resource)
        if res is None:
            return _error(404, "unknown_resource", "No resource %s. Known: %s." % (resource, ", ".join(RESOURCES)))
        method = request.httprequest.method
        if method == "GET":
            try:
                return self._dms_api_pull(res, request.httprequest.args)
            except AccessError:
                # the user's groups give no read access to the resource's model (a portal user
                # asking for products): Odoo's own answer is an HTML page naming the groups that do
                return _error(403, "forbidden", "You may not read %s." % resource)
        if method == "POST" and res.push_model:
            return self._dms_api_push(res)
        allowed = "GET, POST" if res.push_model else "GET"
        return request.make_json_response(
            {"error": {"code": "method_not_allowed", "message": "%s is not allowed on %s." % (method, resource)}},
            headers=[("Allow", allowed)], status=405)

    # Authentication ------------------------------------------------------------------------

    def _dms_api_login(self):
        """Run the request as the API key's user; None, or the error answer to give."""
        if not request.db:
            return _error(404, "no_database", "No database selected for this host.")
        uid = self._dms_api_authenticate()
        if not uid:
            return _error(401, "unauthorized", "Send a valid API key: 'Authorization: Bearer <key>'.")
        request.update_env(user=uid)
        return None

    def _dms_api_authenticate(self):
        match = BEARER_RE.match(request.httprequest.headers.get("Authorization", ""))
        if not match:
            return None
        return request.env["res.users.apikeys"]._check_credentials(scope=API_KEY_SCOPE, key=match[1])

    # Pull ----------------------------------------------------------------------------------

    def _dms_api_pull(self, res, args):
        unknown = sorted(set(args) - {"since", "limit"} - set(res.filters))
        if unknown:
            return _error(400, "unknown_parameter", "Unknown query parameter %s." % unknown[0], field=unknown[0])
        filter_domain = []
        for name, make_domain in res.filters.items():
            if name in args:
                try:
                    filter_domain += make_domain(request.env, args[name])
                except ValueError:
                    return _error(400, "invalid_parameter", "%s has not the expected format." % name, field=name)
        try:
            limit = int(args.get("limit", DEFAULT_LIMIT))
        except ValueError:
            limit = 0
        if not 1 <= limit <= MAX_LIMIT:
            return _error(400, "invalid_parameter", "limit must be an integer from 1 to %d." % MAX_LIMIT,
                          field="limit")
        since = args.get("since")
        try:
            position = cursors.decode(since) if since else None
        except cursors.CursorError:
            return _error(400, "invalid_cursor", "since is not a cursor this API gave.", field="since")
        env = request.env
        Model = env[res.model].with_context(active_test=False)
        domain = list(res.domain(env)) + filter_domain
        if position is None and res.open_domain:
            domain += res.open_domain(env)
        query = Model._search(domain)  # the user's record rules apply here
        beyond = res.beyond_rules(env) if res.beyond_rules else None
        if beyond:
            # sudo: what the user's rules let through (query above) and the records the resource
            # names beyond them, a domain built with the user's rights (Resource.beyond_rules: a
            # rep's outlets' bills in their distributor's books); read below as superuser too
            Model = Model.sudo()
            query = Model._search(expression.OR([[("id", "in", query)], expression.AND([domain, beyond])]))
        table = query.table
        write_date, record_id = SQL.identifier(table, "write_date"), SQL.identifier(table, "id")
        if position and position[0]:
            query.add_where(SQL("(%s, %s) > (%s, %s)", write_date, record_id, position[0], position[1]))
        query.order = SQL("%s, %s", write_date, record_id)
        query.limit = limit + 1
        env.cr.execute(query.select(record_id, write_date))
        rows = env.cr.fetchall()
        has_more = len(rows) > limit
        rows = rows[:limit]
        records = Model.browse([r[0] for r in rows])
        data = records.read(res.fields, load=None)
        if res.open_domain:
            current = set(records.filtered_domain(res.open_domain(env)).ids)
            for row in data:
                row["active"] = row.get("active", True) and row["id"] in current
        if res.extra:
            res.extra(records, data)
        for row, (_rid, wd) in zip(data, rows, strict=True):
            row["write_date"] = wd.isoformat(timespec="microseconds")
        deleted, tombstone_id = self._dms_api_deleted(res, position, limit)
        if deleted is None:  # more deletions than one page: the client comes back for the rest
            deleted, tombstone_id, has_more = tombstone_id[0], tombstone_id[1], True
        # Where the next pull starts: after the last record served. On the last page it never goes
        # past "now - lag": a transaction still running now may commit records with an earlier
        # write_date (its start); those are served again next time rather than missed.
        if rows:
            last = (rows[-1][1], rows[-1][0])
        elif position and position[0]:
            last = (position[0], position[1])
        else:
            last = None
        if not has_more:
            env.cr.execute(SQL("SELECT (now() AT TIME ZONE 'UTC') - make_interval(secs => %s)", self._dms_api_lag()))
            horizon = (env.cr.fetchone()[0], 0)
            last = min(last, horizon) if last else horizon
        next_cursor = cursors.encode(last[0], last[1], tombstone_id)
        return request.make_json_response({
            "resource": res.name, "records": data, "deleted": deleted,
            "next_cursor": next_cursor, "has_more": has_more,
        })

    def _dms_api_deleted(self, res, position, limit):
        """Ids of records of the resource's model deleted since the cursor, and the new tombstone
        position. Tombstones carry no data: a client may hear of ids it never had and ignores them."""
        env = request.env
        Tombstone = env["dms.api.tombstone"]
        if position is None:
            # sudo: only the highest id, so that the next pull starts after every deletion so far
            # (a first pull serves current records only)
            last = Tombstone.sudo().search([], order="id desc", limit=1)
            return [], last.id or 0
        domain = [("res_model", "=", res.model), ("id", ">", position[2])]
        companies = res.deletions_beyond_rules(env) if res.deletions_beyond_rules else None
        if companies:
            # the deletions the tombstone rule lets through (the user's companies) and those of the
            # companies whose records the resource serves beyond the rules
            # (Resource.deletions_beyond_rules, built with the user's rights); ids only
            domain = expression.OR([[("id", "in", Tombstone._search(domain))],
                                    expression.AND([domain, [("company_id", "in", companies)]])])
            Tombstone = Tombstone.sudo()  # sudo: to search that domain, built above with the user's rules
        tombstones = Tombstone.search_read(domain, ["res_id"], order="id", limit=limit + 1)
        more = len(tombstones) > limit
        tombstones = tombstones[:limit]
        ids = [t["res_id"] for t in tombstones]
        new_position = tombstones[-1]["id"] if tombstones else position[2]
        if more:
            return None, (ids, new_position)
        return ids, new_position

    def _dms_api_lag(self):
        # sudo: reads one technical parameter (the cursor safety lag), not user data
        value = request.env["ir.config_parameter"].sudo().get_param(CURSOR_LAG_PARAM, DEFAULT_CURSOR_LAG)
        try:
            return max(0, int(value))
        except ValueError:
            return DEFAULT_CURSOR_LAG

    # Push ----------------------------------------------------------------------------------

    def _dms_api_push(self, res):
        httprequest = request.httprequest
        mimetype = httprequest.mimetype
        if mimetype != "application/json":
            return _error(415, "unsupported_media_type", "Send the batch as application/json.")
        if (httprequest.content_length or 0) > res.max_body:
            return _error(413, "payload_too_large", "The body is larger than %d bytes." % res.max_body)
        body = httprequest.get_data()  # cached: a retried request reads it again
        if len(body) > res.max_body:  # sent chunked, without a length (Odoo caps it at 128 MB)
            return _error(413, "payload_too_large", "The body is larger than %d bytes." % res.max_body)
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return _error(400, "invalid_json", "The body is not valid JSON.")
        except RecursionError:  # the decoder stops at the recursion limit and frees what it built
            return _error(400, "invalid_json", "The body is nested too deeply.")
        if not isinstance(payload, dict) or not isinstance(payload.get("records"), list):
            return _error(400, "invalid_batch", 'The body must be an object {"records": [...]}.')
        unknown = sorted(set(payload) - {"records"})
        if unknown:
            return _error(400, "unknown_field", "Unknown field %s in the batch." % unknown[0], field=unknown[0])
        records = payload["records"]
        if not records:
            return _error(400, "invalid_batch", "The batch has no records.")
        if len(records) > MAX_BATCH:
            return _error(413, "batch_too_large", "At most %d records per batch." % MAX_BATCH)
        results = push_batch(request.env, res, records)
        return request.make_json_response({"resource": res.name, "results": results})
