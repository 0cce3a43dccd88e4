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
    """An API key for the demo rep, committed in the test database."""
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", str(ROOT / "odoo.conf"), "--addons-path", dmsenv.addons_path(odoo),
                                    "--log-level", "warn"])
    with Registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        rep = env["res.users"].search([("login", "=", "rep_north1")])
        assert rep, "the demo rep rep_north1 is missing"
        return env["res.users.apikeys"].with_user(rep).sudo()._generate("dms_api", "schemathesis", None)


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
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_api_conforms_to_openapi(case, odoo_api):
    _url, key = odoo_api
    case.call_and_validate(headers={"Authorization": "Bearer %s" % key}, checks=CHECKS, timeout=30)
