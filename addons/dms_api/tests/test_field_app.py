import datetime
import io
import json
import re
import xmlrpc.client

from PIL import Image

from odoo.tests import new_test_user, tagged

from .common import DmsApiCommon

REP_PASSWORD = "dms_repx"  # new_test_user: the login, padded to 8 characters


@tagged("post_install", "-at_install")
class TestFieldAppShell(DmsApiCommon):
    """/dms/app: the page, its manifest and icons, its service worker."""

    def test_page_is_public_and_the_same_for_everyone(self):
        response = self.url_open("/dms/app")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Cache-Control"], "no-cache")
        html = response.text
        self.assertIn('<link rel="manifest" href="/dms/app/manifest.webmanifest"/>', html)
        self.assertIn('name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"', html)
        bundle = re.findall(r'(?:src|href)="(/web/assets/[^"]+/dms_api\.assets_field_app\.min\.(?:js|css))"', html)
        self.assertEqual(len(bundle), 2, "the app's own bundle, its script and its style")
        self.assertNotIn("web.assets_web", html, "not the web client")
        # signed in to the web client or not: the same page, nothing of the user in it
        self.authenticate("dms_rep", "dms_rep")
        logged_in = self.url_open("/dms/app").text
        self.assertEqual(logged_in, html)
        self.assertNotIn(self.rep.name, logged_in)

    def test_manifest_makes_it_installable(self):
        response = self.url_open("/dms/app/manifest.webmanifest")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/manifest+json")
        manifest = response.json()
        self.assertEqual(
            {key: manifest[key] for key in ("name", "start_url", "scope", "display", "theme_color")},
            {"name": "DMS Field", "start_url": "/dms/app", "scope": "/dms/app", "display": "standalone",
             "theme_color": "#0f6e66"})
        sizes = {icon["sizes"] for icon in manifest["icons"] if icon["purpose"] == "any"}
        self.assertLessEqual({"48x48", "96x96", "192x192", "512x512"}, sizes)
        self.assertIn("maskable", {icon["purpose"] for icon in manifest["icons"]})
        for icon in manifest["icons"]:
            image = self.url_open(icon["src"])
            self.assertEqual((image.status_code, image.headers["Content-Type"]), (200, "image/png"), icon["src"])
            width, height = Image.open(io.BytesIO(image.content)).size
            self.assertEqual("%dx%d" % (width, height), icon["sizes"], icon["src"])

    def test_service_worker_covers_the_app_and_caches_its_bundle(self):
        response = self.url_open("/dms/app/sw.js")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/javascript"))
        self.assertEqual(response.headers["Service-Worker-Allowed"], "/dms/app")
        source = response.text
        self.assertNotIn("__DMS_FIELD_APP", source, "every placeholder is filled in")
        precache = json.loads(re.search(r"^const PRECACHE = (.*);( //.*)?$", source, re.M)[1])
        page = self.url_open("/dms/app").text
        for url in re.findall(r'(?:src|href)="(/web/assets/[^"]+)"', page):
            self.assertIn(url, precache, "the page's bundle is cached")
        self.assertIn("/dms/app", precache)
        for url in precache:
            self.assertEqual(self.url_open(url).status_code, 200, url)
        version = re.search(r'^const VERSION = "(\w+)";$', source, re.M)[1]
        self.assertEqual(self.url_open("/dms/app/sw.js").text, source, "same bundle, same worker")
        self.assertEqual(len(version), 16)


@tagged("post_install", "-at_install")
class TestFieldAppPairing(DmsApiCommon):
    """Signing in from the app: credentials in, a revocable device key of scope dms_api out."""

    def pair(self, **params):
        return self.make_jsonrpc_request("/dms/app/pair", params)

    def device_keys(self, user):
        return self.env["res.users.apikeys"].sudo().search(
            [("user_id", "=", user.id), ("name", "=like", "Field app - %")])

    def test_pairing_creates_a_key_listed_with_the_users_keys(self):
        before = datetime.datetime.now()
        result = self.pair(login="dms_rep", password=REP_PASSWORD, device_name="Rahim's Galaxy A14")
        self.assertEqual(result["user"], {"id": self.rep.id, "name": self.rep.name, "login": "dms_rep",
                                          "lang": self.rep.lang})
        self.assertEqual(result["key_name"], "Field app - Rahim's Galaxy A14")
        key = self.device_keys(self.rep)
        self.assertEqual((len(key), key.name, key.scope), (1, "Field app - Rahim's Galaxy A14", "dms_api"))
        self.assertIn(key, self.rep.api_key_ids, "listed in the user's Account Security")
        self.assertAlmostEqual(key.expiration_date, before + datetime.timedelta(days=90),
                               delta=datetime.timedelta(minutes=5))
        # the key is the app's bearer token for the sync API, and only for it
        self.assertEqual(self.api("visits", result["api_key"])[0], 200)
        with self.assertRaises(xmlrpc.client.Fault):
            self.xmlrpc_object.execute_kw(self.env.cr.dbname, self.rep.id, result["api_key"],
                                          "res.partner", "search", [[]])
        # revoked from the preferences: the app is signed out
        key.with_user(self.rep)._remove()
        self.assertEqual(self.api("visits", result["api_key"])[0], 401)

    def test_wrong_or_missing_credentials_create_nothing(self):
        cases = [
            ({"login": "dms_rep", "password": "nope", "device_name": "phone"}, "wrong_credentials"),
            ({"login": "nobody", "password": "dms_rep", "device_name": "phone"}, "wrong_credentials"),
            ({"login": "dms_rep", "password": self.key_rep, "device_name": "phone"}, "wrong_credentials"),
            ({"login": "dms_rep", "password": "", "device_name": "phone"}, "missing_field"),
            ({"login": "dms_rep", "password": REP_PASSWORD, "device_name": " \x07 "}, "invalid_value"),
            ({"login": "dms_rep", "password": REP_PASSWORD, "device_name": 12}, "missing_field"),
            ({"login": "dms_rep", "password": REP_PASSWORD, "device_name": "p", "scope": None}, "unknown_field"),
        ]
        for params, code in cases:
            with self.subTest(code=code, params=params):
                result = self.pair(**params)
                self.assertEqual(set(result), {"error"})
                self.assertEqual(result["error"]["code"], code)
        self.assertFalse(self.device_keys(self.rep))

    def test_device_name_is_cleaned_and_key_lifetime_is_configurable(self):
        self.env["ir.config_parameter"].set_param("dms_api.field_app_key_days", "7")
        result = self.pair(login="dms_rep", password=REP_PASSWORD, device_name="  Tab\nlet " + "x" * 100)
        self.assertEqual(result["key_name"], "Field app - Tab let " + "x" * 52)
        key = self.device_keys(self.rep)
        self.assertLess(key.expiration_date, datetime.datetime.now() + datetime.timedelta(days=7, minutes=5))

    def test_portal_users_cannot_pair(self):
        result = self.pair(login="dms_dist_staff", password="dms_dist_staff", device_name="phone")
        self.assertEqual(result["error"]["code"], "not_allowed")
        self.assertFalse(self.device_keys(self.distributor_user))

    def test_pairing_takes_json_only(self):
        """A cross-site form cannot pair a device: the route takes a JSON body (type="json"),
        which a form cannot send without a CORS preflight Odoo does not grant."""
        response = self.url_open("/dms/app/pair", data={"login": "dms_rep", "password": REP_PASSWORD,
                                                        "device_name": "phone"})
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(self.device_keys(self.rep))

    def test_signing_out_revokes_the_devices_key_only(self):
        first = self.pair(login="dms_rep", password=REP_PASSWORD, device_name="phone 1")["api_key"]
        second = self.pair(login="dms_rep", password=REP_PASSWORD, device_name="phone 2")["api_key"]

        def unpair(key):
            return self.opener.post(self.base_url() + "/dms/app/unpair", headers={"Authorization": "Bearer " + key},
                                    timeout=30)

        self.assertEqual(unpair("nope").status_code, 401)
        response = unpair(first)
        self.assertEqual((response.status_code, response.json()), (200, {"revoked": 1}))
        self.assertEqual(self.api("visits", first)[0], 401)
        self.assertEqual(self.api("visits", second)[0], 200)
        self.assertEqual(self.device_keys(self.rep).mapped("name"), ["Field app - phone 2"])
        # a global key is not the field app's to revoke
        self.assertEqual(unpair(self.key_rep_2).json(), {"revoked": 0})
        self.assertEqual(self.api("outlets", self.key_rep_2)[0], 200)

    def test_mfa_users_are_told_to_ask(self):
        user = new_test_user(self.env, "dms_rep_mfa", groups="dms_sales.group_dms_rep")
        self.patch(type(user), "_mfa_url", lambda self: "/web/login/totp")
        result = self.pair(login="dms_rep_mfa", password="dms_rep_mfa", device_name="phone")
        self.assertEqual(result["error"]["code"], "mfa_required")
        self.assertFalse(self.device_keys(user))
