import base64
import io
import uuid
from datetime import timedelta

from PIL import Image

from odoo import Command, fields
from odoo.tests import tagged

from .common import DmsApiCommon


@tagged("post_install", "-at_install")
class TestApiRepCatalogue(DmsApiCommon):
    """What the field app needs to take orders offline: products with their category path and
    case size, outlets with their territory path and geofence, schemes with combo components,
    an outlet's recent orders; and a visit's photo kept as an attachment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dms_visit_fence_radius = 75
        cls.categ_parent = cls.env["product.category"].create({"name": "Personal care"})
        cls.categ = cls.env["product.category"].create({"name": "Soaps", "parent_id": cls.categ_parent.id})
        cls.soap.categ_id = cls.categ
        cls.combo = cls.env["dms.scheme"].create({
            "name": "Soap and shampoo", "rule_type": "combo", "combo_discount": 10,
            "combo_line_ids": [Command.create({"product_id": cls.soap.id, "min_qty": 2}),
                               Command.create({"product_id": cls.shampoo.id, "min_qty": 1})],
        })
        cls.old = cls._create_order(date_order=fields.Datetime.now() - timedelta(days=200))
        cls.recent = cls._create_order()
        cls.theirs = cls._create_order(outlet=cls.outlet_2)
        cls.reason = cls.env["dms.no.order.reason"].create({"name": "API test: closed"})
        cls.visit = cls.env["dms.visit"].create({
            "user_id": cls.rep.id, "partner_id": cls.outlet.id, "is_planned": True,
            "planned_date": fields.Date.context_today(cls.combo)})

    def test_products_outlets_schemes_carry_what_offline_pricing_needs(self):
        products, *_ = self.pull_all("products", self.key_rep)
        by_id = {p["id"]: p for p in products}
        soap, shampoo = by_id[self.soap.id], by_id[self.shampoo.id]
        self.assertEqual(soap["categ_path"], [self.categ_parent.id, self.categ.id])
        self.assertEqual((soap["units_per_case"], shampoo["units_per_case"]), (24, 0))
        self.assertEqual(soap["product_tmpl_id"], self.soap.product_tmpl_id.id)
        outlets, *_ = self.pull_all("outlets", self.key_rep)
        outlet = next(o for o in outlets if o["id"] == self.outlet.id)
        self.assertEqual(outlet["territory_path"], [self.region.id, self.area.id, self.leaf.id])
        self.assertEqual(outlet["fence_radius"], 75)
        schemes, *_ = self.pull_all("schemes", self.key_rep)
        combo = next(s for s in schemes if s["id"] == self.combo.id)
        self.assertEqual(sorted((c["product_id"], c["min_qty"]) for c in combo["combo"]),
                         sorted([(self.soap.id, 2), (self.shampoo.id, 1)]))
        self.assertEqual(combo["company_id"], self.company.id)

    def test_recent_orders_of_the_reps_outlets(self):
        date_from = fields.Date.to_string(fields.Date.today() - timedelta(days=90))
        status, page = self.api("secondary_orders?date_from=%s" % date_from, self.key_rep)
        self.assertEqual(status, 200, page)
        ids = {r["id"] for r in page["records"]}
        self.assertIn(self.recent.id, ids)
        self.assertNotIn(self.old.id, ids, "older than the window")
        self.assertNotIn(self.theirs.id, ids, "another rep's outlet")
        for bad in ("2026-13-01", "yesterday", "2026-1-1"):
            status, body = self.api("secondary_orders?date_from=%s" % bad, self.key_rep)
            self.assertEqual((status, body["error"]["code"], body["error"]["field"]),
                             (400, "invalid_parameter", "date_from"), bad)

    def test_visit_photo_is_kept_as_an_attachment_of_the_visit(self):
        buffer = io.BytesIO()
        Image.new("RGB", (1280, 853), (120, 80, 40)).save(buffer, "JPEG", quality=60)
        record = {"uuid": str(uuid.uuid4()), "visit_id": self.visit.id, "check_in_time": "2026-03-02T10:00:00Z",
                  "check_in_latitude": 23.79, "check_in_longitude": 90.40, "check_out_time": "2026-03-02T10:10:00Z",
                  "no_order_reason_id": self.reason.id, "photo": base64.b64encode(buffer.getvalue()).decode()}
        status, body = self.api("visits", self.key_rep, body={"records": [record]})
        self.assertEqual((status, body["results"][0]["status"]), (200, "ok"), body)
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "dms.visit"), ("res_id", "=", self.visit.id), ("res_field", "=", "photo")])
        self.assertEqual(Image.open(io.BytesIO(attachment.raw)).size, (1280, 853))
        # an order for another rep's outlet is answered like a missing outlet
        order = {"uuid": str(uuid.uuid4()), "outlet_id": self.outlet_2.id,
                 "lines": [{"product_id": self.soap.id, "qty": 48}]}
        status, body = self.api("secondary_orders", self.key_rep, body={"records": [order]})
        self.assertEqual((status, body["results"][0]["code"]), (200, "unknown_id"))
        status, body = self.api("secondary_orders", self.key_rep, body={"records": "nope"})
        self.assertEqual((status, body["error"]["code"]), (400, "invalid_batch"))
