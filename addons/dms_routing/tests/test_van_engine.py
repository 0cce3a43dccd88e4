from odoo.tests import BaseCase, tagged

from ..engine import van


@tagged("post_install", "-at_install")
class TestVanEngine(BaseCase):

    def test_balance_and_variance(self):
        result, off = van.balances({
            1: {"loaded": 20, "sold": 5, "returned": 1, "unloaded": 15},  # one missing
            2: {"loaded": 8, "sold": 3, "unloaded": 5},  # balanced
            3: {"returned": 2, "unloaded": 1},  # two came back, one unloaded: one missing
            4: {"loaded": 5, "unloaded": 6},  # counted more than explained: a surplus
        })
        self.assertEqual(result[1].variance, 1)
        self.assertEqual(result[2].variance, 0)
        self.assertEqual(result[3].variance, 1)
        self.assertEqual(result[4].variance, -1)
        self.assertEqual(off, [1, 3, 4])

    def test_rounding_noise_is_no_variance(self):
        _result, off = van.balances({7: {"loaded": 0.3, "sold": 0.1, "unloaded": 0.2}})
        self.assertEqual(off, [])

    def test_unknown_kind_refused(self):
        with self.assertRaises(ValueError):
            van.balances({1: {"loadded": 3}})
