"""The dashboard's reach: reads per unit, per item and per source, and Facebook reach (#14).

Read from publishing's counters only (ReadCount, PostReach), so no content app is
imported: item titles come through the published_items hook. Two places use it: a
provider adding the period's reads and Facebook reach to the main table (with a
monthly chart), and the reach page (`reach_build`): reads by source per month, the
most read items and the units' reads by source, each a chart with its table, with
CSV/XLSX exports. A fixed number of queries whatever the number of reads or units.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from publishing.models import PostReach, ReadCount, ReadSource
from publishing.published_items import published_items
from reports.periods import Period, month_of
from reports.registry import (
    COUNT,
    HIGH,
    TOP,
    Column,
    Figures,
    Provider,
    Series,
)
from reports.table import Chart, ChartLine

TOP_ITEMS = 10
TOP_UNITS = 10
OFFICE = None  # ReadCount.unit_id of the office's own items

# --- the main table's columns --------------------------------------------------------

REACH_COLUMNS = (
    Column(
        "reach_reads",
        _("Lượt đọc"),
        COUNT,
        good=HIGH,
        help=_(
            "Số lượt đọc các bài của đơn vị trong kỳ (mỗi người một lần trong nửa giờ,"
            " không tính máy tìm kiếm)."
        ),
    ),
    Column(
        "reach_facebook",
        _("Người tiếp cận trên Facebook"),
        COUNT,
        good=HIGH,
        help=_("Tổng số người tiếp cận các bài đăng trong kỳ lên Trang Facebook."),
    ),
)


def _in_period(period: Period) -> Q:
    return Q(day__gte=period.start, day__lt=period.end)


def reach_figures(*, unit_ids: list[int], period: Period, charts: bool) -> Figures:
    """Reads and Facebook reach per unit in the period; reads per month for the chart.

    Two queries: with charts, the reads per unit and month over the chart's 12
    months, which hold the period, give the period's figures too; without (exports),
    the period's reads alone. One more for Facebook reach.
    """
    facebook = dict(
        PostReach.objects.filter(
            posted_at__gte=period.start_at,
            posted_at__lt=period.end_at,
            unit_id__in=unit_ids,
        )
        .values("unit_id")
        .annotate(n=Sum("reach"))
        .order_by()
        .values_list("unit_id", "n")
    )
    if not charts:
        reads = dict(
            ReadCount.objects.filter(_in_period(period), unit_id__in=unit_ids)
            .values("unit_id")
            .annotate(n=Sum("count"))
            .order_by()
            .values_list("unit_id", "n")
        )
        return Figures(values={"reach_reads": reads, "reach_facebook": facebook})
    per_unit: dict[int, dict] = defaultdict(dict)
    reads: dict[int, int] = defaultdict(int)
    monthly = (
        ReadCount.objects.filter(
            day__gte=period.chart_months[0],
            day__lt=period.chart_end_at.date(),
            unit_id__in=unit_ids,
        )
        .annotate(month=TruncMonth("day"))
        .values("unit_id", "month")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in monthly:
        month = month_of(row["month"])
        per_unit[row["unit_id"]][month] = row["n"]
        if period.start <= month < period.end:
            reads[row["unit_id"]] += row["n"]
    series = Series(
        "reach_monthly",
        _("Lượt đọc mỗi tháng"),
        _("Số lượt đọc các bài mỗi tháng"),
        COUNT,
        per_unit=dict(per_unit),
        lines=TOP,
    )
    return Figures(
        values={"reach_reads": dict(reads), "reach_facebook": facebook},
        series=[series],
    )


REACH_PROVIDER = Provider("reach", REACH_COLUMNS, reach_figures, order=800)


def reach_dashboard_provider() -> Provider:
    """Registered by ReportsConfig.ready(): the counters live in publishing."""
    return REACH_PROVIDER


# --- the reach page --------------------------------------------------------------------

SOURCES = list(ReadSource)


@dataclass
class ReachRow:
    """One unit (or the office's own items) in the period."""

    name: str
    by_source: dict[str, int]
    facebook_reach: int = 0
    facebook_reactions: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_source.values())

    @property
    def source_values(self) -> list[int]:
        return [self.by_source.get(source, 0) for source in SOURCES]


@dataclass
class TopItem:
    title: str
    url: str
    unit_name: str
    by_source: dict[str, int]
    total: int

    @property
    def source_values(self) -> list[int]:
        return [self.by_source.get(source, 0) for source in SOURCES]


@dataclass
class Reach:
    period: Period
    rows: list[ReachRow]
    top_items: list[TopItem]
    by_source: dict[str, int]
    monthly: Chart
    facebook_posts: int = 0
    sources: list = field(default_factory=lambda: SOURCES)

    @property
    def total(self) -> int:
        return sum(self.by_source.values())

    @property
    def source_totals(self) -> list[tuple[str, int]]:
        return [
            (str(source.label), self.by_source.get(source, 0)) for source in SOURCES
        ]

    @property
    def top_rows(self) -> list[ReachRow]:
        ranked = sorted(self.rows, key=lambda row: -row.total)
        return [row for row in ranked if row.total][:TOP_UNITS]


def _scope(unit_ids: Sequence[int], include_office: bool) -> Q:
    scope = Q(unit_id__in=list(unit_ids))
    return scope | Q(unit_id__isnull=True) if include_office else scope


def reach_build(
    *,
    names: dict[int | None, str],
    period: Period,
    include_office: bool,
) -> Reach:
    """The reach page for the units in `names` ({unit id: name}; None: the office).

    Five queries at any size: reads per unit, month and source over the chart's
    12 months (which hold the period, so the period's figures come from it too),
    the top items, their reads by source, their titles (one per content type among
    them), and Facebook reach per unit.
    """
    unit_ids = [pk for pk in names if pk is not None]
    scope = _scope(unit_ids, include_office)
    in_period = ReadCount.objects.filter(_in_period(period)).filter(scope).order_by()
    rows = {pk: ReachRow(name, {}) for pk, name in names.items()}
    monthly = _unit_months(scope, period=period)
    for (unit_id, month, source), count in monthly.items():
        if unit_id in rows and period.start <= month < period.end:
            by_source = rows[unit_id].by_source
            by_source[source] = by_source.get(source, 0) + count
    facebook = (
        PostReach.objects.filter(
            scope, posted_at__gte=period.start_at, posted_at__lt=period.end_at
        )
        .values("unit_id")
        .annotate(reach=Sum("reach"), reactions=Sum("reactions"), posts=Count("pk"))
        .order_by()
    )
    posts = 0
    for row in facebook:
        if row["unit_id"] in rows:
            rows[row["unit_id"]].facebook_reach = row["reach"] or 0
            rows[row["unit_id"]].facebook_reactions = row["reactions"] or 0
            posts += row["posts"]
    by_source: dict[str, int] = defaultdict(int)
    for row in rows.values():
        for source, count in row.by_source.items():
            by_source[source] += count
    return Reach(
        period=period,
        rows=list(rows.values()),
        top_items=_top_items(in_period, names=names),
        by_source=dict(by_source),
        monthly=_monthly_chart(monthly, period=period),
        facebook_posts=posts,
    )


def _top_items(in_period, *, names: dict[int | None, str]) -> list[TopItem]:
    """The TOP_ITEMS most read items of the period, with their reads by source."""
    ranked = list(
        in_period.values("content_type_id", "object_id", "unit_id")
        .annotate(n=Sum("count"))
        .order_by("-n", "content_type_id", "object_id")[:TOP_ITEMS]
    )
    if not ranked:
        return []
    pairs = Q()
    for row in ranked:
        pairs |= Q(content_type_id=row["content_type_id"], object_id=row["object_id"])
    by_source: dict[tuple, dict[str, int]] = defaultdict(dict)
    for row in (
        in_period.filter(pairs)
        .values("content_type_id", "object_id", "source")
        .annotate(n=Sum("count"))
    ):
        by_source[row["content_type_id"], row["object_id"]][row["source"]] = row["n"]
    wanted: dict[str, list[int]] = defaultdict(list)
    for row in ranked:
        content_type = ContentType.objects.get_for_id(row["content_type_id"])
        wanted[f"{content_type.app_label}.{content_type.model}"].append(
            row["object_id"]
        )
    found = {}
    for label, pks in wanted.items():
        for item in published_items(label=label, pks=pks):
            found[label, item.pk] = item
    items = []
    for row in ranked:
        content_type = ContentType.objects.get_for_id(row["content_type_id"])
        item = found.get(
            (f"{content_type.app_label}.{content_type.model}", row["object_id"])
        )
        items.append(
            TopItem(
                title=item.title if item else str(_("(Nội dung không còn công khai)")),
                url=item.url if item else "",
                unit_name=names.get(row["unit_id"], ""),
                by_source=by_source[row["content_type_id"], row["object_id"]],
                total=row["n"],
            )
        )
    return items


def _unit_months(scope: Q, *, period: Period) -> dict[tuple, int]:
    """{(unit id, month, source): reads} over the 12 chart months: one query."""
    months = period.chart_months
    rows = (
        ReadCount.objects.filter(
            scope, day__gte=months[0], day__lt=period.chart_end_at.date()
        )
        .annotate(month=TruncMonth("day"))
        .values("unit_id", "month", "source")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return {
        (row["unit_id"], month_of(row["month"]), row["source"]): row["n"]
        for row in rows
    }


def _monthly_chart(monthly: dict[tuple, int], *, period: Period) -> Chart:
    """Reads per month and source over the 12 chart months, every unit shown."""
    months = period.chart_months
    counts: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for (_unit_id, month, source), count in monthly.items():
        counts[source][month] += count
    lines = [
        ChartLine(str(source.label), [counts[source].get(m, 0) for m in months])
        for source in SOURCES
    ]
    description = _(
        "Số lượt đọc mỗi tháng theo nguồn, từ %(first)s đến %(last)s. Số liệu chi tiết"
        " ở bảng ngay sau biểu đồ."
    ) % {
        "first": f"{months[0].month:02d}/{months[0].year}",
        "last": f"{months[-1].month:02d}/{months[-1].year}",
    }
    return Chart(
        "reach_sources",
        str(_("Lượt đọc theo nguồn")),
        str(description),
        COUNT,
        months,
        lines if any(any(line.values) for line in lines) else [],
    )
