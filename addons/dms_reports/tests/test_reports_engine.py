from datetime import date, timedelta

from odoo.tests import BaseCase, tagged

from ..engine.matching import OpenItem, mentions, propose_matches
from ..engine.schedule import next_run, period_just_ended
from ..engine.statement import Partial, ReceivableLine, ageing_bucket, build_statement

D = date(2026, 6, 30)


def _day(offset):
    return D - timedelta(days=offset)


@tagged("post_install", "-at_install")
class TestStatementEngine(BaseCase):

    def setUp(self):
        super().setUp()
        self.lines = [
            ReceivableLine(1, 10, "INV/1", _day(120), 1000.0, "invoice", _day(120)),
            ReceivableLine(2, 11, "PAY/1", _day(90), -400.0, "payment"),
            ReceivableLine(3, 12, "INV/2", _day(45), 2000.0, "invoice", _day(45)),
            ReceivableLine(4, 13, "RINV/1", _day(20), -300.0, "credit_note", _day(20)),
            ReceivableLine(5, 14, "RINV/2", _day(0), -150.0, "credit_note", _day(0), "claim", True),
            ReceivableLine(6, 15, "PAY/2", _day(5), -700.0, "payment"),
            ReceivableLine(7, 16, "INV/3", _day(10), 500.0, "invoice", _day(10)),
        ]
        self.partials = [Partial(1, 2, 400.0, _day(90)), Partial(3, 4, 300.0, _day(20))]

    def test_opening_running_closing(self):
        stmt = build_statement(self.lines, self.partials, _day(60), D)
        self.assertEqual(stmt.opening, 600.0)
        self.assertEqual([e.move_name for e in stmt.entries], ["INV/2", "RINV/1", "INV/3", "PAY/2", "RINV/2"])
        self.assertEqual([e.balance for e in stmt.entries], [2600.0, 2300.0, 2800.0, 2100.0, 1950.0])
        self.assertEqual(stmt.totals, {"invoice": 2500.0, "credit_note": -450.0, "payment": -700.0, "other": 0.0})
        self.assertEqual(stmt.claim_credits, -150.0)
        self.assertEqual(stmt.closing, 1950.0)
        self.assertEqual(stmt.ageing, {"0_30": -350.0, "31_60": 1700.0, "61_90": 0.0, "90_plus": 600.0})
        self.assertEqual(stmt.ageing_total, stmt.closing)

    def test_ageing_ignores_later_reconciliations(self):
        stmt = build_statement(self.lines, self.partials, _day(60), _day(30))
        self.assertEqual(stmt.closing, 2600.0)
        self.assertEqual(stmt.ageing, {"0_30": 2000.0, "31_60": 0.0, "61_90": 600.0, "90_plus": 0.0})

    def test_buckets_edges(self):
        self.assertEqual(ageing_bucket(D, D + timedelta(days=5)), "0_30", "not yet due")
        self.assertEqual(ageing_bucket(D, _day(30)), "0_30")
        self.assertEqual(ageing_bucket(D, _day(31)), "31_60")
        self.assertEqual(ageing_bucket(D, _day(90)), "61_90")
        self.assertEqual(ageing_bucket(D, _day(91)), "90_plus")


@tagged("post_install", "-at_install")
class TestMatchingEngine(BaseCase):

    def test_reference_then_amount_then_oldest(self):
        invoices = [
            OpenItem(1, 7, 1000.0, _day(50), _day(50), "INV/2026/00001"),
            OpenItem(2, 7, 500.0, _day(30), _day(30), "INV/2026/00002"),
            OpenItem(3, 7, 300.0, _day(10), _day(10), "INV/2026/00003"),
            OpenItem(4, 8, 500.0, _day(60), _day(60), "INV/2026/00004"),
        ]
        payments = [
            OpenItem(11, 7, 300.0, _day(5), reference="for inv/2026/00003 thanks"),
            OpenItem(12, 7, 500.0, _day(4)),
            OpenItem(13, 7, 600.0, _day(3)),
        ]
        matches = propose_matches(payments, invoices)
        self.assertEqual([(m.payment_id, m.invoice_id, m.amount, m.rule) for m in matches], [
            (11, 3, 300.0, "reference"), (12, 2, 500.0, "amount"), (13, 1, 600.0, "oldest")])

    def test_split_and_never_beyond_residual(self):
        invoices = [OpenItem(1, 7, 100.0, _day(50)), OpenItem(2, 7, 100.0, _day(40))]
        payments = [OpenItem(11, 7, 250.0, _day(5)), OpenItem(12, 7, 30.0, _day(4))]
        matches = propose_matches(payments, invoices)
        self.assertEqual([(m.payment_id, m.invoice_id, m.amount) for m in matches],
                         [(11, 1, 100.0), (11, 2, 100.0)], "the rest stays open; nothing left for 12")

    def test_mentions_whole_number_only(self):
        self.assertTrue(mentions("paid INV/2026/0001.", "INV/2026/0001"))
        self.assertFalse(mentions("paid INV/2026/00012", "INV/2026/0001"))
        self.assertFalse(mentions("", "INV/1"))


@tagged("post_install", "-at_install")
class TestScheduleEngine(BaseCase):

    def test_periods(self):
        wednesday = date(2026, 3, 4)
        self.assertEqual(period_just_ended("weekly", wednesday), (date(2026, 2, 23), date(2026, 3, 1)))
        self.assertEqual(next_run("weekly", wednesday), date(2026, 3, 9))
        self.assertEqual(period_just_ended("monthly", wednesday), (date(2026, 2, 1), date(2026, 2, 28)))
        self.assertEqual(next_run("monthly", date(2026, 12, 15)), date(2027, 1, 1))
