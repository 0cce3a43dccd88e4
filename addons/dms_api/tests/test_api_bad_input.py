import base64
import json

from odoo.tests import tagged

from ..registry import RESOURCES
from .common import DmsApiCommon


def raw_cursor(text):
    """A cursor as the API encodes one, around any JSON text."""
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@tagged("post_install", "-at_install")
class TestApiBadInput(DmsApiCommon):
    """Input no client of ours sends is answered with the documented error JSON, never a 500 or
    an HTML page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Keys = cls.env["res.users.apikeys"]
        cls.key_portal = Keys.with_user(cls.distributor_user).sudo()._generate("dms_api", "phone", None)

    def assertError(self, answer, status, code):
        got, body = answer
        self.assertEqual(got, status, body)
        self.assertIsInstance(body, dict, "the answer is not JSON")
        self.assertEqual(body["error"]["code"], code, body)

    def test_json_nested_too_deep(self):
        deep = "[" * 200_000 + "]" * 200_000
        self.assertError(self.api("secondary_orders", self.key_rep, method="POST", raw=deep), 400, "invalid_json")
        in_a_record = '{"records": [{"note": %s}]}' % ('{"a": ' * 200_000 + "1" + "}" * 200_000)
        self.assertError(self.api("visits", self.key_rep, method="POST", raw=in_a_record), 400, "invalid_json")
        self.assertFalse(self.env["dms.secondary.order"].search([("origin", "=", "api")]))

    def test_number_no_float_holds(self):
        """A 400-digit integer where a quantity goes: the record's error, not a 500."""
        order = {"uuid": "0b4f2c1e-9d3a-4e57-8a7b-1c2d3e4f5a6b", "outlet_id": self.outlet.id,
                 "lines": [{"product_id": self.soap.id, "qty": 10**400}]}
        status, body = self.api("secondary_orders", self.key_rep, raw=json.dumps({"records": [order]}))
        self.assertEqual(status, 200, body)
        [result] = body["results"]
        self.assertEqual((result["status"], result["code"], result["field"]), ("error", "invalid_type", "lines[0].qty"))

    def test_cursor_with_an_infinite_id(self):
        for text in ("[null,1e400,0]", "[null,0,1e400]", "[null,1.5,0]", "[null,-1e400,0]"):
            self.assertError(self.api("outlets?since=%s" % raw_cursor(text), self.key_rep), 400, "invalid_cursor")

    def test_cursor_with_a_timezone(self):
        # past: records follow it; future: none do, and the next cursor is computed from it
        for when in ("2026-01-02T03:04:05+06:00", "2099-01-02T03:04:05.000001+00:00"):
            since = raw_cursor(json.dumps([when, 1, 0]))
            self.assertError(self.api("outlets?since=%s" % since, self.key_rep), 400, "invalid_cursor")
        # a cursor the API gave still works
        _status, page = self.api("outlets", self.key_rep)
        self.assertEqual(self.api("outlets?since=%s" % page["next_cursor"], self.key_rep)[0], 200)

    def test_portal_key_gets_json_errors_without_group_names(self):
        group_names = [name for name in self.env["res.groups"].search([]).mapped("full_name") if len(name) > 5]
        for resource in ("products", "prices"):
            response = self.opener.get(self.base_url() + "/dms/api/v1/" + resource, timeout=30,
                                       headers={"Authorization": "Bearer %s" % self.key_portal})
            self.assertEqual(response.status_code, 403, resource)
            self.assertEqual(response.headers["Content-Type"], "application/json; charset=utf-8", resource)
            self.assertEqual(response.json()["error"]["code"], "forbidden", resource)
            leaked = [name for name in group_names if name in response.text]
            self.assertFalse(leaked, "%s answer names groups" % resource)
        for resource in RESOURCES:
            status, body = self.api(resource, self.key_portal)
            self.assertIn(status, (200, 403), resource)
            self.assertIsInstance(body, dict, "%s answer is not JSON" % resource)
