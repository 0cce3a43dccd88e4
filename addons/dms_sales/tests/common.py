from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class DmsSalesCommon(TransactionCase):
    """Users of every DMS group, a small territory tree, a distributor with outlets and products,
    built once per class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.manager = new_test_user(cls.env, "dms_manager", groups="dms_sales.group_dms_manager")
        cls.supervisor = new_test_user(cls.env, "dms_supervisor", groups="dms_sales.group_dms_supervisor")
        cls.rep = new_test_user(cls.env, "dms_rep", groups="dms_sales.group_dms_rep")
        cls.rep_2 = new_test_user(cls.env, "dms_rep_2", groups="dms_sales.group_dms_rep")
        Territory = cls.env["dms.territory"]
        cls.region = Territory.create({"name": "North", "code": "T-N", "manager_id": cls.supervisor.id})
        cls.area, cls.area_2 = Territory.create([
            {"name": "Area 1", "code": "T-N1", "parent_id": cls.region.id, "user_ids": [(4, cls.rep.id)]},
            {"name": "Area 2", "code": "T-N2", "parent_id": cls.region.id, "user_ids": [(4, cls.rep_2.id)]},
        ])
        cls.leaf = Territory.create({"name": "Leaf", "code": "T-N1a", "parent_id": cls.area.id})
        cls.other_region = Territory.create({"name": "South", "code": "T-S"})

        cls.pricelist = cls.env["product.pricelist"].create({
            "name": "Outlet prices", "currency_id": cls.company.currency_id.id})
        cls.distributor = cls.env["res.partner"].create({
            "name": "North Distribution Ltd", "is_company": True, "dms_role": "distributor",
            "dms_covered_territory_ids": [(6, 0, cls.region.ids)], "dms_secondary_pricelist_id": cls.pricelist.id,
        })
        # an explicit list-price pricelist: whatever default pricelist a database has stays out
        cls.pricelist_list = cls.env["product.pricelist"].create({
            "name": "List prices", "currency_id": cls.company.currency_id.id})
        cls.distributor_south = cls.env["res.partner"].create({
            "name": "South Traders", "is_company": True, "dms_role": "distributor",
            "dms_covered_territory_ids": [(6, 0, cls.other_region.ids)],
            "dms_secondary_pricelist_id": cls.pricelist_list.id,
        })
        cls.outlet, cls.outlet_2 = cls.env["res.partner"].create([
            {"name": "Rahim Store", "is_company": True, "dms_role": "outlet", "dms_outlet_code": "OUT-1",
             "dms_territory_id": cls.leaf.id, "dms_distributor_id": cls.distributor.id},
            {"name": "Karim Pharmacy", "is_company": True, "dms_role": "outlet", "dms_outlet_code": "OUT-2",
             "dms_territory_id": cls.area_2.id, "dms_distributor_id": cls.distributor.id},
        ])
        cls.outlet_south = cls.env["res.partner"].create({
            "name": "South Corner", "is_company": True, "dms_role": "outlet", "dms_outlet_code": "OUT-S",
            "dms_territory_id": cls.other_region.id, "dms_distributor_id": cls.distributor_south.id,
        })
        cls.tax = cls.env["account.tax"].create({"name": "VAT 15%", "amount": 15, "type_tax_use": "sale"})
        cls.soap, cls.shampoo = cls.env["product.product"].create([
            {"name": "Soap 100g", "default_code": "SOAP", "list_price": 40, "is_storable": True,
             "taxes_id": [(6, 0, cls.tax.ids)]},
            {"name": "Shampoo 200ml", "default_code": "SHAMP", "list_price": 150, "is_storable": True,
             "taxes_id": [(6, 0, cls.tax.ids)]},
        ])
        cls.soap_case = cls.env["product.packaging"].create({
            "name": "Case of 24", "product_id": cls.soap.id, "qty": 24, "sales": True,
        })
        cls.env["product.pricelist.item"].create({
            "pricelist_id": cls.pricelist.id, "applied_on": "0_product_variant",
            "product_id": cls.soap.id, "compute_price": "fixed", "fixed_price": 35,
        })

    @classmethod
    def _create_order(cls, outlet=None, lines=None, **vals):
        outlet = outlet or cls.outlet
        lines = lines if lines is not None else [(cls.soap, 10)]
        return cls.env["dms.secondary.order"].create({
            "distributor_id": outlet.dms_distributor_id.id,
            "partner_id": outlet.id,
            "line_ids": [(0, 0, {"product_id": p.id, "product_uom_qty": q}) for p, q in lines],
            **vals,
        })
