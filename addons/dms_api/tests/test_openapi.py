import json

from odoo.tests import BaseCase, tagged

from ..controllers.main import OPENAPI_PATH
from ..engine.payload import openapi_schema
from ..registry import RESOURCES
from ..tools.gen_openapi import ENDPOINTS, build


@tagged("post_install", "-at_install")
class TestOpenApiDocument(BaseCase):

    def setUp(self):
        super().setUp()
        with open(OPENAPI_PATH) as f:
            self.doc = json.load(f)

    def test_every_resource_is_documented(self):
        for name, res in RESOURCES.items():
            path = self.doc["paths"].get("/dms/api/v1/%s" % name)
            self.assertTrue(path, "resource %s is not in openapi.json" % name)
            self.assertIn("get", path)
            self.assertEqual("post" in path, bool(res.push_model), name)
            if res.push_model:
                ref = path["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]["records"]
                schema = self.doc["components"]["schemas"][ref["items"]["$ref"].rsplit("/", 1)[1]]
                self.assertEqual(schema, openapi_schema(res.push_model), name)
        documented = {p.rsplit("/", 1)[1] for p in self.doc["paths"]}
        self.assertEqual(documented, set(RESOURCES) | set(ENDPOINTS),
                         "openapi.json documents resources that do not exist")

    def test_file_is_what_the_generator_writes(self):
        self.assertEqual(self.doc, json.loads(json.dumps(build())),
                         "static/api/openapi.json is stale: run dms_api.tools.gen_openapi.main()")
