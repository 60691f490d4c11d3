"""Dashboard periods: a month, quarter or year as local [start, end), and chart months."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONTH, QUARTER, YEAR = "month", "quarter", "year"


CHART_MONTHS = 12


def _month_add(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Period:
    """A month, quarter or year: [start, end) as local dates."""

    granularity: str
    start: datetime.date
    end: datetime.date
    now: datetime.datetime

    @classmethod
    def of(
        cls,
        *,
        granularity: str,
        year: int,
        number: int = 1,
        now: datetime.datetime | None = None,
    ) -> Period:
        """Month `number` (1-12), quarter `number` (1-4) or the whole `year`."""
        now = now or timezone.now()
        if granularity == MONTH:
            start = datetime.date(year, number, 1)
            return cls(granularity, start, _month_add(start, 1), now)
        if granularity == QUARTER:
            start = datetime.date(year, 3 * (number - 1) + 1, 1)
            return cls(granularity, start, _month_add(start, 3), now)
        if granularity == YEAR:
            return cls(
                granularity,
                datetime.date(year, 1, 1),
                datetime.date(year + 1, 1, 1),
                now,
            )
        raise ValueError(f"unknown granularity {granularity!r}")

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def number(self) -> int:
        if self.granularity == QUARTER:
            return (self.start.month - 1) // 3 + 1
        return self.start.month

    @property
    def months(self) -> int:
        return {MONTH: 1, QUARTER: 3, YEAR: 12}[self.granularity]

    @property
    def start_at(self) -> datetime.datetime:
        return _aware(self.start)

    @property
    def end_at(self) -> datetime.datetime:
        return _aware(self.end)

    @property
    def as_of(self) -> datetime.datetime:
        """Where "days since" counts to: the period's end, or now if still running."""
        return min(self.now, self.end_at)

    @property
    def as_of_date(self) -> datetime.date:
        """The last day the period covers so far: today, or its last day if ended."""
        return min(
            timezone.localtime(self.now).date(), self.end - datetime.timedelta(days=1)
        )

    @property
    def label(self) -> str:
        if self.granularity == MONTH:
            return _("Tháng %(month)s/%(year)s") % {
                "month": self.number,
                "year": self.year,
            }
        if self.granularity == QUARTER:
            return _("Quý %(quarter)s/%(year)s") % {
                "quarter": self.number,
                "year": self.year,
            }
        return _("Năm %(year)s") % {"year": self.year}

    @property
    def slug(self) -> str:
        if self.granularity == MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.granularity == QUARTER:
            return f"{self.year}-q{self.number}"
        return str(self.year)

    @property
    def chart_months(self) -> list[datetime.date]:
        """First days of the 12 months ending with the period (not past this month)."""
        this_month = timezone.localtime(self.now).date().replace(day=1)
        last = min(_month_add(self.end, -1), this_month)
        if last < self.start:  # a period wholly in the future
            last = _month_add(self.end, -1)
        return [_month_add(last, -n) for n in range(CHART_MONTHS - 1, -1, -1)]

    @property
    def chart_start_at(self) -> datetime.datetime:
        return _aware(self.chart_months[0])

    @property
    def chart_end_at(self) -> datetime.datetime:
        return _aware(_month_add(self.chart_months[-1], 1))


def month_of(value: datetime.datetime | datetime.date) -> datetime.date:
    """The first day of the local month of a TruncMonth result (date or datetime)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)
