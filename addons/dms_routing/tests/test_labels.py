from odoo.tests import tagged

from .common import DmsRoutingCommon


@tagged("post_install", "-at_install")
class TestStockBucketLabels(DmsRoutingCommon):
    """Stock by Bucket groups every distributor quant under a named bucket, vans included."""

    def test_van_and_bucket_stock_are_labelled(self):
        self._add_stock(self.soap, self.saleable, 10, self.distributor)
        self._add_stock(self.soap, self.van_location, 4, self.distributor)
        Quant = self.env["stock.quant"]
        groups = dict(Quant._read_group(
            [("dms_distributor_id", "=", self.distributor.id), ("product_id", "=", self.soap.id)],
            ["dms_bucket"], ["quantity:sum"]))
        self.assertEqual(groups["van"], 4)
        self.assertGreaterEqual(groups["saleable"], 10)
        self.assertNotIn(False, groups)
        labels = dict(Quant._fields["dms_bucket"]._description_selection(self.env))
        self.assertEqual((labels["van"], labels["other"]), ("On a Van", "Other Locations"))
