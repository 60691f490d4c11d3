"""The question figures of the office dashboard (reports): two aggregate
queries for the table, two for the chart.

- assigned: questions asked during the period (by `created_at`, local time) that
  are assigned to the unit now;
- median response time, in days, of those questions: from the moment the member
  asked to the first answer. A question still waiting counts its wait so far (to
  now): leaving it out would hide exactly the units that do not answer, and its
  true time can only be longer, so the figure never flatters a unit. Questions
  closed without an answer (spam, duplicates) are left out of the median.

The chart shows the same median per month asked, for the units shown together and
for the unit picked in the filter (a median cannot be summed: one query each).
"""

from django.db.models import Count, DateTimeField, Q, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext_lazy as _

from reports.aggregates import median_by_group
from reports.periods import Period
from reports.registry import (
    COUNT,
    DAYS,
    LOW,
    OVERALL,
    Column,
    Figures,
    Provider,
    Series,
)

from .models import Question

COLUMNS = (
    Column(
        "consultation_assigned",
        _("Câu hỏi được giao"),
        COUNT,
        good=None,
        help=_("Số câu hỏi gửi trong kỳ được giao cho đơn vị trả lời."),
    ),
    Column(
        "consultation_median_days",
        _("Thời gian trả lời (trung vị, ngày)"),
        DAYS,
        good=LOW,
        missing=None,
        threshold=7,
        help=_(
            "Trung vị số ngày từ lúc gửi câu hỏi đến lúc trả lời; câu hỏi chưa trả "
            "lời tính đến hôm nay."
        ),
    ),
)


def _waits(questions, period: Period):
    """Answered or still waiting questions, with `_replied`: the answer or now."""
    return questions.filter(
        Q(answered_at__isnull=False) | Q(status__in=Question.OPEN_STATUSES)
    ).annotate(
        _replied=Coalesce(
            "answered_at", Value(period.now), output_field=DateTimeField()
        )
    )


def consultation_figures(
    *, unit_ids: list[int], period: Period, charts: bool
) -> Figures:
    """Questions assigned per unit and their median response time in the period."""
    assigned_rows = Question.objects.filter(assigned_unit_id__in=unit_ids).order_by()
    asked = assigned_rows.filter(
        created_at__gte=period.start_at, created_at__lt=period.end_at
    )
    assigned = {
        row["assigned_unit_id"]: row["n"]
        for row in asked.values("assigned_unit_id").annotate(n=Count("pk"))
    }
    medians = median_by_group(
        _waits(asked, period),
        group_by={"unit": "assigned_unit_id"},
        start="created_at",
        end="_replied",
    )
    series = [response_time_series(assigned_rows, period)] if charts else []
    return Figures(
        values={
            "consultation_assigned": assigned,
            "consultation_median_days": {
                unit_id: days for (unit_id,), days in medians.items()
            },
        },
        series=series,
    )


def response_time_series(questions, period: Period) -> Series:
    """Median response time per month asked: per unit and for all units shown."""
    window = _waits(
        questions.filter(
            created_at__gte=period.chart_start_at, created_at__lt=period.chart_end_at
        ),
        period,
    )
    month = TruncMonth("created_at")
    per_unit: dict[int, dict] = {}
    by_unit = median_by_group(
        window,
        group_by={"unit": "assigned_unit_id", "month": month},
        start="created_at",
        end="_replied",
    )
    for (unit_id, first_day), days in by_unit.items():
        per_unit.setdefault(unit_id, {})[first_day] = days
    overall = {
        first_day: days
        for (first_day,), days in median_by_group(
            window, group_by={"month": month}, start="created_at", end="_replied"
        ).items()
    }
    return Series(
        "consultation_response",
        _("Thời gian trả lời câu hỏi"),
        _("Trung vị số ngày trả lời câu hỏi gửi trong tháng"),
        DAYS,
        per_unit=per_unit,
        overall=overall,
        lines=OVERALL,
    )


CONSULTATION_PROVIDER = Provider(
    "consultation", COLUMNS, consultation_figures, order=40
)


def consultation_dashboard_provider() -> Provider:
    """Registered under reports.registry.PROVIDERS_HOOK by ConsultationConfig.ready()."""
    return CONSULTATION_PROVIDER
