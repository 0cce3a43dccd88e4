from odoo.tests import BaseCase, tagged

from ..engine import geo


@tagged("post_install", "-at_install")
class TestGeo(BaseCase):

    def test_haversine_known_distances(self):
        cases = [
            # (from, to, metres, tolerance): reference values from the haversine formula
            ((23.7806, 90.2794), (23.7806, 90.2794), 0, 0.001),  # same point
            ((0, 0), (0, 1), 111_195, 5),  # one degree of longitude on the equator
            ((0, 0), (1, 0), 111_195, 5),  # one degree of latitude
            ((23.8103, 90.4125), (22.3569, 91.7832), 213_000, 2_000),  # Dhaka -> Chittagong
            ((90, 0), (-90, 0), 20_015_115, 10),  # pole to pole
        ]
        for start, end, metres, tol in cases:
            with self.subTest(start=start, end=end):
                self.assertAlmostEqual(geo.haversine_m(*start, *end), metres, delta=tol)
                self.assertAlmostEqual(geo.haversine_m(*end, *start), metres, delta=tol)

    def test_bad_coordinates(self):
        for args in ((91, 0, 0, 0), (0, 181, 0, 0), (None, 0, 0, 0)):
            with self.subTest(args=args), self.assertRaises(ValueError):
                geo.haversine_m(*args)
        with self.assertRaises(ValueError):
            geo.road_distance_m(0, 0, 0, 1, road_factor=0.5)

    def test_fence_and_road_factor(self):
        centre = (23.7937, 90.4066)
        inside, dist = geo.within_fence((23.7940, 90.4066), centre, 50)
        self.assertTrue(inside)
        self.assertAlmostEqual(dist, 33.4, delta=0.5)
        inside, dist = geo.within_fence((23.7960, 90.4066), centre, 50)
        self.assertFalse(inside)
        self.assertAlmostEqual(geo.road_distance_m(0, 0, 0, 1), 111_195 * 1.3, delta=10)
