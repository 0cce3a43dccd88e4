"""The field app: an offline-first web app (OWL, its own asset bundle) for reps and drivers.

* ``/dms/app``: the app's page. It is public and the same for everyone (no user data in it): the
  service worker keeps it, so that it opens with no connection. Signing in happens in the app.
* ``/dms/app/manifest.webmanifest``: what installing it on a phone needs (name, icons, scope).
* ``/dms/app/sw.js``: the service worker, its scope widened to ``/dms/app`` by the
  ``Service-Worker-Allowed`` header; its text carries the URLs of the current bundle, so a new
  bundle means a new worker, which caches it (``static/src/field_app_sw/service_worker.js``).
* ``/dms/app/pair``: the device signs in once with the user's login and password and receives an
  API key of scope ``dms_api`` named after the device ("Field app - <device>"), listed with the
  user's other keys (Preferences > Account Security) and revocable there. The key, not the
  password, is what the app keeps and sends to the sync API as a bearer token.
  ``type="json"``: Odoo checks the body is JSON, which a cross-site form cannot send, so the
  route needs no CSRF token (and takes no session cookie into account).
* ``/dms/app/unpair``: signing out revokes the key the request is authenticated with.
"""
import datetime
import hashlib
import json
import logging
import re

from odoo import http
from odoo.exceptions import AccessDenied
from odoo.http import request
from odoo.tools import SQL, file_open

from odoo.addons.base.models.res_users import INDEX_SIZE, KEY_CRYPT_CONTEXT

_logger = logging.getLogger(__name__)

API_KEY_SCOPE = "dms_api"  # the sync API's key scope (controllers/main.py accepts it)
BEARER_RE = re.compile(r"^Bearer\s+(\S{1,200})\s*$", re.IGNORECASE)
SCOPE = "/dms/app"
BUNDLE = "dms_api.assets_field_app"
MANIFEST_URL = "/dms/app/manifest.webmanifest"
SERVICE_WORKER_URL = "/dms/app/sw.js"
SERVICE_WORKER_SOURCE = "dms_api/static/src/field_app_sw/service_worker.js"
ICON_DIR = "/dms_api/static/img/field_app"
ICON_SIZES = (48, 72, 96, 144, 192, 512)
MASKABLE_SIZES = (192, 512)
THEME_COLOR = "#0f6e66"
BACKGROUND_COLOR = "#f3f5f7"
KEY_NAME_PREFIX = "Field app - "
KEY_DAYS_PARAM = "dms_api.field_app_key_days"
DEFAULT_KEY_DAYS = 90
MAX_DEVICE_NAME = 60
MAX_CREDENTIAL = 256
CONTROL_CHARS_RE = re.compile(r"[\x00-\x1f\x7f]+")


def _error(code, message):
    return {"error": {"code": code, "message": message}}


class DmsFieldApp(http.Controller):

    def _dms_field_app_icons(self):
        icons = [{"src": "%s/icon-%d.png" % (ICON_DIR, size), "sizes": "%dx%d" % (size, size),
                  "type": "image/png", "purpose": "any"} for size in ICON_SIZES]
        icons += [{"src": "%s/icon-maskable-%d.png" % (ICON_DIR, size), "sizes": "%dx%d" % (size, size),
                   "type": "image/png", "purpose": "maskable"} for size in MASKABLE_SIZES]
        return icons

    def _dms_field_app_precache(self):
        """What the service worker keeps: the page, its manifest and icons, the bundle's files."""
        bundle = request.env["ir.qweb"]._get_asset_links(BUNDLE)
        return [SCOPE, MANIFEST_URL, "%s/apple-touch-icon.png" % ICON_DIR] + \
            [icon["src"] for icon in self._dms_field_app_icons()] + [url for url in bundle if url]

    # Pages ---------------------------------------------------------------------------------

    @http.route(SCOPE, type="http", auth="public", methods=["GET"], readonly=True, sitemap=False,
                save_session=False)
    def dms_field_app(self):
        response = request.render("dms_api.field_app_page", {
            "theme_color": THEME_COLOR,
            "manifest_url": MANIFEST_URL,
            "icon_dir": ICON_DIR,
        })
        # always asked again when online; the service worker answers it offline
        response.headers["Cache-Control"] = "no-cache"
        return response

    @http.route(MANIFEST_URL, type="http", auth="public", methods=["GET"], readonly=True, sitemap=False,
                save_session=False)
    def dms_field_app_manifest(self):
        manifest = {
            "id": SCOPE,
            "name": request.env._("DMS Field"),
            "short_name": request.env._("DMS Field"),
            "description": request.env._("Today's visits and the field work of reps and drivers, offline."),
            "start_url": SCOPE,
            "scope": SCOPE,
            "display": "standalone",
            "orientation": "portrait",
            "theme_color": THEME_COLOR,
            "background_color": BACKGROUND_COLOR,
            "prefer_related_applications": False,
            "icons": self._dms_field_app_icons(),
        }
        return request.make_json_response(manifest, headers=[
            ("Content-Type", "application/manifest+json"), ("Cache-Control", "no-cache")])

    @http.route(SERVICE_WORKER_URL, type="http", auth="public", methods=["GET"], readonly=True, sitemap=False,
                save_session=False)
    def dms_field_app_service_worker(self):
        urls = self._dms_field_app_precache()
        version = hashlib.sha256(json.dumps(urls).encode()).hexdigest()[:16]
        with file_open(SERVICE_WORKER_SOURCE) as f:
            source = f.read()
        source = source.replace("__DMS_FIELD_APP_VERSION__", version).replace(
            '"__DMS_FIELD_APP_PRECACHE__"', json.dumps(urls))
        return request.make_response(source, headers=[
            ("Content-Type", "text/javascript; charset=utf-8"),
            ("Service-Worker-Allowed", SCOPE),
            ("Cache-Control", "no-cache"),
        ])

    # Pairing -------------------------------------------------------------------------------

    @http.route("/dms/app/pair", type="json", auth="public", methods=["POST"], sitemap=False,
                save_session=False)
    def dms_field_app_pair(self, login=None, password=None, device_name=None, **kwargs):
        """Check the login and password; answer a new API key of scope ``dms_api`` (once: only
        its hash is stored) or ``{"error": {"code", "message"}}``."""
        env = request.env
        if kwargs:
            return _error("unknown_field", env._("Unknown field %s.", sorted(kwargs)[0]))
        if not all(isinstance(value, str) and value for value in (login, password, device_name)):
            return _error("missing_field", env._("Give your login, your password and a name for this device."))
        device = CONTROL_CHARS_RE.sub(" ", device_name).strip()[:MAX_DEVICE_NAME].strip()
        if not device or len(login) > MAX_CREDENTIAL or len(password) > MAX_CREDENTIAL:
            return _error("invalid_value", env._("Give your login, your password and a name for this device."))
        credential = {"login": login.strip(), "password": password, "type": "password"}
        try:
            # the login page's check: password only (no API key as password), failures counted
            # per address and put on cooldown by _assert_can_auth
            auth_info = env.registry["res.users"].authenticate(request.db, credential, {"interactive": True})
        except AccessDenied:
            return _error("wrong_credentials", env._("Wrong login or password."))
        user_env = env(user=auth_info["uid"])
        user = user_env.user
        if not user._is_internal():
            return _error("not_allowed", env._("The field app is for the company's own staff."))
        if user._mfa_url():
            return _error("mfa_required", env._(
                "Your account signs in with two-step verification, which the field app does not support "
                "yet: ask your administrator."))
        name = KEY_NAME_PREFIX + device
        expiration = datetime.datetime.now() + datetime.timedelta(days=self._dms_field_app_key_days())
        # sudo: the key lasts the field-app duration the administrator set (dms_api.field_app_key_days)
        # rather than the user's own maximum for keys (one day by default); it stays the user's own
        # key (env.user is still them), of scope dms_api only, listed and revocable like any other
        key = user_env["res.users.apikeys"].sudo()._generate(API_KEY_SCOPE, name, expiration)
        _logger.info("Field app paired for %s (#%s): %s", user.login, user.id, name)
        return {
            "api_key": key,
            "key_name": name,
            "device_name": device,
            "expires": expiration.replace(microsecond=0).isoformat() + "Z",
            "user": {"id": user.id, "name": user.name, "login": user.login, "lang": user.lang},
        }

    def _dms_field_app_key_days(self):
        # sudo: reads one technical parameter (how long a device key lasts), not user data
        value = request.env["ir.config_parameter"].sudo().get_param(KEY_DAYS_PARAM, DEFAULT_KEY_DAYS)
        try:
            return min(max(1, int(value)), 3650)
        except ValueError:
            return DEFAULT_KEY_DAYS

    @http.route("/dms/app/unpair", type="http", auth="none", methods=["POST"], csrf=False, readonly=False,
                sitemap=False, save_session=False)
    def dms_field_app_unpair(self):
        """Revoke the API key this request is authenticated with (signing out of the device).
        Bearer only: a browser session never reaches it, so it needs no CSRF token."""
        if not request.db:
            return request.make_json_response({"error": {"code": "no_database"}}, status=404)
        match = BEARER_RE.match(request.httprequest.headers.get("Authorization", ""))
        key = match and match[1]
        uid = key and request.env["res.users.apikeys"]._check_credentials(scope=API_KEY_SCOPE, key=key)
        if not uid:
            return request.make_json_response({"error": {"code": "unauthorized"}}, status=401)
        Keys = request.env(user=uid)["res.users.apikeys"]
        request.env.cr.execute(SQL(
            "SELECT id, key FROM res_users_apikeys WHERE index = %s AND user_id = %s AND scope = %s",
            key[:INDEX_SIZE], uid, API_KEY_SCOPE))
        ids = [key_id for key_id, hashed in request.env.cr.fetchall() if KEY_CRYPT_CONTEXT.verify(key, hashed)]
        Keys.browse(ids)._remove()  # the user's own key: _remove checks it
        return request.make_json_response({"revoked": len(ids)})
