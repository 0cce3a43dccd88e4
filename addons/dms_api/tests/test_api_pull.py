from odoo import fields
from odoo.tests import tagged

from .common import DmsApiCommon


@tagged("post_install", "-at_install")
class TestApiPull(DmsApiCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.more_outlets = cls.env["res.partner"].create([{
            "name": "Leaf Shop %d" % i, "is_company": True, "dms_role": "outlet", "dms_outlet_code": "LEAF-%d" % i,
            "dms_territory_id": cls.leaf.id, "dms_distributor_id": cls.distributor.id,
            "partner_latitude": 23.8 + i / 100, "partner_longitude": 90.4,
        } for i in range(5)])

    def test_rep_pulls_only_own_outlets_with_coordinates(self):
        records, _deleted, _cursor, _pages = self.pull_all("outlets", self.key_rep)
        ids = {r["id"] for r in records}
        self.assertEqual(ids, set((self.outlet | self.more_outlets).ids))
        shop = next(r for r in records if r["id"] == self.more_outlets[0].id)
        self.assertAlmostEqual(shop["partner_latitude"], 23.8)
        self.assertEqual(shop["dms_distributor_id"], self.distributor.id)
        self.assertTrue(shop["active"])
        rep_2_ids = {r["id"] for r in self.pull_all("outlets", self.key_rep_2)[0]}
        self.assertIn(self.outlet_2.id, rep_2_ids)
        self.assertNotIn(self.outlet.id, rep_2_ids)

    def test_paging_is_stable_and_complete(self):
        records, _deleted, _cursor, pages = self.pull_all("outlets", self.key_rep, limit=2)
        self.assertEqual(pages, 3)
        ids = [r["id"] for r in records]
        self.assertEqual(len(ids), len(set(ids)), "a record was served twice while paging")
        self.assertEqual(set(ids), set((self.outlet | self.more_outlets).ids))
        keys = [(r["write_date"], r["id"]) for r in records]
        self.assertEqual(keys, sorted(keys))

    def test_since_serves_changes_archivals_and_deletions(self):
        self._age(self.outlet | self.more_outlets)
        _records, _deleted, cursor, _pages = self.pull_all("outlets", self.key_rep)
        status, page = self.api("outlets?since=%s" % cursor, self.key_rep)
        self.assertEqual((status, page["records"], page["deleted"]), (200, [], []))
        # between two pulls: one new outlet, one renamed, one archived, one deleted
        new = self.env["res.partner"].create({
            "name": "New Shop", "is_company": True, "dms_role": "outlet", "dms_territory_id": self.leaf.id,
            "dms_distributor_id": self.distributor.id})
        self.more_outlets[0].name = "Renamed Shop"
        self.more_outlets[1].action_archive()
        gone = self.more_outlets[2].id
        self.more_outlets[2].unlink()
        records, deleted, cursor, _pages = self.pull_all("outlets", self.key_rep, since=cursor)
        by_id = {r["id"]: r for r in records}
        self.assertEqual(set(by_id), {new.id, self.more_outlets[0].id, self.more_outlets[1].id})
        self.assertEqual(by_id[self.more_outlets[0].id]["name"], "Renamed Shop")
        self.assertFalse(by_id[self.more_outlets[1].id]["active"])
        self.assertEqual(deleted, [gone])

    def test_cursor_lag_serves_recent_records_again(self):
        """On the last page the cursor stays before now - lag: a slow transaction committing
        records with an older write_date is not missed (they are served again instead)."""
        self.env["ir.config_parameter"].set_param("dms_api.cursor_lag_seconds", "600")
        _records, _deleted, cursor, _pages = self.pull_all("outlets", self.key_rep)
        records = self.pull_all("outlets", self.key_rep, since=cursor)[0]
        self.assertEqual({r["id"] for r in records}, set((self.outlet | self.more_outlets).ids))

    def test_bad_parameters(self):
        for query, code in (("outlets?since=garbage", "invalid_cursor"), ("outlets?limit=0", "invalid_parameter"),
                            ("outlets?limit=abc", "invalid_parameter"), ("outlets?limit=501", "invalid_parameter"),
                            ("outlets?foo=1", "unknown_parameter")):
            status, body = self.api(query, self.key_rep)
            self.assertEqual((status, body["error"]["code"]), (400, code), query)

    def test_prices_stock_and_invoices_of_own_distributors(self):
        south_item = self.env["product.pricelist.item"].create({
            "pricelist_id": self.pricelist_list.id, "applied_on": "0_product_variant",
            "product_id": self.shampoo.id, "compute_price": "fixed", "fixed_price": 120})
        prices = self.pull_all("prices", self.key_rep)[0]
        self.assertEqual({p["pricelist_id"] for p in prices}, {self.pricelist.id})
        self.assertNotIn(south_item.id, {p["id"] for p in prices})

        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(self.soap, self.distributor.dms_stock_location_id, 30)
        Quant._update_available_quantity(self.soap, self.distributor_south.dms_stock_location_id, 7)
        stock = self.pull_all("stock", self.key_rep)[0]
        self.assertEqual([(s["location_id"], s["quantity"]) for s in stock],
                         [(self.distributor.dms_stock_location_id.id, 30.0)])

        Move = self.env["account.move"]
        invoices = Move.create([{
            "move_type": "out_invoice", "partner_id": partner.id,
            "invoice_line_ids": [(0, 0, {"product_id": self.soap.id, "quantity": 2, "price_unit": 40})],
        } for partner in (self.outlet, self.outlet_south)])
        invoices.action_post()
        self._age(invoices)
        records, _deleted, cursor, _pages = self.pull_all("invoices", self.key_rep)
        self.assertEqual([r["id"] for r in records], invoices[0].ids)
        self.assertTrue(records[0]["active"])
        self.assertEqual(records[0]["amount_residual"], invoices[0].amount_residual)
        # a cancelled invoice comes back once, no longer to collect
        invoices[0].button_draft()
        invoices[0].button_cancel()
        records = self.pull_all("invoices", self.key_rep, since=cursor)[0]
        self.assertEqual([(r["id"], r["active"]) for r in records], [(invoices[0].id, False)])

    def test_schemes_with_slabs_expired_ones_only_incrementally(self):
        Scheme = self.env["dms.scheme"]
        current, expired = Scheme.create([{
            "name": name, "rule_type": "qty_slab", "apply_on": "secondary", "product_ids": [(6, 0, self.soap.ids)],
            "slab_ids": [(0, 0, {"threshold": 10, "discount_type": "percent", "discount_value": 5}),
                         (0, 0, {"threshold": 50, "discount_type": "percent", "discount_value": 8})],
            "date_to": date_to,
        } for name, date_to in (("Soap slab", False), ("Old slab", fields.Date.add(fields.Date.today(), days=-1)))])
        self._age(current | expired)
        # only the test's own schemes are looked at: other schemes of the database (demo data
        # written by a module update less than the cursor's lag ago) may come again in any pull
        ours = (current | expired).ids
        records, _deleted, cursor, _pages = self.pull_all("schemes", self.key_rep)
        pulled = [r for r in records if r["id"] in ours]
        self.assertEqual([r["id"] for r in pulled], current.ids, "a first pull serves current schemes only")
        self.assertEqual([(s["threshold"], s["discount_value"]) for s in pulled[0]["slabs"]], [(10, 5), (50, 8)])
        current.date_to = fields.Date.add(fields.Date.today(), days=-2)
        records = self.pull_all("schemes", self.key_rep, since=cursor)[0]
        self.assertEqual([(r["id"], r["active"]) for r in records if r["id"] in ours], [(current.id, False)],
                         "the scheme that expired since comes once, inactive; the one expired before not at all")

    def test_tiered_free_goods_scheme_carries_its_tiers(self):
        """The field app applies tiered free goods offline: the pull carries is_tiered and, per tier,
        the product given and its quantity."""
        tiers = self.env["dms.scheme"].create({
            "name": "Soap tiers", "rule_type": "free_goods", "is_tiered": True, "apply_on": "secondary",
            "product_ids": [(6, 0, self.soap.ids)],
            "slab_ids": [(0, 0, {"threshold": 10, "get_product_id": self.soap.id, "get_qty": 1}),
                         (0, 0, {"threshold": 50, "get_product_id": self.soap.id, "get_qty": 8}),
                         (0, 0, {"threshold": 50, "get_product_id": self.shampoo.id, "get_qty": 1})]})
        self._age(tiers)
        records = self.pull_all("schemes", self.key_rep)[0]
        pulled = next(r for r in records if r["id"] == tiers.id)
        self.assertTrue(pulled["is_tiered"])
        self.assertEqual(sorted((s["threshold"], s["get_product_id"], s["get_qty"]) for s in pulled["slabs"]),
                         [(10, self.soap.id, 1), (50, self.soap.id, 8), (50, self.shampoo.id, 1)])
