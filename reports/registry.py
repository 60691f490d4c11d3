"""The columns content apps add to the dashboard, each with its default threshold.

A content app registers, from its AppConfig.ready(), a function returning its
Provider under PROVIDERS_HOOK on the one registry, `publishing.hooks`:

    hooks.register(registry.PROVIDERS_HOOK, news_dashboard_provider)

See reports/__init__.py for the contract.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.functional import Promise

from publishing import hooks

COUNT, DAYS, RATIO, BOOL, STATUS = "count", "days", "ratio", "bool", "status"
KINDS = (COUNT, DAYS, RATIO, BOOL, STATUS)
HIGH, LOW = "high", "low"
TOP, OVERALL = "top", "overall"


@dataclass(frozen=True)
class Column:
    """One figure per unit; `threshold` is its default, settings may override it."""

    key: str
    label: str | Promise
    kind: str
    good: str | None = None
    help: str | Promise = ""
    per_month: bool = False
    none_flagged: bool = False
    statuses: tuple[tuple[str, str | Promise], ...] = ()
    missing: Any = 0
    threshold: Any = None  # None: the column never lights up

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"column {self.key}: unknown kind {self.kind!r}")
        if self.good not in (HIGH, LOW, None):
            raise ValueError(f"column {self.key}: good must be 'high', 'low' or None")

    def status_label(self, value) -> str:
        return str(dict(self.statuses).get(value, value or ""))

    def status_rank(self, value) -> int:
        keys = [key for key, _label in self.statuses]
        return keys.index(value) if value in keys else len(keys)


@dataclass
class Series:
    key: str
    title: str | Promise
    description: str | Promise
    kind: str
    per_unit: dict[int, dict[datetime.date, float | None]] = field(default_factory=dict)
    overall: dict[datetime.date, float | None] | None = None
    lines: str = TOP


@dataclass
class Figures:
    values: dict[str, dict[int, Any]]
    series: list[Series] = field(default_factory=list)


@dataclass(frozen=True)
class Provider:
    key: str
    columns: tuple[Column, ...]
    compute: Callable[..., Figures]
    order: int = 100


# fn() -> Provider: one dashboard provider (its columns and its compute function).
PROVIDERS_HOOK = "dashboard_providers"


def dashboard_providers() -> list[Provider]:
    """The registered providers by (order, key); a later one replaces an earlier key."""
    providers = [provider() for provider in hooks.get_hooks(PROVIDERS_HOOK)]
    by_key = {provider.key: provider for provider in providers}
    return sorted(by_key.values(), key=lambda p: (p.order, p.key))


def dashboard_columns() -> list[Column]:
    return [column for provider in dashboard_providers() for column in provider.columns]


def dashboard_thresholds() -> dict[str, Any]:
    """{column key: threshold}: each column's default, then settings.DASHBOARD_THRESHOLDS."""
    defaults = {
        column.key: column.threshold
        for column in dashboard_columns()
        if column.threshold is not None
    }
    return {**defaults, **getattr(settings, "DASHBOARD_THRESHOLDS", {})}
