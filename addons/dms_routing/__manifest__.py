{
    "name": "Distribution Management: Routing",
    "version": "18.0.1.0.0",
    "category": "Sales/Distribution",
    "summary": "Beats, GPS-checked visits, delivery trips with route optimisation, van sales, collections",
    "author": "DMS for Odoo contributors",
    "website": "https://github.com/dms-odoo/dms",
    "license": "LGPL-3",
    "depends": ["dms_inventory", "stock_fleet", "base_geolocalize", "resource", "web_leaflet_lib"],
    "external_dependencies": {"python": ["pyvrp"]},
    "data": [
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "data/dms_routing_data.xml",
        "views/stock_picking_batch_views.xml",
        "views/dms_beat_views.xml",
        "views/dms_visit_views.xml",
        "views/dms_no_order_reason_views.xml",
        "views/dms_rep_leave_views.xml",
        "views/res_config_settings_views.xml",
        "report/dms_visit_kpi_views.xml",
        "wizard/dms_journey_plan_wizard_views.xml",
        "views/dms_routing_menus.xml",
    ],
    "demo": [
        "demo/dms_no_order_reason_demo.xml",
        "demo/dms_beat_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dms_routing/static/src/**/*",
        ],
        "web.assets_tests": [
            "dms_routing/static/tests/tours/*.js",
        ],
    },
}
