from odoo.tests import tagged

from .common import DmsApiCommon


@tagged("post_install", "-at_install")
class TestApiAuth(DmsApiCommon):

    def test_missing_invalid_and_revoked_keys(self):
        status, body = self.api("outlets")
        self.assertEqual(status, 401)
        self.assertEqual(body["error"]["code"], "unauthorized")
        for header in ("Bearer nope", "Basic %s" % self.key_rep, "Bearer", self.key_rep):
            status, body = self.api("outlets", headers={"Authorization": header})
            self.assertEqual(status, 401, header)
        self.assertEqual(self.api("outlets", self.key_rep)[0], 200)
        # revoked: the user deletes the key
        self.env["res.users.apikeys"].search([("user_id", "=", self.rep.id)]).with_user(self.rep)._remove()
        status, body = self.api("outlets", self.key_rep)
        self.assertEqual(status, 401)
        # an archived user's key no longer works either
        self.assertEqual(self.api("outlets", self.key_rep_2)[0], 200)
        self.rep_2.active = False
        self.assertEqual(self.api("outlets", self.key_rep_2)[0], 401)

    def test_a_session_cookie_is_not_a_credential(self):
        """Logged in to the web UI but no key: the API still answers 401 (no CSRF exposure)."""
        self.authenticate("dms_rep", "dms_rep")
        self.assertEqual(self.api("outlets")[0], 401)
        self.assertEqual(self.api("secondary_orders", body={"records": []})[0], 401)

    def test_unknown_resource_and_method(self):
        status, body = self.api("nothing", self.key_rep)
        self.assertEqual((status, body["error"]["code"]), (404, "unknown_resource"))
        status, body = self.api("outlets", self.key_rep, method="POST", body={"records": []})
        self.assertEqual((status, body["error"]["code"]), (405, "method_not_allowed"))
        status, body = self.api("secondary_orders", self.key_rep, method="DELETE")
        self.assertEqual(status, 405)

    def test_openapi_is_public_json(self):
        response = self.url_open("/dms/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["openapi"], "3.0.3")
