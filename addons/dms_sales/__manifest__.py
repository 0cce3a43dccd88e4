{
    "name": "Distribution Management: Sales",
    "version": "18.0.1.0.0",
    "category": "Sales/Distribution",
    "summary": "Distributor network, territories, outlets and the sales organisation",
    "author": "DMS for Odoo contributors",
    "website": "https://github.com/dms-odoo/dms",
    "license": "LGPL-3",
    "depends": ["sale_management", "stock", "account"],
    "data": [
        "security/dms_security.xml",
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "views/dms_territory_level_views.xml",
        "views/dms_territory_views.xml",
        "views/res_partner_views.xml",
        "views/dms_sales_menus.xml",
    ],
    "demo": [
        "demo/dms_territory_demo.xml",
    ],
    "application": True,
}
