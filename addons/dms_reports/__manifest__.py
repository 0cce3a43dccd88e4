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
        "report/dms_territory_xlsx.xml",
        "report/dms_trip_xlsx.xml",
        "views/dms_reports_menus.xml",
    ],
}
