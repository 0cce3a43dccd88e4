"""The partner rules of reps and distributor staff became read-only (security/ir_rules.xml):
what they may write is now the separate "edit" rules created by the update. Rule files are
noupdate, so an existing database keeps the old rules unless this script changes them."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in ("dms_sales.res_partner_rule_dms_rep", "dms_sales.res_partner_rule_dms_distributor"):
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.write({"perm_write": False, "perm_create": False, "perm_unlink": False})
