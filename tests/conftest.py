"""Suite-level tests: checks over the whole repository, and over the database scripts/test built.

Run by scripts/test after the Odoo tests, with DMS_TEST_DB naming the fresh database. Run alone
(`pytest tests`), the database checks are skipped.
"""
import ast
import csv
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"
# in dependency order; dms_api sits on top: its sync API and portal serve every module below
ADDONS = ["dms_sales", "dms_inventory", "dms_routing", "dms_reports", "dms_api"]


def read_manifest(addon):
    return ast.literal_eval((ADDONS_DIR / addon / "__manifest__.py").read_text())


def defined_models(addon):
    """Models an addon defines with _name (not pure _inherit extensions), from its source."""
    names = {}
    for path in (ADDONS_DIR / addon).rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.ClassDef):
                continue
            attrs = {}
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                    try:
                        attrs[stmt.targets[0].id] = ast.literal_eval(stmt.value)
                    except ValueError:
                        continue
            name = attrs.get("_name")
            inherit = attrs.get("_inherit", ())
            extends = {inherit} if isinstance(inherit, str) else set(inherit)
            base_names = {b.attr for b in node.bases if isinstance(b, ast.Attribute)}
            # abstract models have no table, so no access rights; report views (_auto=False) do;
            # `_name = X` with X in `_inherit` extends X (adding a mixin), it defines nothing
            if name and "AbstractModel" not in base_names and name not in extends:
                names[name] = {"path": path, "transient": "TransientModel" in base_names}
    return names


def access_lines(addon):
    path = ADDONS_DIR / addon / "security" / "ir.model.access.csv"
    if not path.exists():
        return []
    with path.open() as f:
        return list(csv.DictReader(f))


# per module, not per session: the tests that copy the database (CREATE DATABASE ... TEMPLATE)
# need it idle, wherever they sort
@pytest.fixture(scope="module")
def db():
    name = os.environ.get("DMS_TEST_DB")
    if not name:
        pytest.skip("DMS_TEST_DB not set: run through scripts/test")
    import psycopg2

    cnx = psycopg2.connect(dbname=name)
    yield cnx.cursor()
    cnx.close()
