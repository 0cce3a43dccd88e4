{
    "name": "Distribution Management: Reports",
    "version": "18.0.1.0.0",
    "category": "Sales/Distribution",
    "summary": "Distribution analytics, xlsx/pdf exports, distributor statements, reconciliation",
    "author": "DMS for Odoo contributors",
    "website": "https://github.com/dms-odoo/dms",
    "license": "LGPL-3",
    "depends": ["dms_routing", "report_xlsx"],
    "data": [
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "report/dms_territory_xlsx.xml",
        "views/dms_reports_menus.xml",
        "report/dms_secondary_sales_register_xlsx.xml",
        "wizard/dms_secondary_sales_register_wizard_views.xml",
        "views/dms_report_secondary_sales_views.xml",
        "views/dms_report_sell_in_out_views.xml",
        "views/dms_report_target_views.xml",
        "views/dms_report_scheme_views.xml",
        "views/dms_report_overview_views.xml",
        "views/dms_reports_analysis_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dms_reports/static/src/overview/*",
        ],
    },
}
