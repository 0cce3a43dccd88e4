from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Stock on a van has its own bucket ("On a Van") in Stock by Bucket."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    quants = env["stock.quant"].search([("dms_distributor_id", "!=", False), ("dms_bucket", "in", (False, "other"))])
    env.add_to_compute(quants._fields["dms_bucket"], quants)
    quants.flush_recordset(["dms_bucket"])
