"""Working days (Monday to Friday, minus configured holidays) and what is overdue.

CONSULTATION_OVERDUE_WORKING_DAYS (default 5) says how many working days a question
may wait; CONSULTATION_HOLIDAYS lists public holidays as dates or "YYYY-MM-DD"
strings (Tết changes every year, so it is configuration, not code).
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

OVERDUE_WORKING_DAYS_DEFAULT = 5
_WEEKDAYS = 5  # Monday..Friday


def overdue_working_days() -> int:
    return int(
        getattr(
            settings, "CONSULTATION_OVERDUE_WORKING_DAYS", OVERDUE_WORKING_DAYS_DEFAULT
        )
    )


def holidays() -> frozenset[date]:
    days = set()
    for value in getattr(settings, "CONSULTATION_HOLIDAYS", ()):
        days.add(value if isinstance(value, date) else date.fromisoformat(value))
    return frozenset(days)


def is_working_day(day: date, *, off: frozenset[date] | None = None) -> bool:
    off = holidays() if off is None else off
    return day.weekday() < _WEEKDAYS and day not in off


def working_days_between(start: date, end: date) -> int:
    """Working days d with start < d <= end: asked on Friday, Monday is day 1.

    Constant time in the length of the span (weeks are counted, not walked).
    """
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * _WEEKDAYS
    tail_start = start + timedelta(days=weeks * 7)
    count += sum(
        1 for i in range(1, rest + 1) if (tail_start + timedelta(i)).weekday() < 5
    )
    count -= sum(1 for day in holidays() if start < day <= end and day.weekday() < 5)
    return count


def local_date(value: datetime) -> date:
    return timezone.localtime(value).date()


def age_in_working_days(created_at: datetime, *, until: datetime | None = None) -> int:
    """How many working days a question has waited (or waited, once answered)."""
    until = until or timezone.now()
    return working_days_between(local_date(created_at), local_date(until))


def overdue_before(*, now: datetime | None = None, days: int | None = None) -> datetime:
    """Questions asked before this moment are older than `days` working days.

    The earliest day whose age today is at most `days`, as an aware midnight. The walk
    back is bounded by `days` working days plus the weekends and holidays between.
    """
    now = now or timezone.now()
    days = overdue_working_days() if days is None else days
    today = local_date(now)
    first = today
    limit = days * 2 + len(holidays()) + 14
    for _step in range(limit):
        if working_days_between(first - timedelta(days=1), today) > days:
            break
        first -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(first, time.min))
