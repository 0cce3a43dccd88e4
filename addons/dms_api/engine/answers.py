"""The API's answers, as pydantic models: what ``controllers/main.py`` and ``push.py`` build.

They document the answers: the OpenAPI document's schemas are generated from them
(``tools/gen_openapi.py``), and the contract test (tests/test_api_schemathesis.py) checks real
answers against that document. The answers themselves are built as plain dicts, without a
validation pass over every record of a page.
"""
from typing import Literal

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None


class Error(BaseModel):
    error: ErrorDetail


class PulledRecord(BaseModel):  # and the resource's fields (see the operation's description)
    id: int
    write_date: str
    active: bool = None


class PullPage(BaseModel):
    resource: str
    records: list[PulledRecord]
    deleted: list[int] = Field(description="Ids deleted since the cursor (ignore those you never had).")
    next_cursor: str = Field(description="Opaque: pass it as since on the next pull.")
    has_more: bool = Field(description="Pull again at once with next_cursor.")


class PushResult(BaseModel):
    uuid: str | None
    status: Literal["ok", "error"]
    id: int = None
    duplicate: bool = Field(None, description="true: this uuid was pushed before; the existing record is answered.")
    record: dict = None
    code: str = None
    message: str = None
    field: str | None = None


class PushAnswer(BaseModel):
    resource: str
    results: list[PushResult]


class SuggestedLine(BaseModel):
    product_id: int
    qty: float = Field(description="Units of the product's unit of measure.")
    reasons: list[Literal["history", "must_sell", "scheme"]] = Field(
        description="history: the outlet's own rate until the next visit; must_sell: on a must-sell "
                    "list of the outlet; scheme: topped up to the next step of scheme_id.")
    scheme_id: int | None = None


class SuggestedOrder(BaseModel):
    outlet_id: int
    date: str
    lines: list[SuggestedLine]
