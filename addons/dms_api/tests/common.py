import json
import uuid

from odoo.tests import HttpCase, new_test_user
from odoo.tools import SQL

from odoo.addons.dms_sales.tests.common import DmsSalesCommon


class DmsApiCommon(DmsSalesCommon, HttpCase):
    """The sales fixture (two reps in two areas of North, a distributor each side) plus API keys."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Keys = cls.env["res.users.apikeys"]
        cls.key_rep = Keys.with_user(cls.rep).sudo()._generate("dms_api", "phone", None)
        cls.key_rep_2 = Keys.with_user(cls.rep_2).sudo()._generate(None, "phone", None)
        cls.key_manager = Keys.with_user(cls.manager).sudo()._generate("dms_api", "phone", None)
        cls.distributor_user = new_test_user(
            cls.env, "dms_dist_staff", groups="base.group_portal,dms_sales.group_dms_distributor",
            partner_id=cls.env["res.partner"].create({
                "name": "Staff of North", "parent_id": cls.distributor.id}).id)
        cls.env["ir.config_parameter"].set_param("dms_api.cursor_lag_seconds", "0")

    def api(self, path, key=None, method="GET", body=None, headers=None, raw=None):
        """Call the API; (status, decoded JSON or None)."""
        all_headers = {"Authorization": "Bearer %s" % key} if key else {}
        if body is not None or raw is not None:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        if data is not None and method == "GET":
            method = "POST"
        response = self.opener.request(method, self.base_url() + "/dms/api/v1/" + path, data=data,
                                       headers=all_headers, timeout=30, allow_redirects=False)
        try:
            payload = response.json()
        except ValueError:
            payload = None
        return response.status_code, payload

    def pull_all(self, resource, key, since=None, limit=100):
        """Every page of a pull; (records, deleted, last cursor, pages)."""
        records, deleted, pages = [], [], 0
        while True:
            query = "%s?limit=%d" % (resource, limit) + ("&since=%s" % since if since else "")
            status, page = self.api(query, key)
            self.assertEqual(status, 200, page)
            pages += 1
            records += page["records"]
            deleted += page["deleted"]
            since = page["next_cursor"]
            if not page["has_more"]:
                return records, deleted, since, pages

    def push(self, resource, records, key=None):
        """Push `records` to `resource` (the rep's key by default); the per-record results."""
        status, body = self.api(resource, key or self.key_rep, body={"records": records})
        self.assertEqual(status, 200, body)
        return body["results"]

    def visit(self, **extra):
        """A finished visit payload with no order (the class's ``reason``); None values dropped."""
        vals = {"uuid": str(uuid.uuid4()), "check_in_time": "2026-03-02T10:00:00+06:00", "check_in_latitude": 23.7941,
                "check_in_longitude": 90.4032, "check_in_accuracy": 8, "check_out_time": "2026-03-02T10:20:00+06:00",
                "check_out_latitude": 23.7941, "check_out_longitude": 90.4032, "no_order_reason_id": self.reason.id}
        vals.update(extra)
        return {k: v for k, v in vals.items() if v is not None}

    def _age(self, records, minutes=60):
        """Pretend records were last written a while ago (before the test's first pull)."""
        self.env.flush_all()
        self.env.cr.execute(SQL(
            "UPDATE %s SET write_date = write_date - make_interval(mins => %s) WHERE id = ANY(%s)",
            SQL.identifier(records._table), minutes, records.ids))
        records.invalidate_recordset(["write_date"])
