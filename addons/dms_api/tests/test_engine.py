import datetime

from odoo.tests import BaseCase, tagged

from ..engine import cursor
from ..engine.payload import (
    Base64,
    Choice,
    Date,
    DateTime,
    List,
    Number,
    PayloadError,
    PushRecord,
    Ref,
    Str,
    Uuid,
    openapi_schema,
    validate,
)


class Line(PushRecord):
    qty: Number(0, 5)


class Sample(PushRecord):
    uuid: Uuid()
    name: Str(10) = None
    qty: Number(0, 100, exclusive_minimum=True) = None
    ref: Ref("res.partner") = None
    when: DateTime() = None
    lines: List(Line, max_items=2) = None


class Kinds(PushRecord):
    photo: Base64(3) = None
    method: Choice("cash", "cheque") = None
    day: Date() = None
    code: Str(5, min_len=2) = None


UUID = "0b4f2c1e-9d3a-4e57-8a7b-1c2d3e4f5a6b"


@tagged("post_install", "-at_install")
class TestPayloadEngine(BaseCase):

    def assertCode(self, data, code, field, model=Sample):
        with self.assertRaises(PayloadError) as catch:
            validate(model, data)
        self.assertEqual((catch.exception.code, catch.exception.field), (code, field), data)

    def test_valid_record_is_cleaned(self):
        clean = validate(Sample, {"uuid": UUID.upper(), "qty": 3, "when": "2026-03-01T10:00:00+06:00",
                                  "lines": [{"qty": 0}], "name": None})
        self.assertEqual(clean, {"uuid": UUID, "qty": 3.0, "when": datetime.datetime(2026, 3, 1, 4, 0),
                                 "lines": [{"qty": 0.0}]})
        self.assertIsInstance(clean["qty"], float)

    def test_errors(self):
        self.assertCode({}, "missing_field", "uuid")
        self.assertCode({"uuid": None}, "missing_field", "uuid")
        self.assertCode({"uuid": UUID, "x": 1}, "unknown_field", "x")
        self.assertCode({"uuid": UUID, "name": "x" * 11}, "too_long", "name")
        self.assertCode({"uuid": UUID, "name": 5}, "invalid_type", "name")
        self.assertCode({"uuid": UUID, "qty": 0}, "out_of_range", "qty")
        self.assertCode({"uuid": UUID, "qty": 101}, "out_of_range", "qty")
        self.assertCode({"uuid": UUID, "qty": True}, "invalid_type", "qty")
        self.assertCode({"uuid": UUID, "qty": "3"}, "invalid_type", "qty")
        self.assertCode({"uuid": UUID, "qty": float("nan")}, "invalid_type", "qty")
        self.assertCode({"uuid": UUID, "qty": float("inf")}, "invalid_type", "qty")
        self.assertCode({"uuid": UUID, "qty": 10**400}, "invalid_type", "qty")  # no float holds it
        self.assertCode({"uuid": UUID, "ref": 0}, "unknown_id", "ref")
        self.assertCode({"uuid": UUID, "ref": 2**40}, "unknown_id", "ref")
        self.assertCode({"uuid": UUID, "ref": "7"}, "invalid_type", "ref")
        self.assertCode({"uuid": UUID, "ref": 7.0}, "invalid_type", "ref")
        self.assertCode({"uuid": UUID, "ref": True}, "invalid_type", "ref")
        self.assertCode({"uuid": UUID, "when": "1999-01-01T00:00:00"}, "out_of_range", "when")
        self.assertCode({"uuid": UUID, "when": "yesterday"}, "invalid_value", "when")
        self.assertCode({"uuid": UUID, "when": 1767225600}, "invalid_type", "when")
        self.assertCode({"uuid": UUID, "lines": [{}, {}, {}]}, "too_many_items", "lines")
        self.assertCode({"uuid": UUID, "lines": [{"qty": 9}]}, "out_of_range", "lines[0].qty")
        self.assertCode({"uuid": UUID, "lines": [{"qty": 1}, "x"]}, "invalid_type", "lines[1]")
        self.assertCode({"uuid": UUID, "lines": {"qty": 1}}, "invalid_type", "lines")
        self.assertCode({"uuid": "{%s}" % UUID}, "invalid_uuid", "uuid")
        self.assertCode({"uuid": UUID.replace("-", "")}, "invalid_uuid", "uuid")
        self.assertCode({"uuid": 5}, "invalid_type", "uuid")
        self.assertCode({"uuid": UUID, "name": "a\x00b"}, "invalid_value", "name")
        self.assertCode(["a", "list"], "invalid_type", "record")

    def test_first_problem_in_reading_order(self):
        """Unknown fields of an object first, then its fields in declaration order."""
        self.assertCode({"uuid": 5, "qty": "x", "zz": 1, "aa": 2}, "unknown_field", "aa")
        self.assertCode({"uuid": 5, "qty": "x"}, "invalid_type", "uuid")
        self.assertCode({"uuid": UUID, "qty": "x", "lines": [{"qty": 1, "zz": 1}]}, "invalid_type", "qty")
        self.assertCode({"uuid": UUID, "lines": [{"qty": 9, "zz": 1}, {"aa": 1}]}, "unknown_field", "lines[0].zz")

    def test_field_kinds(self):
        self.assertEqual(validate(Kinds, {"photo": "YWJj", "method": "cash", "day": "2026-03-02", "code": " ab"}),
                         {"photo": "YWJj", "method": "cash", "day": datetime.date(2026, 3, 2), "code": " ab"})
        for data, code in (({"photo": "YWJjZA=="}, "too_large"), ({"photo": "%%%"}, "invalid_value"),
                           ({"photo": ""}, "invalid_value"), ({"photo": 12}, "invalid_type"),
                           ({"method": "card"}, "invalid_value"), ({"method": 1}, "invalid_type"),
                           ({"day": "2026-02-30"}, "invalid_value"), ({"day": "2026-03-02T10:00"}, "invalid_type"),
                           ({"code": " a "}, "too_short"), ({"code": ""}, "too_short"),
                           ({"code": "abcdef"}, "too_long")):
            self.assertCode(data, code, next(iter(data)), model=Kinds)

    def test_openapi_schema_is_openapi_30(self):
        schema = openapi_schema(Sample)
        self.assertEqual(schema["required"], ["uuid"])
        self.assertIs(schema["additionalProperties"], False)
        self.assertEqual(schema["properties"]["qty"],
                         {"type": "number", "minimum": 0, "maximum": 100, "exclusiveMinimum": True})
        self.assertEqual(schema["properties"]["uuid"], {"type": "string", "format": "uuid"})
        self.assertEqual(schema["properties"]["ref"], {"type": "integer", "minimum": 1, "maximum": 2**31 - 1})
        self.assertEqual(schema["properties"]["lines"]["items"]["properties"]["qty"],
                         {"type": "number", "minimum": 0, "maximum": 5})
        self.assertNotIn("$defs", schema)
        self.assertNotIn("title", str(schema))

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
