import base64

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dms_sales.guard import dms_system_write
from odoo.addons.dms_sales.tests.common import DmsConcurrencyCase

CSV = b"Date,Transaction ID,Amount,Sender\n2026-03-01,RACETRX1,450.00,01711000000\n"


@tagged("post_install", "-at_install", "concurrency")
class TestMobileStatementRace(DmsConcurrencyCase):
    """Two accountants import two statements holding the same bKash transaction at the same moment:
    the collection's money is cleared once; the other statement lists it as already reconciled (or
    its import is refused while the first holds the collection)."""

    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            partner = env["res.partner"].create({"name": "Wallet Race Outlet"})
            wallet = env["account.journal"].create({"name": "Race Wallet", "code": "RCWLT", "type": "bank"})
            provider = env["dms.mobile.provider"].create({"name": "bKash Race", "journal_id": wallet.id})
            collection = env["dms.collection"].create({
                "partner_id": partner.id, "amount": 450, "date": "2026-03-01", "method": "mobile",
                "mobile_provider_id": provider.id, "mobile_transaction_id": "RACETRX1"})
            collection.action_confirm()
            statements = env["dms.mobile.statement"].create([
                {"provider_id": provider.id, "file": base64.b64encode(CSV), "file_name": name}
                for name in ("first.csv", "second.csv")])
            self.ids = {"partner": partner.id, "wallet": wallet.id, "provider": provider.id,
                        "collection": collection.id, "statements": statements.ids}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.committed_env() as env, mute_logger("odoo.sql_db"):
            collection = env["dms.collection"].browse(self.ids["collection"])
            statements = env["dms.mobile.statement"].browse(self.ids["statements"])
            payment, clearing = collection.payment_id, collection.clearing_move_id
            (payment.move_id | clearing).line_ids.remove_move_reconcile()
            with dms_system_write():
                statements.write({"state": "draft"})
                collection.write({"state": "cancel", "payment_id": False, "clearing_move_id": False})
            statements.unlink()
            clearing.button_draft()
            clearing.unlink()
            payment.action_draft()
            payment.unlink()
            collection.unlink()
            env["dms.mobile.provider"].browse(self.ids["provider"]).unlink()
            env["account.journal"].browse(self.ids["wallet"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()

    def test_two_statements_at_once_clear_once(self):
        self.meet_at("dms.mobile.statement", "_dms_reconcile_rows")
        results = self.run_concurrently(*(
            lambda env, statement_id=statement_id: env["dms.mobile.statement"].browse(statement_id).action_import()
            for statement_id in self.ids["statements"]))
        self.assertTrue(all(r is True or isinstance(r, UserError) for r in results), results)
        self.assertIn(True, results)
        with self.committed_env() as env:
            collection = env["dms.collection"].browse(self.ids["collection"])
            self.assertTrue(collection.clearing_move_id)
            self.assertEqual(env["account.move"].search_count([
                ("journal_id", "=", self.ids["wallet"]), ("id", "!=", collection.payment_id.move_id.id)]), 1,
                "one clearing entry in the wallet")
            lines = env["dms.mobile.statement"].browse(self.ids["statements"]).line_ids
            self.assertIn(sorted(lines.mapped("status")), (["already", "matched"], ["matched"]))
            self.assertTrue(collection.payment_id.is_matched)
