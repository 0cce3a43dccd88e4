from odoo.tests import HttpCase, tagged

from odoo.addons.web.tests.test_js import unit_test_error_checker

from .common import hoot_suite_url


@tagged("post_install", "-at_install")
class TestSchemeEngineJs(HttpCase):
    """The JavaScript port of the scheme engine (static/src/engine/schemes.js) gives the Python
    engine's result on every shared vector: its Hoot suite, run in Chromium."""

    def test_scheme_engine_hoot_suite(self):
        self.browser_js(hoot_suite_url("@dms_sales"), "", "", login="admin", timeout=600,
                        success_signal="[HOOT] Test suite succeeded", error_checker=unit_test_error_checker)
