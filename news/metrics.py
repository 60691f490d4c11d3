"""The news figures of the office dashboard (reports): two aggregate queries."""

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publishing.models import Status
from reports.periods import Period, month_of
from reports.registry import (
    COUNT,
    DAYS,
    HIGH,
    LOW,
    TOP,
    Column,
    Figures,
    Provider,
    Series,
)

from .models import Article

COLUMNS = (
    Column(
        "news_articles",
        _("Bài viết đã đăng"),
        COUNT,
        good=HIGH,
        per_month=True,
        threshold=2,  # at least two articles a month (scaled by the period)
        help=_("Số bài viết của đơn vị được đăng trong kỳ."),
    ),
    Column(
        "news_days_since",
        _("Số ngày từ bài gần nhất"),
        DAYS,
        good=LOW,
        none_flagged=True,
        missing=None,
        threshold=30,  # the unit's page has news from the last month
        help=_("Tính đến cuối kỳ (hoặc hôm nay nếu kỳ chưa kết thúc)."),
    ),
)


def news_figures(*, unit_ids: list[int], period: Period, charts: bool) -> Figures:
    """Articles per unit in the period and days since each unit's last article.

    One query for the table (conditional aggregates), one more for the chart of
    articles per month over the chart window.
    """
    published = Article.objects.filter(
        unit_id__in=unit_ids, status__in=Status.EVER_PUBLISHED
    ).order_by()
    rows = (
        published.filter(published_at__lt=period.as_of)
        .values("unit_id")
        .annotate(
            articles=Count("pk", filter=Q(published_at__gte=period.start_at)),
            last=Max("published_at"),
        )
    )
    as_of = period.as_of_date
    articles, days_since = {}, {}
    for row in rows:
        articles[row["unit_id"]] = row["articles"]
        last = timezone.localtime(row["last"]).date()
        days_since[row["unit_id"]] = (as_of - last).days
    series = [_monthly_series(published, period)] if charts else []
    return Figures(
        values={"news_articles": articles, "news_days_since": days_since},
        series=series,
    )


def _monthly_series(published, period: Period) -> Series:
    """Articles per unit and month over the chart window: one query."""
    per_unit: dict[int, dict] = {}
    monthly = (
        published.filter(
            published_at__gte=period.chart_start_at,
            published_at__lt=period.chart_end_at,
        )
        .annotate(month=TruncMonth("published_at"))
        .values("unit_id", "month")
        .annotate(count=Count("pk"))
    )
    for row in monthly:
        per_unit.setdefault(row["unit_id"], {})[month_of(row["month"])] = row["count"]
    return Series(
        "news_monthly",
        _("Bài viết mỗi tháng"),
        _("Số bài viết đã đăng mỗi tháng"),
        COUNT,
        per_unit=per_unit,
        lines=TOP,
    )


NEWS_PROVIDER = Provider("news", COLUMNS, news_figures, order=10)


def news_dashboard_provider() -> Provider:
    """Registered under reports.registry.PROVIDERS_HOOK by NewsConfig.ready()."""
    return NEWS_PROVIDER
