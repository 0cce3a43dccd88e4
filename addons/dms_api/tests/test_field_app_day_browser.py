import os

from odoo.tests import tagged

from .test_field_app_browser import PHONE
from .test_field_app_rep_browser import TestFieldAppRepBrowser

SHOT_DIR = "/tmp/shots/fieldapp2"


@tagged("post_install", "-at_install")
class TestFieldAppDayBrowser(TestFieldAppRepBrowser):
    """Start day and End day on the Today screen, in a real Chromium at 390 x 844: pressed with
    the server down (queued in the outbox, shown at once), then sent once back online. Screenshots
    go to /tmp/shots/fieldapp2/."""

    test_rep_day_offline_then_synced_once = None

    def screenshot(self, name):
        size = super().screenshot(name)
        os.makedirs(SHOT_DIR, exist_ok=True)
        with open(os.path.join(self.shot_dir, "%s.png" % name), "rb") as src, \
                open(os.path.join(SHOT_DIR, "%s.png" % name), "wb") as dst:
            dst.write(src.read())
        return size

    def test_start_and_end_day_offline(self):
        self.open_app(23.8104, 90.4126)
        self.sign_in()
        self.assertIn("Day not started", self.text(".o_dms_day"))
        self.assertEqual(self.screenshot("day_1_not_started"), PHONE)
        self.assertEqual(self.layout_problems(), [])

        def server_down(app, environ, start_response):
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"stopped for the test"]

        with self._patched_server(server_down):
            self.tap(".o_dms_start_day")
            self.wait_for("document.querySelector('.o_dms_end_day')", message="the day did not start offline")
            self.assertIn("Day started at", self.text(".o_dms_day"))
            self.assertNotIn("without GPS", self.text(".o_dms_day"))
            self.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '1'")
            self.assertEqual(self.screenshot("day_2_started_offline"), PHONE)
            self.assertEqual(self.layout_problems(), [])
            self.js("window.confirm = () => true")
            self.set_position(23.7900, 90.3700)
            self.tap(".o_dms_end_day")
            self.wait_for("!document.querySelector('.o_dms_end_day')")
            self.assertIn("Day ended at", self.text(".o_dms_day"))
            self.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '2'")
            self.assertFalse(self.env["dms.rep.day"].search([("user_id", "=", self.rep.id)]))

        # back online: both sent once, the start first
        self.tap(".o_dms_sync")
        self.wait_for("document.querySelector('.o_dms_outbox_count strong').textContent === '0'")
        self.wait_for("!document.querySelector('.o_dms_status_syncing')")
        self.assertEqual(self.screenshot("day_3_ended_synced"), PHONE)
        self.env.invalidate_all()
        day = self.env["dms.rep.day"].search([("user_id", "=", self.rep.id)])
        self.assertEqual((len(day), day.state, day.has_start_gps, day.has_end_gps), (1, "ended", True, True))
        self.assertAlmostEqual(day.start_latitude, 23.8104, places=4)
        self.assertAlmostEqual(day.end_longitude, 90.37, places=4)
        self.assertEqual(self.js("window.__errors"), [])
