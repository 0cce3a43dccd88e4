import datetime

from odoo.tests import BaseCase, tagged

from ..engine import secondary_order_import as soi
from ..engine.secondary_order_file import COLUMNS

DISTRIBUTOR, OTHER_DISTRIBUTOR, OUTLET, FOREIGN_OUTLET, ORPHAN_OUTLET, PROPOSED_OUTLET = 1, 2, 10, 11, 12, 13
SOAP, TOWEL = 100, 101
SOAP_CASE = 500
ADMIN, REP = 1000, 1001
NAMES = {("partner", DISTRIBUTOR): "Padma", ("partner", OTHER_DISTRIBUTOR): "Meghna",
         ("partner", OUTLET): "Gulshan Store", ("partner", FOREIGN_OUTLET): "Banani Store",
         ("partner", ORPHAN_OUTLET): "Lonely Store", ("partner", PROPOSED_OUTLET): "New Store",
         ("product", SOAP): "Soap", ("product", TOWEL): "Towel"}


def _row(ref="INV-1", date="2026-01-15", outlet="OUT-1", product="SOAP", quantity="2", unit="unit", rep=""):
    return {"external_ref": ref, "date": date, "outlet_code": outlet, "product_code": product,
            "quantity": quantity, "unit": unit, "rep_login": rep}


def _build(parsed):
    return soi.build_orders(
        parsed,
        outlets={"OUT-1": soi.Outlet(OUTLET, DISTRIBUTOR, True),
                 "OUT-2": soi.Outlet(FOREIGN_OUTLET, OTHER_DISTRIBUTOR, True),
                 "OUT-3": soi.Outlet(ORPHAN_OUTLET, None, True),
                 "OUT-4": soi.Outlet(PROPOSED_OUTLET, DISTRIBUTOR, False)},
        products={"SOAP": SOAP, "TOWEL": TOWEL, "TWIN": False},
        packagings={SOAP: SOAP_CASE},
        users={"rep": REP},
        distributor_id=DISTRIBUTOR, default_user_id=ADMIN,
        display_name=lambda kind, record_id: NAMES[kind, record_id])


@tagged("post_install", "-at_install")
class TestSecondaryOrderImportEngine(BaseCase):
    """Row checks of the order import, without a database."""

    def test_header(self):
        self.assertEqual(soi.check_header(list(COLUMNS)), [])
        errors = soi.check_header(["external_ref", "date", "outlet_code", "product_code"])
        self.assertEqual([(e[0], e[1]) for e in errors], [(1, "quantity"), (1, "unit")])
        self.assertIn("Expected columns: external_ref, date, outlet_code", errors[0][3])

    def test_no_rows(self):
        self.assertEqual(soi.parse_rows([], set()),
                         ([], [(2, "", "", "The file has a header row but no order lines.")]))

    def test_parse_good_row(self):
        parsed, errors = soi.parse_rows([(2, _row(unit="CASE", rep="rep"))], set())
        self.assertEqual(errors, [])
        self.assertEqual(parsed, [{
            "row": 2, "ref": "INV-1", "date": datetime.datetime(2026, 1, 15), "quantity": 2.0, "unit": "case",
            "outlet_code": "OUT-1", "product_code": "SOAP", "rep_login": "rep", "ok": True}])

    def test_parse_bad_cells(self):
        parsed, errors = soi.parse_rows([
            (2, _row(outlet="")),
            (3, _row(date="15.01.2026", quantity="1,000", unit="box")),
            (4, _row(quantity="-3")),
        ], set())
        self.assertEqual([(e[0], e[1], e[2]) for e in errors], [
            (2, "outlet_code", ""),
            (3, "date", "15.01.2026"), (3, "quantity", "1,000"), (3, "unit", "box"),
            (4, "quantity", "-3"),
        ])
        self.assertEqual(errors[0][3], "outlet_code is empty.")
        self.assertEqual(errors[3][3], "box is not a unit: write unit or case.")
        self.assertEqual([p["ok"] for p in parsed], [False, False, False])
        self.assertIsNone(parsed[1]["date"])
        self.assertIsNone(parsed[1]["quantity"])

    def test_parse_skips_imported_orders(self):
        """Rows of an order imported before are left out, errors included."""
        parsed, errors = soi.parse_rows([(2, _row(ref="OLD", quantity="x")), (3, _row(ref="NEW"))], {"OLD"})
        self.assertEqual(errors, [])
        self.assertEqual([p["ref"] for p in parsed], ["NEW"])

    def test_messages_go_through_the_given_translation(self):
        class Translator:
            @staticmethod
            def _(source, **params):
                return "T:" + source % params

        _parsed, errors = soi.parse_rows([(2, _row(unit="box"))], set(), tr=Translator())
        self.assertEqual(errors[0][3], "T:box is not a unit: write unit or case.")

    def test_build_orders(self):
        parsed, _errors = soi.parse_rows([
            (2, _row(ref="INV-1", unit="case")),
            (3, _row(ref="INV-1", product="TOWEL", quantity="5")),
            (4, _row(ref="INV-2", rep="rep", quantity="1.5")),
        ], set())
        orders, errors = _build(parsed)
        self.assertEqual(errors, [])
        self.assertEqual(orders, [
            {"ref": "INV-1", "date": datetime.datetime(2026, 1, 15), "outlet_code": "OUT-1", "outlet_id": OUTLET,
             "user_id": ADMIN, "rep_login": "", "row": 2,
             "lines": [(SOAP, 2.0, SOAP_CASE, 2), (TOWEL, 5.0, None, 3)]},
            {"ref": "INV-2", "date": datetime.datetime(2026, 1, 15), "outlet_code": "OUT-1", "outlet_id": OUTLET,
             "user_id": REP, "rep_login": "rep", "row": 4, "lines": [(SOAP, 1.5, None, 4)]},
        ])

    def test_build_orders_errors(self):
        parsed, _errors = soi.parse_rows([
            (2, _row(ref="A", outlet="NOPE")),
            (3, _row(ref="B", outlet="OUT-2")),
            (4, _row(ref="C", outlet="OUT-3")),
            (5, _row(ref="D", outlet="OUT-4")),
            (6, _row(ref="E", product="GONE")),
            (7, _row(ref="E", product="TWIN")),
            (8, _row(ref="E", product="TOWEL", unit="case")),
            (9, _row(ref="E", rep="ghost")),
            (10, _row(ref="E", outlet="OUT-2", date="2026-01-16")),
        ], set())
        orders, errors = _build(parsed)
        self.assertEqual([(e[0], e[1], e[2], e[3]) for e in soi.sort_errors(errors)], [
            (2, "outlet_code", "NOPE", "No outlet with code NOPE that you can see."),
            (3, "outlet_code", "OUT-2", "Outlet Banani Store is served by Meghna, not by Padma."),
            (4, "outlet_code", "OUT-3", "Outlet Lonely Store is served by no distributor, not by Padma."),
            (5, "outlet_code", "OUT-4", "Outlet New Store is not approved (Outlet Status)."),
            (6, "product_code", "GONE", "No product for sale with internal reference or barcode GONE."),
            (7, "product_code", "TWIN", "TWIN matches several products: use a code that names one product."),
            (8, "unit", "case", "Towel has no sales packaging, so it cannot be ordered in cases."),
            (9, "rep_login", "ghost", "No internal user with login ghost."),
            (9, "rep_login", "ghost", "Order E: rep_login differs from row 6; all rows of an order must agree "
                                      "on outlet, date and rep."),
            (10, "date", "2026-01-16 00:00:00", "Order E: date differs from row 6; all rows of an order must "
                                                "agree on outlet, date and rep."),
            (10, "outlet_code", "OUT-2", "Outlet Banani Store is served by Meghna, not by Padma."),
            (10, "outlet_code", "OUT-2", "Order E: outlet_code differs from row 6; all rows of an order must "
                                         "agree on outlet, date and rep."),
        ])
        self.assertEqual([o["ref"] for o in orders], ["A", "B", "C", "D", "E"])
        self.assertEqual([o["outlet_id"] for o in orders], [None, None, None, None, OUTLET])
        self.assertEqual(orders[-1]["lines"], [(None, 2.0, None, 6), (None, 2.0, None, 7), (TOWEL, 2.0, None, 8),
                                               (SOAP, 2.0, None, 9), (SOAP, 2.0, None, 10)])
