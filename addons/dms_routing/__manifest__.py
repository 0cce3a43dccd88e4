{
    "name": "Distribution Management: Routing",
    "version": "18.0.1.0.0",
    "category": "Sales/Distribution",
    "summary": "Beats, GPS-checked visits, delivery trips with route optimisation, van sales, collections",
    "author": "DMS for Odoo contributors",
    "website": "https://github.com/dms-odoo/dms",
    "license": "LGPL-3",
    "depends": ["dms_inventory", "stock_fleet", "base_geolocalize"],
    "external_dependencies": {"python": ["pyvrp"]},
    "data": [
        "security/ir.model.access.csv",
        "views/stock_picking_batch_views.xml",
        "views/dms_routing_menus.xml",
    ],
}
