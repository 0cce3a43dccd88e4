"""Validation of pushed records against a declared spec: types, sizes, ranges, unknown fields.

Plain Python, no Odoo: a spec is a dict {field name: Field}; ``validate`` returns the cleaned
record or raises PayloadError with a stable machine-readable code, the offending field's path and
a message for humans. Checking references (ids) against the database is the caller's job.
"""
import base64
import binascii
import datetime
import math
import re
import uuid as uuidlib

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
MAX_ID = 2**31 - 1


class PayloadError(Exception):
    def __init__(self, code, message, field=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def as_dict(self):
        return {"code": self.code, "message": self.message, "field": self.field}


class Field:
    kind = "any"

    def __init__(self, required=False, description=None):
        self.required = required
        self.description = description

    def clean(self, value, path):
        raise NotImplementedError

    def openapi(self):
        return {"type": self.kind}


def _type_error(path, expected, value):
    return PayloadError("invalid_type", "%s must be %s, not %s" % (path, expected, type(value).__name__), path)


class Str(Field):
    kind = "string"

    def __init__(self, max_len, min_len=0, **kw):
        super().__init__(**kw)
        self.max_len, self.min_len = max_len, min_len

    def clean(self, value, path):
        if not isinstance(value, str):
            raise _type_error(path, "a string", value)
        if len(value) > self.max_len:
            raise PayloadError("too_long", "%s is longer than %d characters" % (path, self.max_len), path)
        if len(value.strip()) < self.min_len:
            raise PayloadError("too_short", "%s needs at least %d characters" % (path, self.min_len), path)
        if "\x00" in value:
            raise PayloadError("invalid_value", "%s contains a NUL character" % path, path)
        return value

    def openapi(self):
        return {"type": "string", "maxLength": self.max_len, **({"minLength": self.min_len} if self.min_len else {})}


class Uuid(Field):
    kind = "string"

    def clean(self, value, path):
        if not isinstance(value, str):
            raise _type_error(path, "a UUID string", value)
        if not UUID_RE.match(value):
            raise PayloadError("invalid_uuid", "%s is not a UUID (8-4-4-4-12 hex digits)" % path, path)
        return str(uuidlib.UUID(value))

    def openapi(self):
        return {"type": "string", "format": "uuid"}


class Number(Field):
    kind = "number"

    def __init__(self, minimum, maximum, exclusive_minimum=False, **kw):
        super().__init__(**kw)
        self.minimum, self.maximum, self.exclusive_minimum = minimum, maximum, exclusive_minimum

    def _check_type(self, value, path):
        # bool is an int in Python, never a number in JSON
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise _type_error(path, "a number", value)

    def clean(self, value, path):
        self._check_type(value, path)
        too_low = value <= self.minimum if self.exclusive_minimum else value < self.minimum
        if too_low or value > self.maximum:
            raise PayloadError("out_of_range", "%s must be %s %s and at most %s" % (
                path, "more than" if self.exclusive_minimum else "at least", self.minimum, self.maximum), path)
        return float(value)

    def openapi(self):
        schema = {"type": "number", "minimum": self.minimum, "maximum": self.maximum}
        if self.exclusive_minimum:
            schema["exclusiveMinimum"] = True  # OpenAPI 3.0: a flag on minimum
        return schema


class Ref(Field):
    """The id of a record of ``model``; the caller checks that the user can see it."""

    kind = "integer"

    def __init__(self, model, **kw):
        super().__init__(**kw)
        self.model = model

    def clean(self, value, path):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _type_error(path, "an integer id", value)
        if not 0 < value <= MAX_ID:
            raise PayloadError("unknown_id", "%s: no such record" % path, path)
        return value

    def openapi(self):
        return {"type": "integer", "minimum": 1, "maximum": MAX_ID}


class DateTime(Field):
    """ISO 8601 date and time; with an offset it is converted to naive UTC (how Odoo stores it)."""

    kind = "string"

    def clean(self, value, path):
        if not isinstance(value, str) or len(value) > 40:
            raise _type_error(path, "an ISO 8601 date-time string", value)
        try:
            parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise PayloadError("invalid_value", "%s is not an ISO 8601 date-time" % path, path) from None
        if parsed.tzinfo:
            parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        if not 2000 <= parsed.year <= 2100:
            raise PayloadError("out_of_range", "%s must be between years 2000 and 2100" % path, path)
        return parsed

    def openapi(self):
        return {"type": "string", "format": "date-time"}


class Date(Field):
    """ISO 8601 calendar date (YYYY-MM-DD)."""

    kind = "string"

    def clean(self, value, path):
        if not isinstance(value, str) or len(value) > 10:
            raise _type_error(path, "an ISO 8601 date string", value)
        try:
            parsed = datetime.date.fromisoformat(value)
        except ValueError:
            raise PayloadError("invalid_value", "%s is not an ISO 8601 date (YYYY-MM-DD)" % path, path) from None
        if not 2000 <= parsed.year <= 2100:
            raise PayloadError("out_of_range", "%s must be between years 2000 and 2100" % path, path)
        return parsed

    def openapi(self):
        return {"type": "string", "format": "date"}


class Choice(Field):
    """One string of a fixed set."""

    kind = "string"

    def __init__(self, values, **kw):
        super().__init__(**kw)
        self.values = list(values)

    def clean(self, value, path):
        if not isinstance(value, str):
            raise _type_error(path, "a string", value)
        if value not in self.values:
            raise PayloadError("invalid_value", "%s must be one of %s" % (path, ", ".join(self.values)), path)
        return value

    def openapi(self):
        return {"type": "string", "enum": self.values}


class Base64(Field):
    """Binary content (a photo) as standard base64; at most ``max_bytes`` once decoded. Cleaned to
    the base64 text itself (what Odoo's binary fields take), validated by decoding it once."""

    kind = "string"

    def __init__(self, max_bytes, **kw):
        super().__init__(**kw)
        self.max_bytes = max_bytes

    @property
    def max_len(self):
        return 4 * -(-self.max_bytes // 3)

    def clean(self, value, path):
        if not isinstance(value, str):
            raise _type_error(path, "a base64 string", value)
        if len(value) > self.max_len:
            raise PayloadError("too_large", "%s is larger than %d bytes" % (path, self.max_bytes), path)
        try:
            decoded = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise PayloadError("invalid_value", "%s is not valid base64" % path, path) from None
        if len(decoded) > self.max_bytes:
            raise PayloadError("too_large", "%s is larger than %d bytes" % (path, self.max_bytes), path)
        if not decoded:
            raise PayloadError("invalid_value", "%s is empty" % path, path)
        return value

    def openapi(self):
        return {"type": "string", "format": "byte", "maxLength": self.max_len}


class List(Field):
    kind = "array"

    def __init__(self, item, max_items, min_items=0, **kw):
        super().__init__(**kw)
        self.item, self.max_items, self.min_items = item, max_items, min_items

    def clean(self, value, path):
        if not isinstance(value, list):
            raise _type_error(path, "a list", value)
        if len(value) > self.max_items:
            raise PayloadError("too_many_items", "%s has more than %d items" % (path, self.max_items), path)
        if len(value) < self.min_items:
            raise PayloadError("too_few_items", "%s needs at least %d items" % (path, self.min_items), path)
        return [self.item.clean(v, "%s[%d]" % (path, i)) for i, v in enumerate(value)]

    def openapi(self):
        schema = {"type": "array", "items": self.item.openapi(), "maxItems": self.max_items}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


class Record(Field):
    kind = "object"

    def __init__(self, fields, **kw):
        super().__init__(**kw)
        self.fields = fields

    def clean(self, value, path):
        return validate(self.fields, value, path)

    def openapi(self):
        return spec_openapi(self.fields)


def validate(spec, data, path=""):
    """Cleaned copy of ``data`` (a dict) following ``spec``; PayloadError on the first problem."""
    if not isinstance(data, dict):
        raise _type_error(path or "record", "an object", data)
    unknown = sorted(set(data) - set(spec))
    if unknown:
        name = "%s.%s" % (path, unknown[0]) if path else unknown[0]
        raise PayloadError("unknown_field", "unknown field %s (known: %s)" % (name, ", ".join(sorted(spec))), name)
    clean = {}
    for name, field in spec.items():
        full = "%s.%s" % (path, name) if path else name
        if name not in data or data[name] is None:
            if field.required:
                raise PayloadError("missing_field", "%s is required" % full, full)
            continue
        clean[name] = field.clean(data[name], full)
    return clean


def spec_openapi(spec):
    """The JSON schema (OpenAPI 3.0 dialect) of a spec: used to check the published document."""
    schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {name: {**field.openapi(), **({"description": field.description} if field.description else {})}
                       for name, field in spec.items()},
    }
    required = [name for name, field in spec.items() if field.required]
    if required:
        schema["required"] = required
    return schema
