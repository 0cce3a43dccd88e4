"""Write static/api/openapi.json from the resource registry and the pydantic models of pushed
records (``registry.py``) and of answers (``engine/answers.py``): call
``odoo.addons.dms_api.tools.gen_openapi.main()`` (our and Odoo's addons on ``odoo.addons.__path__``).
The tests fail when the file and the generator disagree."""
import json
import os

from ..engine import answers
from ..engine.payload import openapi_schema
from ..registry import (
    DEFAULT_LIMIT,
    MAX_BATCH,
    MAX_BODY,
    MAX_BODY_PHOTOS,
    MAX_LIMIT,
    RESOURCES,
    SuggestedOrderRequest,
)

# Endpoints under /dms/api/v1 that are not resources of the registry.
ENDPOINTS = ("suggested_order",)

PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "static", "api", "openapi.json")

ERROR_CODES = {
    "400": "Bad request: invalid_json, invalid_batch, unknown_field, unknown_parameter, invalid_parameter, "
           "invalid_cursor.",
    "401": "Missing, invalid, expired or revoked API key (unauthorized).",
    "403": "The user's groups give no read access to this resource (forbidden).",
    "404": "Unknown resource (unknown_resource).",
    "405": "Method not allowed on this resource (method_not_allowed).",
    "413": "Body over %d bytes, %d for visits (payload_too_large) or more than %d records (batch_too_large)." % (
        MAX_BODY, MAX_BODY_PHOTOS, MAX_BATCH),
    "415": "Body is not application/json (unsupported_media_type).",
}

FILTER_DESCRIPTIONS = {
    "date": "Only this day's records (YYYY-MM-DD).",
    "date_from": "Only records of this day and later (YYYY-MM-DD), e.g. an outlet's recent orders.",
}


def _error_responses(*statuses):
    return {s: {"description": ERROR_CODES[s], "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}} for s in statuses}


def build():
    paths = {}
    schemas = {
        "Error": openapi_schema(answers.Error),
        "PullPage": openapi_schema(answers.PullPage),
        "PushResult": openapi_schema(answers.PushResult),
        "PushAnswer": openapi_schema(answers.PushAnswer, keep=["PushResult"]),
    }
    for name, res in RESOURCES.items():
        path = {"get": {
            "operationId": "pull_%s" % name,
            "summary": "Pull %s" % name.replace("_", " "),
            "description": "%s Model %s; fields: %s." % (res.summary, res.model, ", ".join(res.fields)),
            "parameters": [
                {"name": "since", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 200},
                 "description": "next_cursor of the previous pull; omit for a full pull."},
                {"name": "limit", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}},
                *({"name": name, "in": "query", "required": False, "schema": {"type": "string", "format": "date"},
                   "description": FILTER_DESCRIPTIONS[name]} for name in sorted(res.filters)),
            ],
            "responses": {
                "200": {"description": "A page of records, ordered by (write_date, id).",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PullPage"}}}},
                **_error_responses("400", "401", "403"),
            },
        }}
        if res.push_model:
            item = "%sRecord" % "".join(w.title() for w in name.split("_"))
            schemas[item] = openapi_schema(res.push_model)
            path["post"] = {
                "operationId": "push_%s" % name,
                "summary": "Push %s" % name.replace("_", " "),
                "description": "A batch of at most %d records, each answered on its own (status ok or error); "
                               "a uuid pushed again answers the existing record." % MAX_BATCH,
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "additionalProperties": False, "required": ["records"],
                    "properties": {"records": {"type": "array", "minItems": 1, "maxItems": MAX_BATCH,
                                               "items": {"$ref": "#/components/schemas/%s" % item}}},
                }}}},
                "responses": {
                    "200": {"description": "One result per record, in order.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushAnswer"}}}},
                    **_error_responses("400", "401", "413", "415"),
                },
            }
        paths["/dms/api/v1/%s" % name] = path
    schemas["SuggestedOrderRequest"] = openapi_schema(SuggestedOrderRequest)
    schemas["SuggestedOrder"] = openapi_schema(answers.SuggestedOrder)
    paths["/dms/api/v1/suggested_order"] = {"post": {
        "operationId": "suggested_order",
        "summary": "Suggested order for an outlet visit",
        "description": "What the rep should offer the outlet: its own rate until the next visit (last 90 days, "
                       "monthly seasonality once a year of history exists) minus the shelf count, every "
                       "must-sell product, topped up to a scheme step within 20%. Reads only. An outlet or a "
                       "counted product the user cannot see answers 400 unknown_id.",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/SuggestedOrderRequest"}}}},
        "responses": {
            "200": {"description": "The suggested lines, by product.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SuggestedOrder"}}}},
            **_error_responses("400", "401", "403", "413", "415"),
        },
    }}
    return {
        "openapi": "3.0.3",
        "info": {"title": "DMS field sync API", "version": "1.0.0",
                 "description": "See addons/dms_api/readme/USAGE.md. Authenticate with an Odoo API key: "
                                "'Authorization: Bearer <key>'."},
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": schemas},
    }


def main():
    with open(PATH, "w") as f:
        json.dump(build(), f, indent=2)
        f.write("\n")
    return PATH


if __name__ == "__main__":
    main()
