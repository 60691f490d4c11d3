"""The office dashboard: per-unit communication figures that content apps provide.

`units` imports no content app (DESIGN.md), so every figure about news, guidance,
campaigns or questions comes from a PROVIDER that the content app registers in its
AppConfig.ready(). The dashboard asks each provider once per page, gets named columns
of per-unit values (and optional monthly chart series), adds the traffic light and
renders the table, the charts and the CSV/XLSX exports from the same numbers.

The contract
------------
A provider is a `Provider(key, columns, compute, order)`:

- `columns`: `Column(key, label, kind, good, ...)`. `key` is "<app>_<what>" and is
  also the sort parameter (`?o=news_articles`, `?o=-news_articles`); `label` is
  Vietnamese (gettext_lazy); `kind` is one of COUNT, DAYS, RATIO, BOOL, STATUS;
  `good` says which way is better ("high": flag values below the threshold, "low":
  flag values above it) and None for no traffic light. `per_month=True` means the
  threshold is a monthly rate, multiplied by the period's months (1, 3 or 12).
  `none_flagged=True` flags a unit with no value at all (never published). STATUS
  columns declare `statuses` (value -> Vietnamese label, best first); their
  threshold is the tuple of values to flag.
- `compute(*, unit_ids: list[int], period: Period, charts: bool) -> Figures`
  returns `Figures(values={column_key: {unit_id: value}}, series=[...])`. A unit
  missing from a column's dict shows the column's `missing` value (0 for counts).
  It MUST use aggregate queries: `.filter(<unit>_id__in=unit_ids, <date in
  period>).values("<unit>_id").annotate(Count(...), Max(...))`, with `filter=Q()`
  on the aggregates to get several figures from one query. One or two queries per
  provider whatever the number of units or rows; never one per unit or per cell.
  Skip chart queries when `charts` is False (the exports do not draw).
- `series`: `Series(key, title, description, kind, per_unit={unit_id: {month: v}},
  overall={month: v}, lines=TOP | OVERALL)`, months being the first days of
  `period.chart_months` (12 months ending with the period, never past this month).
  TOP draws the top units by total (or the unit picked in the filter); OVERALL draws
  `overall` ("all units shown") plus the picked unit's own line. A chart appears
  only when its provider is registered: nothing else needs to change here.

Periods are [start, end) in Asia/Ho_Chi_Minh: `period.start_at`/`period.end_at` are
aware datetimes for DateTimeField filters, `period.start`/`period.end` dates for
DateFields, `period.as_of` the moment figures count up to (the period's end, or now
if it has not ended) and `period.as_of_date` the day "days since" counts to. For a median, `median_by_group()` below gives one
query on PostgreSQL (PERCENTILE_CONT) and on SQLite (values, median in Python).

How the other apps register (I wrote news/metrics.py as the example)
--------------------------------------------------------------------
guidance/metrics.py, registered in GuidanceConfig.ready() with
`dashboard_provider_register(GUIDANCE_PROVIDER)`::

    columns: guidance_received (COUNT, good="high", label "Văn bản đã nhận"),
             guidance_implemented (COUNT, good="high", "Văn bản đã thực hiện"),
             guidance_overdue (COUNT, good="low", "Văn bản quá hạn")  # threshold 0
    one query: Distribution.objects.filter(unit_id__in=unit_ids,
        document__issue_date__gte=period.start, document__issue_date__lt=period.end)
        .values("unit_id").annotate(
            received=Count("pk", filter=Q(status__in=[RECEIVED, IMPLEMENTED])),
            implemented=Count("pk", filter=Q(status=IMPLEMENTED)),
            overdue=Count("pk", filter=Q(document__response_deadline__lt=today)
                          & ~Q(status=IMPLEMENTED)))
    chart (charts=True), one query: Series("guidance_rate", "Tỉ lệ thực hiện văn
        bản", kind=RATIO, lines=OVERALL): the same rows with issue_date in the
        chart window, grouped by TruncMonth("document__issue_date") (and by unit_id
        for per_unit), implemented / total as a ratio 0..1; `overall` from the same
        query by summing numerators and denominators over units (not averaging
        per-unit ratios).

campaigns/metrics.py, registered in CampaignsConfig.ready()::

    columns: campaigns_localised (COUNT, good="high", per_month=False,
             label "Bài chiến dịch đã bản địa hóa")
    one query: CampaignPost.objects.filter(unit_id__in=unit_ids,
        status=PUBLISHED, published_at__gte=period.start_at,
        published_at__lt=period.end_at).values("unit_id").annotate(n=Count("pk"))

consultation/metrics.py, registered in ConsultationConfig.ready()::

    columns: consultation_assigned (COUNT, good=None, "Câu hỏi được giao"),
             consultation_median_days (DAYS, good="low", "Thời gian trả lời
             (trung vị, ngày)", missing=None)  # threshold 7
    query 1: Question.objects.filter(assigned_unit_id__in=unit_ids,
        created_at__gte=period.start_at, created_at__lt=period.end_at)
        .values("assigned_unit_id").annotate(n=Count("pk"))
    query 2: median_by_group(<same queryset, answered_at set>,
        group_by={"unit": "assigned_unit_id"}, start="created_at",
        end="answered_at")  # days, one query
    chart, one query: Series("consultation_response", "Thời gian trả lời câu
        hỏi", kind=DAYS, lines=OVERALL) from median_by_group(..., group_by={"unit":
        "assigned_unit_id", "month": TruncMonth("created_at")}) for per_unit and
        median_by_group(..., group_by={"month": TruncMonth("created_at")}) for
        overall (that chart costs two queries; a median cannot be summed).

Thresholds live in settings.DASHBOARD_THRESHOLDS ({column_key: threshold}), merged
over DEFAULT_THRESHOLDS below; a column with no threshold never lights up. A unit
with DASHBOARD_RED_FLAGS (default 2) or more flagged columns is red, one is amber.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.db import connection
from django.db.models import Aggregate, Expression, F, FloatField, Func, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from publishing.text import fold

from .models import Unit

COUNT, DAYS, RATIO, BOOL, STATUS = "count", "days", "ratio", "bool", "status"
KINDS = (COUNT, DAYS, RATIO, BOOL, STATUS)
HIGH, LOW = "high", "low"
TOP, OVERALL = "top", "overall"
MONTH, QUARTER, YEAR = "month", "quarter", "year"

DEFAULT_THRESHOLDS: dict[str, Any] = {
    "news_articles": 2,  # at least two articles a month (scaled by the period)
    "news_days_since": 30,  # the unit's page has news from the last month
    "units_facebook": True,  # every CĐCS has a Facebook page (the union's target)
    "units_plan": ("overdue", "returned"),
    "units_report": ("overdue",),
    "guidance_overdue": 0,
    "consultation_median_days": 7,
}
DASHBOARD_RED_FLAGS = 2
CHART_MONTHS = 12
CHART_TOP_UNITS = 5


# -- periods ---------------------------------------------------------------------------
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


# -- the registry ----------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    kind: str
    good: str | None = None
    help: str | Promise = ""
    per_month: bool = False
    none_flagged: bool = False
    statuses: tuple[tuple[str, str | Promise], ...] = ()
    missing: Any = 0

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


_providers: dict[str, Provider] = {}


def dashboard_provider_register(provider: Provider) -> Provider:
    """Add (or replace, by key) a provider; call from an AppConfig.ready()."""
    _providers[provider.key] = provider
    return provider


def dashboard_providers() -> list[Provider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def dashboard_columns() -> list[Column]:
    return [column for provider in dashboard_providers() for column in provider.columns]


# -- medians in one query --------------------------------------------------------------
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


# -- thresholds and the traffic light --------------------------------------------------
LIGHTS = {
    "green": _("Đạt"),
    "amber": _("Cần chú ý"),
    "red": _("Cần hỗ trợ"),
}


def dashboard_thresholds() -> dict[str, Any]:
    return {**DEFAULT_THRESHOLDS, **getattr(settings, "DASHBOARD_THRESHOLDS", {})}


def is_flagged(column: Column, value: Any, threshold: Any, period: Period) -> bool:
    """Is `value` on the wrong side of `threshold` for this column?"""
    if threshold is None:
        return False
    if column.kind == BOOL:
        return bool(value) != bool(threshold)
    if column.kind == STATUS:
        return value in tuple(threshold)
    if value is None:
        return column.none_flagged
    if column.good is None:
        return False
    limit = threshold * period.months if column.per_month else threshold
    return value < limit if column.good == HIGH else value > limit


# -- the table -------------------------------------------------------------------------
@dataclass
class Cell:
    column: Column
    value: Any
    text: str
    flagged: bool

    def html(self) -> str:
        """The table cell, built here: 40 rows x every column is the page's bulk."""
        if not self.flagged:
            return format_html(
                '<td class="kind-{}">{}</td>', self.column.kind, self.text
            )
        return format_html(
            '<td class="kind-{} is-flagged">{} <span class="flag" aria-hidden="true">!'
            '</span><span class="visually-hidden">{}</span></td>',
            self.column.kind,
            self.text,
            _("(chưa đạt)"),
        )


@dataclass
class Row:
    unit: Unit
    cells: list[Cell]
    flags: list[Column]
    light: str

    @property
    def light_label(self) -> str:
        return str(LIGHTS[self.light])

    @property
    def flag_text(self) -> str:
        return ", ".join(str(column.label) for column in self.flags)


@dataclass
class ChartLine:
    label: str
    values: list[float | None]


@dataclass
class Chart:
    key: str
    title: str
    description: str
    kind: str
    months: list[datetime.date]
    lines: list[ChartLine]

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        """(month label, formatted values) for the table after the chart."""
        return [
            (
                f"{month.month:02d}/{month.year}",
                [value_text(self.kind, line.values[i]) for line in self.lines],
            )
            for i, month in enumerate(self.months)
        ]


@dataclass
class Dashboard:
    period: Period
    columns: list[Column]
    rows: list[Row]
    charts: list[Chart]
    sort: str
    thresholds: dict[str, Any]

    @property
    def light_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(LIGHTS, 0)
        for row in self.rows:
            counts[row.light] += 1
        return counts


def value_text(kind: str, value: Any, column: Column | None = None) -> str:
    """A value as people read it (Vietnamese decimal comma)."""
    if kind == BOOL:
        return str(_("Có") if value else _("Chưa có"))
    if kind == STATUS:
        return column.status_label(value) if column else str(value or "")
    if value is None:
        return "—"
    if kind == RATIO:
        return f"{number_format(round(value * 100), decimal_pos=0, use_l10n=True)}%"
    if kind == DAYS:
        decimals = 0 if float(value).is_integer() else 1
        return number_format(value, decimal_pos=decimals, use_l10n=True)
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


SORT_NAME = "name"
SORT_LIGHT = "light"


def sort_choices(columns: Sequence[Column]) -> set[str]:
    keys = {SORT_NAME, SORT_LIGHT, *(column.key for column in columns)}
    return keys | {f"-{key}" for key in keys}


def _sorted_rows(rows: list[Row], sort: str) -> list[Row]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == SORT_NAME:
        return sorted(rows, key=lambda r: fold(str(r.unit.name)), reverse=descending)
    if key == SORT_LIGHT:
        return sorted(
            rows, key=lambda r: (len(r.flags), fold(r.unit.name)), reverse=descending
        )

    def cell(row: Row) -> Cell:
        return next(c for c in row.cells if c.column.key == key)

    def sort_value(row: Row):
        found = cell(row)
        if found.column.kind == STATUS:
            return found.column.status_rank(found.value)
        return found.value

    known = [r for r in rows if sort_value(r) is not None]
    unknown = [r for r in rows if sort_value(r) is None]
    known.sort(key=lambda r: fold(r.unit.name))  # stable tie-break by name
    known.sort(key=sort_value, reverse=descending)
    return known + unknown


def dashboard_build(
    *,
    units: Sequence[Unit],
    period: Period,
    sort: str = SORT_NAME,
    charts: bool = True,
    selected_unit: Unit | None = None,
) -> Dashboard:
    """Every registered column for `units` in `period`, sorted, with traffic lights.

    Runs each provider's aggregate queries once (a fixed number of queries for any
    number of units and rows); `charts=False` skips the chart queries (exports).
    """
    unit_ids = [unit.pk for unit in units]
    columns: list[Column] = []
    values: dict[str, dict[int, Any]] = {}
    series: list[Series] = []
    for provider in dashboard_providers():
        figures = (
            provider.compute(unit_ids=unit_ids, period=period, charts=charts)
            if unit_ids
            else Figures(values={})
        )
        columns.extend(provider.columns)
        values.update(figures.values)
        series.extend(figures.series)
    thresholds = dashboard_thresholds()
    rows = []
    for unit in units:
        cells = []
        for column in columns:
            value = values.get(column.key, {}).get(unit.pk, column.missing)
            flagged = is_flagged(column, value, thresholds.get(column.key), period)
            cells.append(
                Cell(column, value, value_text(column.kind, value, column), flagged)
            )
        flags = [c.column for c in cells if c.flagged]
        red_at = getattr(settings, "DASHBOARD_RED_FLAGS", DASHBOARD_RED_FLAGS)
        light = "red" if len(flags) >= red_at else "amber" if flags else "green"
        rows.append(Row(unit, cells, flags, light))
    if sort not in sort_choices(columns):
        sort = SORT_NAME
    chart_list = (
        [_chart(s, units=units, period=period, selected=selected_unit) for s in series]
        if charts
        else []
    )
    return Dashboard(
        period, columns, _sorted_rows(rows, sort), chart_list, sort, thresholds
    )


def _chart(
    series: Series, *, units: Sequence[Unit], period: Period, selected: Unit | None
) -> Chart:
    months = period.chart_months
    empty = 0 if series.kind == COUNT else None
    names = {unit.pk: str(unit) for unit in units}
    range_text = _("từ %(first)s đến %(last)s") % {
        "first": f"{months[0].month:02d}/{months[0].year}",
        "last": f"{months[-1].month:02d}/{months[-1].year}",
    }

    def line_for(unit_id: int) -> ChartLine:
        data = series.per_unit.get(unit_id, {})
        return ChartLine(names[unit_id], [data.get(m, empty) for m in months])

    if series.lines == TOP:
        if selected is not None and selected.pk in names:
            chosen = [selected.pk]
            who = _("của %(unit)s") % {"unit": names[selected.pk]}
        else:
            totals = {
                unit_id: sum(v or 0 for m, v in data.items() if m in months)
                for unit_id, data in series.per_unit.items()
                if unit_id in names
            }
            ranked = sorted(totals, key=lambda uid: (-totals[uid], fold(names[uid])))
            chosen = [uid for uid in ranked if totals[uid] > 0][:CHART_TOP_UNITS]
            who = _("của %(count)s đơn vị có số liệu cao nhất") % {"count": len(chosen)}
        lines = [line_for(uid) for uid in chosen]
    else:
        overall = series.overall or {}
        lines = [
            ChartLine(
                str(_("Các đơn vị đang xem")), [overall.get(m, empty) for m in months]
            )
        ]
        who = _("chung của các đơn vị đang xem")
        if selected is not None and selected.pk in names:
            lines.append(line_for(selected.pk))
            who = _("chung và của %(unit)s") % {"unit": names[selected.pk]}
    description = _(
        "%(what)s %(who)s, theo tháng %(range)s. Số liệu chi tiết ở bảng ngay sau biểu đồ."
    ) % {
        "what": series.description,
        "who": who,
        "range": range_text,
    }
    return Chart(
        series.key, str(series.title), str(description), series.kind, months, lines
    )


# -- the units' own columns ------------------------------------------------------------
PLAN_STATUSES = (
    ("accepted", _("Đã chấp nhận")),
    ("submitted", _("Chờ duyệt")),
    ("draft", _("Bản nháp")),
    ("missing", _("Chưa có")),
    ("returned", _("Bị trả lại")),
    ("overdue", _("Quá hạn")),
)
UNITS_COLUMNS = (
    Column("units_facebook", _("Trang Facebook"), BOOL, good=HIGH, missing=False),
    Column("units_zalo", _("Liên kết Zalo"), BOOL, good=HIGH, missing=False),
    Column(
        "units_plan",
        pgettext_lazy("dashboard column", "Kế hoạch năm"),
        STATUS,
        statuses=PLAN_STATUSES,
        missing="missing",
    ),
    Column(
        "units_report",
        pgettext_lazy("dashboard column", "Báo cáo năm"),
        STATUS,
        statuses=PLAN_STATUSES,
        missing="missing",
    ),
)


def _units_compute(*, unit_ids: list[int], period: Period, charts: bool) -> Figures:
    from .models import AnnualPlan
    from .services import annual_plan_default_deadline

    links = Unit.objects.filter(pk__in=unit_ids).values_list(
        "pk", "facebook_url", "zalo_url"
    )
    facebook, zalo = {}, {}
    for pk, facebook_url, zalo_url in links:
        facebook[pk], zalo[pk] = bool(facebook_url), bool(zalo_url)
    today = timezone.localtime(period.now).date()
    states: dict[str, dict[int, str]] = {"plan": {}, "report": {}}
    plans = AnnualPlan.objects.filter(
        unit_id__in=unit_ids, year=period.year
    ).values_list("unit_id", "kind", "status", "deadline")
    for unit_id, kind, status, deadline in plans:
        late = today > deadline and status in AnnualPlan.EDITABLE_STATUSES
        states[kind][unit_id] = "overdue" if late else status
    for kind, found in states.items():
        if today > annual_plan_default_deadline(kind=kind, year=period.year):
            for unit_id in unit_ids:
                found.setdefault(unit_id, "overdue")
    return Figures(
        values={
            "units_facebook": facebook,
            "units_zalo": zalo,
            "units_plan": states["plan"],
            "units_report": states["report"],
        }
    )


dashboard_provider_register(Provider("units", UNITS_COLUMNS, _units_compute, order=900))


# -- the filter form -------------------------------------------------------------------
GRANULARITY_CHOICES = (
    (MONTH, _("Tháng")),
    (QUARTER, _("Quý")),
    (YEAR, _("Năm")),
)
ACTIVE_CHOICES = (
    ("1", _("Đang hoạt động")),
    ("0", _("Ngừng hoạt động")),
    ("", _("Tất cả")),
)
MAX_QUERY_LENGTH = 100


class DashboardFilterForm(forms.Form):
    """The GET parameters of the dashboard; a bad value falls back to its default."""

    period = forms.ChoiceField(label=_("Kỳ"), choices=GRANULARITY_CHOICES)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Tháng"), choices=[(n, n) for n in range(1, 13)], coerce=int
    )
    quarter = forms.TypedChoiceField(
        label=_("Quý"), choices=[(n, n) for n in range(1, 5)], coerce=int
    )
    kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        choices=[("", _("Tất cả")), *Unit.Kind.choices],
        required=False,
    )
    active = forms.ChoiceField(
        label=_("Tình trạng"), choices=ACTIVE_CHOICES, required=False
    )
    q = forms.CharField(
        label=_("Tìm đơn vị"), max_length=MAX_QUERY_LENGTH, required=False
    )
    unit = forms.TypedChoiceField(
        label=_("Đơn vị trên biểu đồ"), coerce=int, required=False, empty_value=None
    )
    o = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, units: Iterable[Unit], today: datetime.date):
        self.defaults = {
            "period": QUARTER,
            "year": today.year,
            "month": today.month,
            "quarter": (today.month - 1) // 3 + 1,
            "kind": Unit.Kind.GRASSROOTS,
            "active": "1",
            "q": "",
            "unit": None,
            "o": SORT_NAME,
        }
        given = {k: v for k, v in data.items() if k in self.defaults}
        super().__init__(
            {**{k: "" if v is None else v for k, v in self.defaults.items()}, **given}
        )
        self.fields["unit"].choices = [("", _("Tự chọn (nhiều bài nhất)"))] + [
            (unit.pk, unit.name) for unit in units
        ]

    def period_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("period", "year", "month", "quarter")]

    def unit_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("kind", "active", "q", "unit")]

    def values(self) -> dict[str, Any]:
        """The cleaned values, with the default wherever the input was invalid."""
        self.is_valid()
        cleaned = dict(self.defaults)
        cleaned.update(
            {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        )
        if isinstance(cleaned["q"], str):
            cleaned["q"] = cleaned["q"].strip()
        return cleaned


def units_filter(
    units: Iterable[Unit], *, kind: str, active: str, query: str
) -> list[Unit]:
    """The units matching the filters, like UnitQuerySet.search but on loaded rows."""
    words = fold(query).split()
    return [
        unit
        for unit in units
        if (not kind or unit.kind == kind)
        and (active == "" or unit.is_active == (active == "1"))
        and all(word in unit.search_text for word in words)
    ]


UNIT_FIELDS = (
    "pk",
    "name",
    "short_name",
    "slug",
    "kind",
    "is_active",
    "order",
    "search_text",
)


def dashboard_for_request(
    *, user, data, charts: bool = True
) -> tuple[DashboardFilterForm, Dashboard]:
    """The filter form and the dashboard for `user` (office: all units; editor: theirs)."""
    from .permissions import units_editable_by

    now = timezone.now()
    scoped = list(
        units_editable_by(user=user).only(*UNIT_FIELDS).order_by("order", "name")
    )
    form = DashboardFilterForm(data, units=scoped, today=timezone.localtime(now).date())
    chosen = form.values()
    number = {MONTH: chosen["month"], QUARTER: chosen["quarter"], YEAR: 1}[
        chosen["period"]
    ]
    period = Period.of(
        granularity=chosen["period"], year=chosen["year"], number=number, now=now
    )
    units = units_filter(
        scoped, kind=chosen["kind"], active=chosen["active"], query=chosen["q"]
    )
    selected = next((u for u in scoped if u.pk == chosen["unit"]), None)
    dashboard = dashboard_build(
        units=units,
        period=period,
        sort=chosen["o"] or SORT_NAME,
        charts=charts,
        selected_unit=selected,
    )
    return form, dashboard


# -- exports ---------------------------------------------------------------------------
def export_header(dashboard: Dashboard) -> list[str]:
    return [
        str(_("Kỳ")),
        str(_("Đơn vị")),
        *(str(column.label) for column in dashboard.columns),
        str(_("Đèn tín hiệu")),
        str(_("Chỉ tiêu chưa đạt")),
    ]


def _export_value(cell: Cell) -> Any:
    """Numbers stay numbers (a spreadsheet sums them); the rest is Vietnamese text."""
    if cell.column.kind in (BOOL, STATUS):
        return cell.text
    if cell.value is None:
        return ""
    if cell.column.kind == DAYS:
        days = round(float(cell.value), 1)
        return int(days) if days.is_integer() else days
    return cell.value


def export_rows(dashboard: Dashboard) -> list[list[Any]]:
    return [
        [
            str(dashboard.period.label),
            row.unit.name,
            *(_export_value(cell) for cell in row.cells),
            row.light_label,
            row.flag_text,
        ]
        for row in dashboard.rows
    ]


def dashboard_csv(dashboard: Dashboard) -> bytes:
    from publishing.exports import table_csv

    return table_csv(header=export_header(dashboard), rows=export_rows(dashboard))


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    from openpyxl.utils import get_column_letter

    from publishing.exports import table_xlsx

    header = export_header(dashboard)

    def percentages(sheet) -> None:
        for offset, column in enumerate(dashboard.columns, start=3):
            if column.kind == RATIO:
                for (cell,) in sheet.iter_rows(
                    min_row=2, min_col=offset, max_col=offset
                ):
                    cell.number_format = "0%"

    return table_xlsx(
        title=_("Số liệu truyền thông"),
        header=header,
        rows=export_rows(dashboard),
        freeze_panes="C2",
        column_widths={
            get_column_letter(index): 40
            if index == 2
            else max(12, min(len(label) + 2, 30))
            for index, label in enumerate(header, start=1)
        },
        format_sheet=percentages,
    )


def export_filename(dashboard: Dashboard, extension: str) -> str:
    return f"so-lieu-truyen-thong-{dashboard.period.slug}.{extension}"
