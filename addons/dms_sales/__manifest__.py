{
    "name": "Distribution Management: Sales",
    "version": "18.0.1.0.0",
    "category": "Sales/Distribution",
    "summary": "Distributor network, territories, outlets, secondary sales, schemes, claims, targets",
    "author": "DMS for Odoo contributors",
    "website": "https://github.com/dms-odoo/dms",
    "license": "LGPL-3",
    "depends": ["sale_management", "stock", "account", "mail"],
    "data": [
        "security/dms_security.xml",
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "data/ir_sequence_data.xml",
        "data/dms_channel_data.xml",
        "views/dms_channel_views.xml",
        "views/dms_outlet_class_views.xml",
        "views/dms_territory_level_views.xml",
        "views/dms_territory_views.xml",
        "views/dms_scheme_views.xml",
        "views/dms_secondary_order_views.xml",
        "views/res_partner_views.xml",
        "views/dms_sales_menus.xml",
    ],
    "demo": [
        "demo/dms_territory_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dms_sales/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
