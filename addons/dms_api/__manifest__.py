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
        "views/dms_field_app_templates.xml",
        "views/dms_api_tombstone_views.xml",
        "views/dms_collection_views.xml",
        "views/dms_api_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dms_api/static/tests/tours/*.js",
        ],
        # the field app served at /dms/app (controllers/field_app.py): OWL and the few web/core
        # modules it uses, not the web client
        "dms_api.assets_field_app": [
            "web/static/src/module_loader.js",
            "web/static/lib/owl/owl.js",
            "web/static/lib/owl/odoo_module.js",
            "web/static/src/core/utils/concurrency.js",
            "web/static/src/core/utils/strings.js",
            "web/static/src/core/l10n/translation.js",
            "web/static/src/core/template_inheritance.js",
            "web/static/src/core/templates.js",
            "dms_sales/static/src/engine/schemes.js",
            "dms_api/static/src/field_app/**/*",
        ],
        # its modules without components (store, API client, outbox, sync, model) and their Hoot tests
        "web.assets_unit_tests": [
            "dms_api/static/src/field_app/store.js",
            "dms_api/static/src/field_app/api.js",
            "dms_api/static/src/field_app/outbox.js",
            "dms_api/static/src/field_app/sync.js",
            "dms_api/static/src/field_app/model.js",
            "dms_api/static/src/field_app/driver.js",
            "dms_api/static/src/field_app/driver_model.js",
            "dms_api/static/src/field_app/rep.js",
            "dms_api/static/src/field_app/rep_work.js",
            "dms_api/static/src/field_app/rep_day.js",
            "dms_api/static/src/field_app/rep_outlets.js",
            "dms_api/static/tests/field_app/**/*",
        ],
    },
}
