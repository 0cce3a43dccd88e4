from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The quant's bucket became a computed field: distributor stock outside the buckets (vans)
    had none and showed as "None" in Stock by Bucket; give it its bucket."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    quants = env["stock.quant"].search([("dms_distributor_id", "!=", False), ("dms_bucket", "=", False)])
    env.add_to_compute(quants._fields["dms_bucket"], quants)
    quants.flush_recordset(["dms_bucket"])
