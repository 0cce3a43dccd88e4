"""Periods of the Distribution Overview and the period each is compared with.

Every range is ``[start, end)`` in days (``end`` excluded). A period running up to today is
compared with the same number of days at the start of the period before it, so the first two
days of December are set against the first two days of November, not all of November.
"""
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

PERIODS = ("mtd", "last_month", "qtd", "custom")


def _same_days(start, end, prev_start):
    """The range starting at ``prev_start`` with as many days as ``[start, end)``, cut at ``start``."""
    return prev_start, min(prev_start + (end - start), start)


def period_ranges(period, today, date_from=None, date_to=None):
    """``(start, end, prev_start, prev_end)`` for ``period``:

    - ``mtd``: the 1st of this month to today, against the same days of last month;
    - ``last_month``: all of last month, against all of the month before;
    - ``qtd``: the 1st of this quarter to today, against the same days of last quarter;
    - ``custom``: ``date_from`` to ``date_to`` (both included), against as many days just before.
    """
    if period == "mtd":
        start = today.replace(day=1)
        end = today + timedelta(days=1)
        return (start, end, *_same_days(start, end, start - relativedelta(months=1)))
    if period == "last_month":
        end = today.replace(day=1)
        start = end - relativedelta(months=1)
        return start, end, start - relativedelta(months=1), start
    if period == "qtd":
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        end = today + timedelta(days=1)
        return (start, end, *_same_days(start, end, start - relativedelta(months=3)))
    if period == "custom":
        if not date_from or not date_to:
            raise ValueError("A custom period needs a start and an end date.")
        if date_to < date_from:
            raise ValueError("The end date %s is before the start date %s." % (date_to, date_from))
        start, end = date_from, date_to + timedelta(days=1)
        return start, end, start - (end - start), start
    raise ValueError("Unknown period %r: expected one of %s." % (period, ", ".join(PERIODS)))


def trend_months(end, months=6):
    """First days of the ``months`` months up to the month holding the last day before ``end``."""
    last = (end - timedelta(days=1)).replace(day=1)
    return [last - relativedelta(months=back) for back in range(months - 1, -1, -1)]
