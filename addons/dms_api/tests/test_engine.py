import datetime

from odoo.tests import BaseCase, tagged

from ..engine import cursor
from ..engine.payload import DateTime, List, Number, PayloadError, Record, Ref, Str, Uuid, validate

SPEC = {
    "uuid": Uuid(required=True),
    "name": Str(10),
    "qty": Number(0, 100, exclusive_minimum=True),
    "ref": Ref("res.partner"),
    "when": DateTime(),
    "lines": List(Record({"qty": Number(0, 5)}), max_items=2),
}
UUID = "0b4f2c1e-9d3a-4e57-8a7b-1c2d3e4f5a6b"


@tagged("post_install", "-at_install")
class TestPayloadEngine(BaseCase):

    def assertCode(self, data, code, field):
        with self.assertRaises(PayloadError) as catch:
            validate(SPEC, data)
        self.assertEqual((catch.exception.code, catch.exception.field), (code, field))

    def test_valid_record_is_cleaned(self):
        clean = validate(SPEC, {"uuid": UUID.upper(), "qty": 3, "when": "2026-03-01T10:00:00+06:00",
                                "lines": [{"qty": 0}], "name": None})
        self.assertEqual(clean, {"uuid": UUID, "qty": 3.0, "when": datetime.datetime(2026, 3, 1, 4, 0),
                                 "lines": [{"qty": 0.0}]})

    def test_errors(self):
        self.assertCode({}, "missing_field", "uuid")
        self.assertCode({"uuid": UUID, "x": 1}, "unknown_field", "x")
        self.assertCode({"uuid": UUID, "name": "x" * 11}, "too_long", "name")
        self.assertCode({"uuid": UUID, "name": 5}, "invalid_type", "name")
        self.assertCode({"uuid": UUID, "qty": 0}, "out_of_range", "qty")
        self.assertCode({"uuid": UUID, "qty": True}, "invalid_type", "qty")
        self.assertCode({"uuid": UUID, "qty": float("nan")}, "invalid_type", "qty")
        self.assertCode({"uuid": UUID, "ref": 0}, "unknown_id", "ref")
        self.assertCode({"uuid": UUID, "ref": 2**40}, "unknown_id", "ref")
        self.assertCode({"uuid": UUID, "ref": "7"}, "invalid_type", "ref")
        self.assertCode({"uuid": UUID, "when": "1999-01-01T00:00:00"}, "out_of_range", "when")
        self.assertCode({"uuid": UUID, "lines": [{}, {}, {}]}, "too_many_items", "lines")
        self.assertCode({"uuid": UUID, "lines": [{"qty": 9}]}, "out_of_range", "lines[0].qty")
        self.assertCode({"uuid": "{%s}" % UUID}, "invalid_uuid", "uuid")
        self.assertCode({"uuid": UUID, "name": "a\x00b"}, "invalid_value", "name")

    def test_cursor_round_trip_and_garbage(self):
        when = datetime.datetime(2026, 1, 2, 3, 4, 5, 678901)
        self.assertEqual(cursor.decode(cursor.encode(when, 42, 7)), (when, 42, 7))
        self.assertEqual(cursor.decode(cursor.encode(None, 0, 0)), (None, 0, 0))
        for garbage in ("", "abc", "W10", "x" * 300, cursor.encode(when, 1, 1)[:-3] + "!!!",
                        "WyJ4IiwxLDFd", "WzEsMiwzLDRd", "WyIyMDI2LTAxLTAxIiwtMSwwXQ",
                        "W251bGwsMWU0MDAsMF0",  # [null,1e400,0]
                        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzA2OjAwIiwxLDBd"):  # ["2026-01-01T00:00:00+06:00",1,0]
            with self.assertRaises(cursor.CursorError, msg=garbage):
                cursor.decode(garbage)


@tagged("post_install", "-at_install")
class TestPayloadFieldTypes(BaseCase):

    def test_base64_choice_and_date(self):
        from ..engine.payload import Base64, Choice, Date

        photo = Base64(3)
        self.assertEqual(photo.clean("YWJj", "photo"), "YWJj")
        for value, code in (("YWJjZA==", "too_large"), ("%%%", "invalid_value"), (12, "invalid_type")):
            with self.assertRaises(PayloadError) as caught:
                photo.clean(value, "photo")
            self.assertEqual(caught.exception.code, code, value)
        self.assertEqual(Choice(["cash", "cheque"]).clean("cash", "method"), "cash")
        with self.assertRaises(PayloadError) as caught:
            Choice(["cash", "cheque"]).clean("card", "method")
        self.assertEqual(caught.exception.code, "invalid_value")
        self.assertEqual(Date().clean("2026-03-02", "date"), datetime.date(2026, 3, 2))
        with self.assertRaises(PayloadError) as caught:
            Date().clean("2026-02-30", "date")
        self.assertEqual(caught.exception.code, "invalid_value")
