{
    "name": "Distribution Management: Field Sync API and Distributor Portal",
    "version": "18.0.1.0.0",
    "category": "Sales/Distribution",
    "summary": "JSON sync API for the field app (pull with cursors, idempotent push), distributor portal",
    "author": "DMS for Odoo contributors",
    "website": "https://github.com/dms-odoo/dms",
    "license": "LGPL-3",
    "depends": ["dms_reports", "portal"],
    "external_dependencies": {"python": ["pydantic"]},
    "data": [
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "views/dms_portal_templates.xml",
        "views/dms_api_tombstone_views.xml",
        "views/dms_collection_views.xml",
        "views/dms_api_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dms_api/static/tests/tours/*.js",
        ],
        # the field app's plain modules (store, API client, outbox, sync) and their Hoot tests
        "web.assets_unit_tests": [
            "dms_api/static/src/field_app/store.js",
            "dms_api/static/src/field_app/api.js",
            "dms_api/static/src/field_app/outbox.js",
            "dms_api/static/src/field_app/sync.js",
            "dms_api/static/tests/field_app/**/*",
        ],
    },
}
