from datetime import date, timedelta

from odoo.tests import BaseCase, tagged

from ..engine import journey


def spec(**kw):
    base = {"key": 1, "user_key": 7, "frequency": "weekly", "weekdays": frozenset({0})}
    base.update(kw)
    return journey.BeatSpec(**base)


@tagged("post_install", "-at_install")
class TestJourneyEngine(BaseCase):

    def test_weekly_on_given_weekdays(self):
        days = journey.due_dates(spec(weekdays=frozenset({0, 3})), date(2026, 1, 5), date(2026, 1, 18))
        self.assertEqual(days, [date(2026, 1, 5), date(2026, 1, 8), date(2026, 1, 12), date(2026, 1, 15)])

    def test_fortnightly_iso_parity(self):
        # ISO week 2 of 2026 starts on Monday 5 January: even, so week B
        self.assertEqual(journey.fortnight_letter(date(2026, 1, 5)), "b")
        self.assertEqual(journey.fortnight_letter(date(2026, 1, 12)), "a")
        january = (date(2026, 1, 1), date(2026, 2, 1))
        week_a = journey.due_dates(spec(frequency="fortnightly", fortnight_week="a"), *january)
        self.assertEqual(week_a, [date(2026, 1, 12), date(2026, 1, 26)])
        week_b = journey.due_dates(spec(frequency="fortnightly", fortnight_week="b"), *january)
        self.assertEqual(week_b, [date(2026, 1, 5), date(2026, 1, 19)])

    def test_iso_parity_drifts_in_53_week_years_anchor_does_not(self):
        # 2026 has 53 ISO weeks: week 53 (28 Dec) and week 1 of 2027 (4 Jan) are both odd, both A
        iso = spec(frequency="fortnightly", fortnight_week="a")
        self.assertEqual(journey.due_dates(iso, date(2026, 12, 21), date(2027, 1, 10)),
                         [date(2026, 12, 28), date(2027, 1, 4)])
        anchored = spec(frequency="fortnightly", fortnight_week="a", anchor=date(2026, 12, 30))
        self.assertEqual(journey.due_dates(anchored, date(2026, 12, 14), date(2027, 1, 17)),
                         [date(2026, 12, 14), date(2026, 12, 28), date(2027, 1, 11)])

    def test_anchor_counts_weeks_before_the_anchor_too(self):
        anchor = date(2026, 1, 7)  # a Wednesday: the week of Monday 5 January is A
        self.assertEqual(journey.fortnight_letter(date(2026, 1, 5), anchor), "a")
        self.assertEqual(journey.fortnight_letter(date(2026, 1, 11), anchor), "a")
        self.assertEqual(journey.fortnight_letter(date(2026, 1, 12), anchor), "b")
        self.assertEqual(journey.fortnight_letter(date(2026, 1, 4), anchor), "b")
        self.assertEqual(journey.fortnight_letter(date(2025, 12, 22), anchor), "a")

    def test_monthly_weeks(self):
        self.assertEqual([journey.week_of_month(date(2026, 1, d)) for d in (1, 7, 8, 14, 15, 28, 29, 31)],
                         [1, 1, 2, 2, 3, 4, 5, 5])
        saturdays = spec(frequency="monthly", weekdays=frozenset({5}), month_weeks=frozenset({1, 3}))
        self.assertEqual(journey.due_dates(saturdays, date(2026, 1, 1), date(2026, 1, 31)),
                         [date(2026, 1, 3), date(2026, 1, 17)])
        fifth = spec(frequency="monthly", weekdays=frozenset(range(7)), month_weeks=frozenset({5}))
        self.assertEqual(journey.due_dates(fifth, date(2026, 2, 1), date(2026, 2, 28)), [])  # no day 29
        self.assertEqual(len(journey.due_dates(fifth, date(2026, 3, 1), date(2026, 3, 31))), 3)

    def test_validity_bounds(self):
        bounded = spec(weekdays=frozenset(range(7)), date_start=date(2026, 1, 10), date_end=date(2026, 1, 12))
        self.assertEqual(journey.due_dates(bounded, date(2026, 1, 1), date(2026, 1, 31)),
                         [date(2026, 1, 10), date(2026, 1, 11), date(2026, 1, 12)])

    def test_invalid_specs(self):
        with self.assertRaises(ValueError):
            spec(frequency="daily")
        with self.assertRaises(ValueError):
            spec(weekdays=frozenset())
        with self.assertRaises(ValueError):
            spec(weekdays=frozenset({7}))
        with self.assertRaises(ValueError):
            spec(frequency="monthly", month_weeks=frozenset({6}))
        with self.assertRaises(ValueError):
            journey.due_dates(spec(), date(2026, 1, 2), date(2026, 1, 1))

    def test_plan_skips_holidays_leaves_closing_days_and_existing(self):
        beat = spec(weekdays=frozenset({0, 1}), outlets=(("o1", None), ("o2", 1), ("o3", None)))
        start, end = date(2026, 1, 5), date(2026, 1, 13)  # Mon 5, Tue 6, Mon 12, Tue 13
        plan = journey.plan_visits(
            [beat], start, end, holidays={date(2026, 1, 5)}, leaves={7: {date(2026, 1, 12)}},
            existing={(7, "o1", date(2026, 1, 13))})
        got = [(v.outlet_key, v.day, v.sequence) for v in plan.visits]
        # Tue 6: o1 and o3 (o2 is closed on Tuesdays); Tue 13: o3 only (o1 exists, o2 closed)
        self.assertEqual(got, [("o1", date(2026, 1, 6), 1), ("o3", date(2026, 1, 6), 3),
                               ("o3", date(2026, 1, 13), 3)])
        self.assertEqual(plan.skipped_days, {(7, date(2026, 1, 5)): "holiday", (7, date(2026, 1, 12)): "leave"})

    def test_same_outlet_in_two_beats_planned_once_a_day(self):
        first = spec(key=1, outlets=(("o1", None),))
        second = spec(key=2, outlets=(("o1", None), ("o2", None)))
        plan = journey.plan_visits([first, second], date(2026, 1, 5), date(2026, 1, 5))
        self.assertEqual([(v.beat_key, v.outlet_key) for v in plan.visits], [(1, "o1"), (2, "o2")])

    def test_a_year_of_weekly_visits(self):
        beat = spec(weekdays=frozenset({5}), outlets=tuple((f"o{i}", None) for i in range(10)))
        start = date(2026, 1, 1)
        plan = journey.plan_visits([beat], start, start + timedelta(days=364))
        self.assertEqual(len(plan.visits), 52 * 10)
