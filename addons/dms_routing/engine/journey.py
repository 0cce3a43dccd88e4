"""Journey plan arithmetic: on which days a beat is due, and the planned visits of a date range.

Plain Python over plain data (no Odoo): the models gather beats, holidays and leaves into the
dataclasses below and write what ``plan_visits`` returns in one batch.

Frequencies:
- ``weekly``: every week on the given weekdays (0 = Monday ... 6 = Sunday).
- ``fortnightly``: every other week on the given weekdays. Week A/B is either the ISO week
  parity (odd ISO weeks are A) or, with an anchor date, counted from the week of that date
  (the anchor's week is A). ISO parity drifts at the turn of a year with 53 ISO weeks (week 53
  and week 1 are both odd); anchoring never drifts.
- ``monthly``: on the given weekdays of the given weeks of the month, week n being days
  7(n-1)+1 .. 7n (so week 5 holds days 29-31 and is absent in February of common years).
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

FREQUENCIES = ("weekly", "fortnightly", "monthly")


@dataclass(frozen=True)
class BeatSpec:
    """When a beat is due, and its outlets in visiting order."""

    key: object
    frequency: str
    weekdays: frozenset
    user_key: object = None
    fortnight_week: str = "a"  # "a" or "b"
    anchor: date = None  # fortnightly: week A is the week of this date; None: ISO week parity
    month_weeks: frozenset = frozenset()
    date_start: date = None
    date_end: date = None
    outlets: tuple = ()  # (outlet_key, closed_weekday or None) in visiting order

    def __post_init__(self):
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"unknown frequency {self.frequency!r}, expected one of {FREQUENCIES}")
        if not self.weekdays or not set(self.weekdays) <= set(range(7)):
            raise ValueError(f"weekdays must be a non-empty subset of 0..6, got {sorted(self.weekdays)!r}")
        if self.fortnight_week not in ("a", "b"):
            raise ValueError(f"fortnight_week must be 'a' or 'b', got {self.fortnight_week!r}")
        if self.frequency == "monthly" and (not self.month_weeks or not set(self.month_weeks) <= set(range(1, 6))):
            raise ValueError(f"month_weeks must be a non-empty subset of 1..5, got {sorted(self.month_weeks)!r}")


@dataclass(frozen=True)
class PlannedVisit:
    beat_key: object
    user_key: object
    outlet_key: object
    day: date
    sequence: int


@dataclass
class PlanResult:
    visits: list = field(default_factory=list)
    skipped_days: dict = field(default_factory=dict)  # (user_key, day) -> "holiday" | "leave"


def week_of_month(day):
    """1 for days 1-7, 2 for 8-14, ... 5 for 29-31."""
    return (day.day - 1) // 7 + 1


def fortnight_letter(day, anchor=None):
    """'a' or 'b': the half of the fortnight ``day`` falls in."""
    if anchor is None:
        return "a" if day.isocalendar()[1] % 2 else "b"
    monday = day - timedelta(days=day.weekday())
    anchor_monday = anchor - timedelta(days=anchor.weekday())
    return "a" if ((monday - anchor_monday).days // 7) % 2 == 0 else "b"


def is_due(spec, day):
    """Whether the beat is run on ``day`` (ignoring holidays and leaves)."""
    if spec.date_start and day < spec.date_start:
        return False
    if spec.date_end and day > spec.date_end:
        return False
    if day.weekday() not in spec.weekdays:
        return False
    if spec.frequency == "fortnightly":
        return fortnight_letter(day, spec.anchor) == spec.fortnight_week
    if spec.frequency == "monthly":
        return week_of_month(day) in spec.month_weeks
    return True


def due_dates(spec, date_from, date_to):
    """Every day from ``date_from`` to ``date_to`` (inclusive) the beat is due."""
    if date_to < date_from:
        raise ValueError(f"date_to {date_to} is before date_from {date_from}")
    days = (date_to - date_from).days + 1
    return [d for d in (date_from + timedelta(days=i) for i in range(days)) if is_due(spec, d)]


def plan_visits(specs, date_from, date_to, holidays=frozenset(), leaves=None, existing=frozenset()):
    """The visits to create for ``specs`` over the range.

    holidays: days nobody works (public holidays of the company calendar).
    leaves: {user_key: set of days} the rep is away.
    existing: {(user_key, outlet_key, day)} already planned: never planned twice; the same outlet
    due twice on one day for one rep (two beats) is planned once, on the first beat.
    An outlet is skipped on its weekly closing day.
    """
    leaves = leaves or {}
    seen = set(existing)
    result = PlanResult()
    for spec in specs:
        rep_leaves = leaves.get(spec.user_key, ())
        for day in due_dates(spec, date_from, date_to):
            if day in holidays:
                result.skipped_days[(spec.user_key, day)] = "holiday"
                continue
            if day in rep_leaves:
                result.skipped_days[(spec.user_key, day)] = "leave"
                continue
            for sequence, (outlet_key, closed_weekday) in enumerate(spec.outlets, start=1):
                if closed_weekday is not None and closed_weekday == day.weekday():
                    continue
                key = (spec.user_key, outlet_key, day)
                if key in seen:
                    continue
                seen.add(key)
                result.visits.append(PlannedVisit(spec.key, spec.user_key, outlet_key, day, sequence))
    return result
