from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Distributor delivery types were created with create_backorder "always", which makes Odoo
    ignore "no backorder" (a partial proof of delivery left an assigned backorder holding stock)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    types = env["res.company"].with_context(active_test=False).search([]).dms_delivery_type_id
    types.filtered(lambda t: t.create_backorder == "always").write({"create_backorder": "ask"})
