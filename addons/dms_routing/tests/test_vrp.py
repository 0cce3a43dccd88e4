import random

from odoo.tests import BaseCase, tagged

from ..engine import trip, vrp
from ..engine.geo import road_distance_m

# A depot and six customers on a line east and west of it (x), 10 apart.
POINTS = [0, 10, 20, 30, -10, -20, -30]


def problem(stops=None, vehicles=None, **kwargs):
    n = len(POINTS)
    matrix = [[abs(POINTS[i] - POINTS[j]) for j in range(n)] for i in range(n)]
    stops = stops if stops is not None else tuple(vrp.Stop(key="c%d" % i, location=i, demand=(1,)) for i in range(1, n))
    vehicles = vehicles if vehicles is not None else (vrp.Vehicle("east", (3,)), vrp.Vehicle("west", (3,)))
    return vrp.Problem(matrix, matrix, tuple(stops), tuple(vehicles), **kwargs)


@tagged("post_install", "-at_install")
class TestVrpAdapter(BaseCase):

    def test_optimal_split(self):
        """Two vehicles of 3: one goes east, one goes west, 120 in all."""
        result = vrp.solve(problem(), seconds=0.5)
        self.assertTrue(result.feasible)
        self.assertEqual(result.distance, 120)
        self.assertEqual(sorted(sorted(v.key for v in r.visits) for r in result.routes),
                         [["c1", "c2", "c3"], ["c4", "c5", "c6"]])
        for route in result.routes:
            self.assertEqual(route.load, (3,))
            self.assertEqual(route.visits[-1].load_after, (0,))
            arrivals = [v.arrival for v in route.visits]
            self.assertEqual(arrivals, sorted(arrivals))

    def test_eta_with_service_and_windows(self):
        stops = (vrp.Stop("a", 1, (1,), service=5, tw_start=50), vrp.Stop("b", 2, (1,), service=5))
        result = vrp.solve(problem(stops, (vrp.Vehicle("v", (5,)),)), seconds=0.2)
        visits = result.routes[0].visits
        self.assertEqual([v.key for v in visits], ["a", "b"])
        self.assertEqual(visits[0].arrival, 50, "waits for the window to open")
        self.assertEqual(visits[1].arrival, 50 + 5 + 10)

    def test_too_heavy_is_named_not_dropped(self):
        stops = (vrp.Stop("big", 1, (5, 1)), vrp.Stop("ok", 2, (1, 1)))
        vehicles = (vrp.Vehicle("van", (4, 10)), vrp.Vehicle("truck", (4, 10)))
        result = vrp.solve(problem(stops, vehicles), seconds=0.2)
        self.assertFalse(result.feasible)
        self.assertEqual(result.unassigned, ["big"])
        self.assertEqual([(i.key, i.constraint) for i in result.issues], [("big", "capacity")])
        self.assertIn("more than any vehicle can carry", result.issues[0].message)
        self.assertEqual([v.key for v in result.routes[0].visits], ["ok"])

    def test_unreachable_window(self):
        stops = (vrp.Stop("late", 3, (1,), tw_start=0, tw_end=20), vrp.Stop("shut", 1, (1,), tw_start=9, tw_end=5))
        result = vrp.solve(problem(stops, (vrp.Vehicle("v", (5,)),)), seconds=0.2)
        self.assertFalse(result.feasible)
        self.assertEqual({(i.key, i.constraint) for i in result.issues},
                         {("late", "time_window"), ("shut", "time_window")})
        stops = (vrp.Stop("far", 3, (1,)),)
        short_shift = (vrp.Vehicle("v", (5,), shift_end=50),)
        self.assertEqual([i.constraint for i in vrp.check(problem(stops, short_shift))], ["time_window"])

    def test_locks_are_kept(self):
        """c1 would naturally ride east; locked to 'west', it does."""
        stops = tuple(vrp.Stop("c%d" % i, i, (1,), vehicle_key="west" if i == 1 else None) for i in range(1, 7))
        vehicles = (vrp.Vehicle("east", (5,)), vrp.Vehicle("west", (5,)))
        result = vrp.solve(problem(stops, vehicles), seconds=0.5)
        self.assertTrue(result.feasible, result.issues)
        west = next(r for r in result.routes if r.vehicle_key == "west")
        self.assertIn("c1", [v.key for v in west.visits])
        bad = (vrp.Stop("c1", 1, (1,), vehicle_key="ghost"),)
        self.assertEqual([i.constraint for i in vrp.check(problem(bad, vehicles))], ["lock"])

    def test_no_vehicle_and_bad_matrix(self):
        result = vrp.solve(problem(vehicles=()), seconds=0.1)
        self.assertFalse(result.feasible)
        self.assertEqual(len(result.unassigned), 6)
        with self.assertRaises(ValueError):
            vrp.check(vrp.Problem([[0, 1]], [[0, 1]], (), (vrp.Vehicle("v"),)))


@tagged("post_install", "-at_install")
class TestTripEngine(BaseCase):

    def test_place_locked(self):
        self.assertEqual(trip.place_locked(["a", "b", "c", "d"], {"d": 1}), ["d", "a", "b", "c"])
        self.assertEqual(trip.place_locked(["a", "b", "c"], {"a": 3, "c": 1}), ["c", "b", "a"])
        self.assertEqual(trip.place_locked(["a", "b"], {"a": 9}), ["b", "a"], "beyond the end: last")

    def test_schedule_waits_and_flags_late(self):
        matrix = [[0, 10, 20], [10, 0, 10], [20, 10, 0]]
        stops = {"x": vrp.Stop("x", 1, service=5, tw_start=50), "y": vrp.Stop("y", 2, service=5, tw_end=60)}
        rows, back, end, late = trip.schedule(["x", "y"], stops, matrix, matrix, 0)
        self.assertEqual(rows, [("x", 50, 55, 10), ("y", 65, 70, 10)])
        self.assertEqual((back, end, late), (20, 90, ["y"]))

    def test_haversine_matrices_match_each_pair(self):
        """One distance per pair, mirrored: the same integers as road_distance_m pair by pair."""
        rnd = random.Random(5)
        points = [(rnd.uniform(-89, 89), rnd.uniform(-179, 179)) for _i in range(40)]
        points += [(23.7 + rnd.random() / 10, 90.3 + rnd.random() / 10) for _i in range(40)]
        distances, durations = trip.haversine_matrices(points, road_factor=1.3, speed_kmh=25)
        metres_per_s = 25 * 1000 / 3600
        for i, (lat1, lng1) in enumerate(points):
            for j, (lat2, lng2) in enumerate(points):
                expected = int(round(road_distance_m(lat1, lng1, lat2, lng2, 1.3)))
                self.assertEqual(distances[i][j], expected)
                self.assertEqual(durations[i][j], int(round(expected / metres_per_s)))
        with self.assertRaises(ValueError):
            trip.haversine_matrices([(0, 0), (91, 0)])
        with self.assertRaises(ValueError):
            trip.haversine_matrices([(0, 0), (1, 0)], road_factor=0.9)

    def test_haversine_matrices(self):
        distances, durations = trip.haversine_matrices([(0, 0), (0, 1)], road_factor=1.5, speed_kmh=36)
        self.assertAlmostEqual(distances[0][1], 166_793, delta=10)
        self.assertEqual(durations[0][1], round(distances[0][1] / 10))
        self.assertEqual(distances[1][1], 0)
