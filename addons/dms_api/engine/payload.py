"""Pushed records as pydantic models: one class per resource declares each field's type, size and
range once; ``validate`` checks a record against it and ``openapi_schema`` documents it.

Plain Python, no Odoo. ``validate`` returns the cleaned record (only the fields given) or raises
PayloadError with a stable machine-readable code (the API's documented ones, not pydantic's error
types), the offending field's path (``lines[2].qty``) and a message for humans. Checking
references (ids) against the database is the caller's job.

The field types below are ``Annotated`` types: strict JSON types (no "12" for 12, no true for 1),
with the checks pydantic has no constraint for done by validators that raise our codes.
"""
import base64
import binascii
import datetime
import re
import uuid as uuidlib
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import PydanticCustomError

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
MAX_ID = 2**31 - 1

# pydantic's error types, as the API's codes; ours (raised by the validators below) pass through
CODES = {
    "missing": "missing_field",
    "extra_forbidden": "unknown_field",
    "model_type": "invalid_type",
    "list_type": "invalid_type",
    "string_type": "invalid_type",
    "int_type": "invalid_type",
    "float_type": "invalid_type",
    "finite_number": "invalid_type",
    "string_too_long": "too_long",
    "string_too_short": "too_short",
    "too_long": "too_many_items",
    "too_short": "too_few_items",
    "greater_than": "out_of_range",
    "greater_than_equal": "out_of_range",
    "less_than": "out_of_range",
    "less_than_equal": "out_of_range",
    "literal_error": "invalid_value",
}
OUR_CODES = {"invalid_type", "invalid_uuid", "invalid_value", "out_of_range", "too_large", "unknown_id"}


class PayloadError(Exception):
    def __init__(self, code, message, field=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def as_dict(self):
        return {"code": self.code, "message": self.message, "field": self.field}


class PushRecord(BaseModel):
    """A pushed record: unknown fields refused, JSON types taken strictly, a field sent as null
    taken as not sent (so a null required field is missing, and an optional one is absent)."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _drop_nulls(cls, data):
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data


# Field types ---------------------------------------------------------------------------------

def _invalid_type(expected, value):
    return PydanticCustomError("invalid_type", "must be {expected}, not {got}",
                               {"expected": expected, "got": type(value).__name__})


def Str(max_len, min_len=0, **field):
    """Text of at most ``max_len`` characters; ``min_len`` counts characters other than spaces."""

    def check(value):  # after pydantic's type and length checks
        if len(value.strip()) < min_len:
            # pydantic's own type for strings (its "too_short" is about lists)
            raise PydanticCustomError("string_too_short", "needs at least {min} characters besides spaces",
                                      {"min": min_len})
        if "\x00" in value:
            raise PydanticCustomError("invalid_value", "contains a NUL character")
        return value

    return Annotated[str, Field(max_length=max_len, **({"min_length": min_len} if min_len else {}), **field),
                     AfterValidator(check)]


def _uuid(value):
    if not isinstance(value, str):
        raise _invalid_type("a UUID string", value)
    if not UUID_RE.match(value):
        raise PydanticCustomError("invalid_uuid", "not a UUID (8-4-4-4-12 hex digits)")
    return str(uuidlib.UUID(value))


def Uuid(**field):
    return Annotated[str, BeforeValidator(_uuid), Field(json_schema_extra={"format": "uuid"}, **field)]


def _ref(value):
    # bool is an int in Python, never an id in JSON: left to the strict int check
    if isinstance(value, int) and not isinstance(value, bool) and not 0 < value <= MAX_ID:
        raise PydanticCustomError("unknown_id", "no such record")
    return value


def Ref(model, **field):
    """The id of a record of ``model`` (documentation only): the caller checks that the user can
    see it. An id out of the range of ids answers like a missing record."""
    del model
    return Annotated[int, Field(ge=1, le=MAX_ID, **field), BeforeValidator(_ref)]


def Number(minimum, maximum, exclusive_minimum=False, **field):
    """A JSON number (int or float, never a bool, a string or an infinity), as a float."""
    low = {"gt": minimum} if exclusive_minimum else {"ge": minimum}
    return Annotated[float, Field(le=maximum, **low, **field)]


def _years(parsed):
    if not 2000 <= parsed.year <= 2100:
        raise PydanticCustomError("out_of_range", "must be between years 2000 and 2100")
    return parsed


def _datetime(value):
    """ISO 8601 date and time; with an offset it is converted to naive UTC (how Odoo stores it)."""
    if not isinstance(value, str) or len(value) > 40:
        raise _invalid_type("an ISO 8601 date-time string", value)
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise PydanticCustomError("invalid_value", "not an ISO 8601 date-time") from None
    if parsed.tzinfo:
        parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return _years(parsed)


def DateTime(**field):
    return Annotated[datetime.datetime, BeforeValidator(_datetime), Field(**field)]


def _date(value):
    """ISO 8601 calendar date (YYYY-MM-DD)."""
    if not isinstance(value, str) or len(value) > 10:
        raise _invalid_type("an ISO 8601 date string", value)
    try:
        parsed = datetime.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("invalid_value", "not an ISO 8601 date (YYYY-MM-DD)") from None
    return _years(parsed)


def Date(**field):
    return Annotated[datetime.date, BeforeValidator(_date), Field(**field)]


def _string(value):
    if not isinstance(value, str):
        raise _invalid_type("a string", value)
    return value


def Choice(*values, **field):
    """One string of a fixed set."""
    return Annotated[Literal[values], BeforeValidator(_string), Field(**field)]


def Base64(max_bytes, **field):
    """Binary content (a photo) as standard base64; at most ``max_bytes`` once decoded. Cleaned to
    the base64 text itself (what Odoo's binary fields take), validated by decoding it once."""
    max_len = 4 * -(-max_bytes // 3)

    def check(value):
        if not isinstance(value, str):
            raise _invalid_type("a base64 string", value)
        if len(value) > max_len:
            raise PydanticCustomError("too_large", "larger than {max} bytes", {"max": max_bytes})
        try:
            decoded = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise PydanticCustomError("invalid_value", "not valid base64") from None
        if len(decoded) > max_bytes:
            raise PydanticCustomError("too_large", "larger than {max} bytes", {"max": max_bytes})
        if not decoded:
            raise PydanticCustomError("invalid_value", "empty")
        return value

    # the length is checked above (answered too_large); Field only documents it
    return Annotated[str, BeforeValidator(check), Field(max_length=max_len, json_schema_extra={"format": "byte"},
                                                         **field)]


def List(item, max_items, min_items=0, **field):
    return Annotated[list[item], Field(max_length=max_items, **({"min_length": min_items} if min_items else {}),
                                       **field)]


# Validation ----------------------------------------------------------------------------------

def _path(loc):
    path = ""
    for part in loc:
        path += "[%d]" % part if isinstance(part, int) else ("." if path else "") + str(part)
    return path


def _first(errors):
    """The error a reader meets first: in each object its unknown fields (by name), then its
    fields in declaration order (pydantic lists errors in that order, unknown fields last)."""
    seen = {}
    for n, error in enumerate(errors):
        for i in range(1, len(error["loc"]) + 1):
            seen.setdefault(error["loc"][:i], n)

    def key(error):
        loc = error["loc"]
        return [(0, str(loc[i])) if error["type"] == "extra_forbidden" and i == len(loc) - 1 else (1, seen[loc[:i + 1]])
                for i in range(len(loc))]

    return min(errors, key=key)


def _payload_error(error):
    path = _path(error["loc"]) or "record"
    kind = error["type"]
    code = CODES.get(kind) or (kind if kind in OUR_CODES else "invalid_value")
    if code == "missing_field":
        message = "%s is required" % path
    elif code == "unknown_field":
        message = "unknown field %s" % path
    elif kind == "model_type":
        message = "%s: must be an object" % path
    else:  # pydantic's ("Input should be ...") or ours
        message = "%s: %s" % (path, error["msg"])
    return PayloadError(code, message, path)


def validate(model, data):
    """Cleaned copy of ``data`` (a decoded JSON value) following ``model``, with only the fields
    given (a field's absence means something to some pushes); PayloadError on the first problem."""
    try:
        record = model.model_validate(data)
    except ValidationError as e:
        raise _payload_error(_first(e.errors())) from None
    return record.model_dump(exclude_unset=True)


# OpenAPI -------------------------------------------------------------------------------------

class OpenApi30Schema(GenerateJsonSchema):
    """JSON schemas in the dialect of OpenAPI 3.0 (the document's version): ``nullable`` instead of
    a null type, ``exclusiveMinimum`` as a flag on ``minimum``, no titles, no null defaults."""

    def nullable_schema(self, schema):
        return {**self.generate_inner(schema["schema"]), "nullable": True}

    def default_schema(self, schema):
        if schema.get("default") is None:  # an optional field: absent, documented by "required"
            return self.generate_inner(schema["schema"])
        return super().default_schema(schema)

    def field_title_should_be_set(self, schema):
        return False

    def float_schema(self, schema):
        json_schema = super().float_schema(schema)
        if "exclusiveMinimum" in json_schema:
            json_schema["minimum"] = json_schema.pop("exclusiveMinimum")
            json_schema["exclusiveMinimum"] = True
        return json_schema


REF_PREFIX = "#/components/schemas/"


def _inline(node, defs, keep):
    """The schema with local ``$ref`` replaced by their definitions, but those named in ``keep``
    (nested models are documented in place, as clients read them)."""
    if isinstance(node, dict):
        name = node.get("$ref", "").removeprefix(REF_PREFIX)
        if name and name not in keep:
            definition = dict(defs[name])
            definition.pop("title", None)
            return _inline(definition, defs, keep)
        return {key: _inline(value, defs, keep) for key, value in node.items() if key != "$defs"}
    if isinstance(node, list):
        return [_inline(value, defs, keep) for value in node]
    return node


def openapi_schema(model, keep=()):
    """The JSON schema (OpenAPI 3.0 dialect) of a pydantic model, for the document's
    ``components/schemas``: nested models inlined, but those named in ``keep``, referenced there."""
    schema = model.model_json_schema(ref_template=REF_PREFIX + "{model}", schema_generator=OpenApi30Schema)
    schema.pop("title", None)
    return _inline(schema, schema.get("$defs", {}), set(keep))
