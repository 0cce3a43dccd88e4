"""Periods of scheduled reports: the week (Monday to Sunday) or month just ended."""
from datetime import timedelta

from dateutil.relativedelta import relativedelta

FREQUENCIES = ("weekly", "monthly")


def period_just_ended(frequency, today):
    """(first day, last day) of the last full period before `today`."""
    if frequency == "weekly":
        this_monday = today - timedelta(days=today.weekday())
        return this_monday - timedelta(days=7), this_monday - timedelta(days=1)
    if frequency == "monthly":
        first = today.replace(day=1)
        return first - relativedelta(months=1), first - timedelta(days=1)
    raise ValueError(frequency)


def next_run(frequency, today):
    """First day of the period after the current one: when its report is due."""
    if frequency == "weekly":
        return today - timedelta(days=today.weekday()) + timedelta(days=7)
    if frequency == "monthly":
        return today.replace(day=1) + relativedelta(months=1)
    raise ValueError(frequency)
