import datetime

from odoo.tests import BaseCase, tagged

from ..engine.mobile_statement import StatementError, match_rows, parse_csv


@tagged("post_install", "-at_install")
class TestMobileStatementEngine(BaseCase):

    def test_parse_any_column_order_and_formats(self):
        rows = parse_csv("\ufeffSender,Amount,TrxID,Date\n0171,\"1,250.50\",AB1,03/12/2026\n\n0181,5,AB2,2026-12-04\n")
        self.assertEqual([(r.line, r.date, r.transaction_id, r.amount, r.sender) for r in rows], [
            (2, datetime.date(2026, 12, 3), "AB1", 1250.5, "0171"),
            (4, datetime.date(2026, 12, 4), "AB2", 5.0, "0181")])

    def test_bad_files_name_the_line(self):
        for data, line in (("", 1), ("Date,Amount\n2026-01-01,5\n", 1),
                           ("Date,TrxID,Amount\n2026-01-01,X,five\n", 2),
                           ("Date,TrxID,Amount\n2026-01-01,X,5\nsoon,Y,5\n", 3),
                           ("Date,TrxID,Amount\n2026-01-01,,5\n", 2)):
            with self.subTest(data=data), self.assertRaises(StatementError) as caught:
                parse_csv(data)
            self.assertEqual(caught.exception.line, line)

    def test_match_by_transaction_then_amount(self):
        rows = parse_csv("Date,TrxID,Amount\n2026-01-01,A,100\n2026-01-01,B,99.99\n2026-01-01,C,1\n"
                         "2026-01-01,D,7\n2026-01-01,A,100\n")
        collections = {"A": (1, 100.0, False), "B": (2, 100.0, False), "D": (4, 7.0, True)}
        self.assertEqual(match_rows(rows, collections), [
            ("matched", 1), ("amount", 2), ("no_collection", None), ("already", 4), ("duplicate", 1)])
