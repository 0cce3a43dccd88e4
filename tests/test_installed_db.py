"""Checks on the database scripts/test just built: what a user gets after installing the suite."""
from conftest import ADDONS


def test_addons_installed_with_demo(db):
    db.execute("SELECT name, state, demo FROM ir_module_module WHERE name = ANY(%s)", (ADDONS,))
    rows = {name: (state, demo) for name, state, demo in db.fetchall()}
    assert rows == dict.fromkeys(ADDONS, ("installed", True))


def test_every_dms_model_has_access_rights(db):
    db.execute("""
        SELECT m.model FROM ir_model m
         WHERE m.model LIKE 'dms.%%' AND NOT m.transient
           -- abstract models (mixins) have no table and no records to grant
           AND to_regclass(replace(m.model, '.', '_')) IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM ir_model_access a WHERE a.model_id = m.id)
    """)
    assert db.fetchall() == []


def test_one_distribution_app(db):
    db.execute("""
        SELECT d.module, d.name FROM ir_ui_menu m
          JOIN ir_model_data d ON d.model = 'ir.ui.menu' AND d.res_id = m.id
         WHERE m.parent_id IS NULL AND d.module LIKE 'dms_%%'
    """)
    assert db.fetchall() == [("dms_sales", "dms_menu_root")]
    db.execute("""
        SELECT DISTINCT d.module FROM ir_ui_menu m
          JOIN ir_model_data d ON d.model = 'ir.ui.menu' AND d.res_id = m.id
         WHERE d.module LIKE 'dms_%%' AND m.parent_path LIKE (
               SELECT r.parent_path || '%%' FROM ir_ui_menu r
                 JOIN ir_model_data rd ON rd.res_id = r.id AND rd.model = 'ir.ui.menu'
                WHERE rd.module = 'dms_sales' AND rd.name = 'dms_menu_root')
    """)
    assert {m for (m,) in db.fetchall()} == set(ADDONS), "every addon puts its menus under Distribution"


def test_demo_territories(db):
    db.execute("SELECT count(*) FILTER (WHERE parent_id IS NULL), count(*) FROM dms_territory")
    regions, total = db.fetchone()
    assert regions >= 3 and total >= 11


def test_distributor_stock_is_owned_by_its_distributor(db):
    """Distributor stock is owner-stamped: whatever lies in a distributor's locations (buckets, vans)
    belongs to that distributor, never to the company (that would put it in the company's valuation)."""
    db.execute("""
        SELECT l.complete_name, q.product_id, q.quantity, q.owner_id
          FROM stock_quant q
          JOIN stock_location l ON l.id = q.location_id
         WHERE l.dms_distributor_id IS NOT NULL
           AND q.owner_id IS DISTINCT FROM l.dms_distributor_id
    """)
    assert db.fetchall() == []
    db.execute("""
        SELECT count(*) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
         WHERE l.dms_distributor_id IS NOT NULL AND q.quantity > 0
    """)
    assert db.fetchone()[0] > 0, "the demo distributors hold stock"
