"""Property-based check of the sync API against its OpenAPI document (schemathesis).

Runs against the database scripts/test built (demo data, every addon installed): starts Odoo on a
free port, gives the demo rep rep_north1 an API key, and lets schemathesis generate requests for
every operation. Fails on any 5xx, on a status code or content type the document does not list,
and on a response body that breaks its schema. Rejecting a request the schema allows (an unknown
cursor, an outlet id that does not exist) is the API's job, so those checks are not run.
"""
import os
import sys
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "addons" / "dms_api" / "static" / "api" / "openapi.json"
sys.path.insert(0, str(ROOT / "scripts"))
import dmsenv  # noqa: E402

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _make_key(db):
    """An API key for the demo rep, committed in the test database. Written the way
    res.users.apikeys._generate writes it, without loading a registry in this process."""
    import secrets

    import psycopg2

    from odoo.addons.base.models.res_users import INDEX_SIZE, KEY_CRYPT_CONTEXT

    key = secrets.token_hex(20)
    with psycopg2.connect(dbname=db) as cnx, cnx.cursor() as cr:
        cr.execute("SELECT id FROM res_users WHERE login = 'rep_north1'")
        row = cr.fetchone()
        assert row, "the demo rep rep_north1 is missing"
        cr.execute("""INSERT INTO res_users_apikeys (name, user_id, scope, key, index, create_date)
                      VALUES ('schemathesis', %s, 'dms_api', %s, %s, now() AT TIME ZONE 'UTC')""",
                   (row[0], KEY_CRYPT_CONTEXT.hash(key), key[:INDEX_SIZE]))
    cnx.close()
    return key


@pytest.fixture(scope="module")
def odoo_api():
    db = os.environ.get("DMS_TEST_DB")
    if not db:
        pytest.skip("DMS_TEST_DB not set: run through scripts/test")
    key = _make_key(db)
    log = os.path.join(os.environ.get("TMPDIR", "/tmp"), "dms_schemathesis_%s.log" % db)
    process, url = dmsenv.start_odoo_server(db, log_path=log)
    try:
        yield url, key
    finally:
        dmsenv.stop_odoo_server(process)


@pytest.fixture(scope="module")
def api_schema(odoo_api):
    url, _key = odoo_api
    schema = schemathesis.openapi.from_path(str(OPENAPI))
    schema.config.update(base_url=url)
    # Fuzzing only: the coverage phase (boundary values) adds about a minute on CI's machine;
    # the boundaries (max lengths, item counts, limits) are tested one by one in dms_api's tests.
    schema.config.phases.coverage.enabled = False
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_api_conforms_to_openapi(case, odoo_api):
    _url, key = odoo_api
    case.call_and_validate(headers={"Authorization": "Bearer %s" % key}, checks=CHECKS, timeout=30)
