from odoo import api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install", "concurrency")
class TestCollectionConcurrency(BaseCase):
    """Two real transactions: while one holds a collection's row lock (confirming it), a second
    confirmation fails at once instead of making a second payment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Race Test Payer"})
            collection = env["dms.collection"].create({"partner_id": partner.id, "amount": 10})
            cls.partner_id, cls.collection_id = partner.id, collection.id

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["dms.collection"].browse(cls.collection_id).unlink()
            env["res.partner"].browse(cls.partner_id).unlink()
        super().tearDownClass()

    def test_second_confirmation_fails_fast(self):
        with self.registry.cursor() as cr_1, self.registry.cursor() as cr_2:
            env_1 = api.Environment(cr_1, api.SUPERUSER_ID, {})
            env_2 = api.Environment(cr_2, api.SUPERUSER_ID, {})
            env_1["dms.collection"].browse(self.collection_id)._dms_lock()  # first device mid-confirmation
            collection_2 = env_2["dms.collection"].browse(self.collection_id)
            with mute_logger("odoo.sql_db"), self.assertRaises(UserError):
                collection_2.action_confirm()
            self.assertFalse(env_2["account.payment"].search([("partner_id", "=", self.partner_id)]))
            cr_1.rollback()
            cr_2.rollback()
