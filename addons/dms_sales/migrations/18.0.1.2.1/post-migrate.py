"""Set Up Books now gives a distributor's new company the principal's default tax rates (in the
principal's country) instead of its chart's default (l10n_bd: 10%, the principal's VAT 15%). Demo
data is not reloaded by an update, so the demo distributor's company, set up before, gets them
here. Companies people set up keep the defaults their accountants may have chosen."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    distributor = env.ref("dms_sales.res_partner_karnaphuli_distributor_demo", raise_if_not_found=False)
    if distributor and distributor.dms_books_company_id:
        distributor.dms_books_company_id._dms_adopt_default_taxes(
            distributor.company_id or env.ref("base.main_company"))
