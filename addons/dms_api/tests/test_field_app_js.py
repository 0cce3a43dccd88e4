from odoo.tests import HttpCase, tagged

from odoo.addons.dms_sales.tests.common import hoot_suite_url
from odoo.addons.web.tests.test_js import unit_test_error_checker


@tagged("post_install", "-at_install")
class TestFieldAppJs(HttpCase):
    """The app's IndexedDB store, API client, outbox and sync: their Hoot suite, in Chromium."""

    def test_field_app_hoot_suite(self):
        self.browser_js(hoot_suite_url("@dms_api"), "", "", login="admin", timeout=600,
                        success_signal="[HOOT] Test suite succeeded", error_checker=unit_test_error_checker)
