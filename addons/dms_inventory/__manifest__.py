{
    "name": "Distribution Management: Inventory",
    "version": "18.0.1.0.0",
    "category": "Sales/Distribution",
    "summary": "Distributor stock on real stock moves: locations, lots and expiry, returns, audits",
    "author": "DMS for Odoo contributors",
    "website": "https://github.com/dms-odoo/dms",
    "license": "LGPL-3",
    "depends": ["dms_sales", "sale_stock", "product_expiry"],
    "post_init_hook": "post_init_hook",
    "data": [
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "views/res_partner_views.xml",
        "views/stock_quant_views.xml",
        "views/dms_inventory_menus.xml",
    ],
}
