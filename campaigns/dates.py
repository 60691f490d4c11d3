"""When a key date falls in a given year (pure functions over KeyDate's rule)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import lunar


@dataclass(frozen=True)
class Span:
    start: date
    end: date | None = None  # windows only

    @property
    def last_day(self) -> date:
        return self.end or self.start


def key_date_span(
    *,
    kind: str,
    day: int,
    month: int,
    year: int,
    end_day: int | None = None,
    end_month: int | None = None,
) -> Span:
    """The solar date(s) of a key date rule in `year`.

    Lunar dates follow campaigns.lunar.lunar_occurrence: the lunar year that begins in
    `year`, the regular (not leap) month, and day 30 of a 29-day month taken as day 29.
    A window whose end is before its start (15/12-15/1) ends in the next year.
    Raises ValidationError (Vietnamese) when the date does not exist.
    """  # fmt: skip
    try:
        if kind == "lunar":
            return Span(lunar.lunar_occurrence(year, month, day))
        start = date(year, month, day)
        if kind != "window":
            return Span(start)
        end = date(year, end_month, end_day)
        if end < start:
            end = date(year + 1, end_month, end_day)
        return Span(start, end)
    except lunar.InvalidLunarDate as exc:
        raise ValidationError(exc.message, code=exc.code, params=exc.params) from exc
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            _("Ngày %(day)s/%(month)s không có trong năm %(year)s."),
            code="date_does_not_exist",
            params={"day": day, "month": month, "year": year},
        ) from exc


def occurrence_span(key_date, year: int) -> Span:
    return key_date_span(
        kind=key_date.kind,
        day=key_date.day,
        month=key_date.month,
        year=year,
        end_day=key_date.end_day,
        end_month=key_date.end_month,
    )


def next_span(key_date, today: date) -> tuple[int, Span]:
    """The occurrence not yet over on `today`: (year, span), this year or next."""
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            span = occurrence_span(key_date, year)
        except ValidationError:
            continue
        if span.last_day >= today:
            return year, span
    year = today.year + 2
    return year, occurrence_span(key_date, year)
