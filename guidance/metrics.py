"""The guidance figures of the office dashboard (reports): two aggregate queries.

What the columns count, for a unit and a period [start, end):

- received: documents the unit acknowledged ("Đã nhận") during the period, by
  `received_at` (marking a document implemented also receives it, at that moment);
- implemented: documents the unit reported implemented during the period, by
  `implemented_at` (local time: 23:59 on the last day belongs to that month);
- overdue: the unit's backlog when the period ends (or now, while it runs): the
  response deadline has passed and the document was not implemented by then.

Figures are "as of" the period, so a past month does not change when a unit acts
later. Only documents still published count (the rule of the guidance matrix and
of the overdue digest: a withdrawn document asks nothing more of anyone).
"""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.periods import Period, month_of
from reports.registry import (
    COUNT,
    HIGH,
    LOW,
    OVERALL,
    RATIO,
    Column,
    Figures,
    Provider,
    Series,
)

from .models import Distribution

IMPLEMENTED = Distribution.Status.IMPLEMENTED

COLUMNS = (
    Column(
        "guidance_received",
        _("Văn bản đã nhận"),
        COUNT,
        good=HIGH,
        help=_("Số tài liệu định hướng đơn vị xác nhận đã nhận trong kỳ."),
    ),
    Column(
        "guidance_implemented",
        _("Văn bản đã thực hiện"),
        COUNT,
        good=HIGH,
        help=_("Số tài liệu định hướng đơn vị báo cáo đã thực hiện trong kỳ."),
    ),
    Column(
        "guidance_overdue",
        _("Văn bản quá hạn"),
        COUNT,
        good=LOW,
        threshold=0,
        help=_(
            "Số tài liệu đã quá hạn báo cáo mà đơn vị chưa thực hiện, tính đến cuối "
            "kỳ (hoặc hôm nay nếu kỳ chưa kết thúc)."
        ),
    ),
)


def _between(name: str, start: datetime.datetime, end: datetime.datetime) -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lt": end})


def implemented_by(moment: datetime.datetime) -> Q:
    """Implemented before `moment` (a row marked implemented without a time counts)."""
    return Q(status=IMPLEMENTED) & (
        Q(implemented_at__isnull=True) | Q(implemented_at__lt=moment)
    )


def overdue_at(moment: datetime.datetime) -> Q:
    """Sent before `moment`, deadline day over by then and not implemented by then."""
    deadline_over = timezone.localtime(moment).date()  # deadlines before this day
    return (
        Q(created_at__lt=moment)
        & Q(document__response_deadline__lt=deadline_over)
        & ~implemented_by(moment)
    )


def guidance_figures(*, unit_ids: list[int], period: Period, charts: bool) -> Figures:
    """Received, implemented and overdue per unit (one query), plus the monthly
    implementation rate chart (one more query)."""
    rows = Distribution.objects.filter(unit_id__in=unit_ids).of_published_documents()
    rows = rows.order_by()
    received_q = _between("received_at", period.start_at, period.end_at)
    implemented_q = Q(status=IMPLEMENTED) & _between(
        "implemented_at", period.start_at, period.end_at
    )
    overdue_q = overdue_at(period.as_of)
    counts = (
        rows.filter(received_q | implemented_q | overdue_q)
        .values("unit_id")
        .annotate(
            received=Count("pk", filter=received_q),
            implemented=Count("pk", filter=implemented_q),
            overdue=Count("pk", filter=overdue_q),
        )
    )
    received, implemented, overdue = {}, {}, {}
    for row in counts:
        received[row["unit_id"]] = row["received"]
        implemented[row["unit_id"]] = row["implemented"]
        overdue[row["unit_id"]] = row["overdue"]
    series = [implementation_rate_series(rows, period)] if charts else []
    return Figures(
        values={
            "guidance_received": received,
            "guidance_implemented": implemented,
            "guidance_overdue": overdue,
        },
        series=series,
    )


def implementation_rate_series(rows, period: Period) -> Series:
    """Share of the documents issued each month that the units implemented (by the
    end of the period): one query grouped by unit and month of issue; the overall
    line sums numerators and denominators (it does not average the units' rates)."""
    first = period.chart_months[0]
    after_last = timezone.localtime(period.chart_end_at).date()
    monthly = (
        rows.filter(
            created_at__lt=period.as_of,
            document__issue_date__gte=first,
            document__issue_date__lt=after_last,
        )
        .annotate(month=TruncMonth("document__issue_date"))
        .values("unit_id", "month")
        .annotate(
            total=Count("pk"), done=Count("pk", filter=implemented_by(period.as_of))
        )
    )
    per_unit: dict[int, dict[datetime.date, float]] = {}
    sums: dict[datetime.date, list[int]] = {}
    for row in monthly:
        month = month_of(row["month"])
        per_unit.setdefault(row["unit_id"], {})[month] = row["done"] / row["total"]
        done_total = sums.setdefault(month, [0, 0])
        done_total[0] += row["done"]
        done_total[1] += row["total"]
    overall = {month: done / total for month, (done, total) in sums.items()}
    return Series(
        "guidance_rate",
        _("Tỉ lệ thực hiện văn bản"),
        _("Tỉ lệ tài liệu định hướng ban hành trong tháng đã được thực hiện"),
        RATIO,
        per_unit=per_unit,
        overall=overall,
        lines=OVERALL,
    )


GUIDANCE_PROVIDER = Provider("guidance", COLUMNS, guidance_figures, order=20)


def guidance_dashboard_provider() -> Provider:
    """Registered under reports.registry.PROVIDERS_HOOK by GuidanceConfig.ready()."""
    return GUIDANCE_PROVIDER
