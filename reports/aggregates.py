"""Aggregates providers need that Django does not have: the median per group."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict

from django.db import connection
from django.db.models import Aggregate, Expression, F, FloatField, Func, QuerySet

from reports.periods import month_of


class _EpochSeconds(Func):
    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


class _PercentileMedian(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median_by_group(
    queryset: QuerySet,
    *,
    group_by: dict[str, str | Expression],
    start: str,
    end: str,
) -> dict[tuple, float]:
    """Median of (end - start) in days per group, in one query.

    PostgreSQL computes PERCENTILE_CONT in the database; elsewhere (SQLite) the one
    query returns the rows' durations and the median is taken here. Rows with an
    empty start or end are left out. Keys are tuples of the group_by values in the
    order given (months from TruncMonth come back as dates via month_of()).
    """
    names = list(group_by)
    rows = queryset.filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
    rows = rows.annotate(**{f"_g_{n}": _expression(v) for n, v in group_by.items()})
    keys = [f"_g_{n}" for n in names]
    if connection.vendor == "postgresql":
        seconds = _EpochSeconds(F(end) - F(start))
        result = rows.values(*keys).annotate(_median=_PercentileMedian(seconds))
        return {
            _group_key(row, keys): row["_median"] / 86400 for row in result.order_by()
        }
    durations: dict[tuple, list[float]] = defaultdict(list)
    for row in rows.values(*keys, start, end).order_by():
        seconds = (row[end] - row[start]).total_seconds()
        durations[_group_key(row, keys)].append(seconds / 86400)
    return {key: statistics.median(values) for key, values in durations.items()}


def _expression(value: str | Expression):
    return F(value) if isinstance(value, str) else value


def _group_key(row: dict, keys: list[str]) -> tuple:
    return tuple(
        month_of(row[k]) if isinstance(row[k], datetime.date) else row[k] for k in keys
    )
