"""The campaign figures of the office dashboard (reports): one aggregate query.

"Localised" means the unit put the campaign on its own page: a CampaignPost of the
unit (the draft copy the plan wrote for it, edited or not, or a post the unit wrote
itself for the campaign) published during the period, by `published_at` in local
time. Drafts the unit never published do not count; a post published in the period
and taken down later (archived) still does. The plan's draft copy already carries
the unit's name and dates, so editing it is not required: publishing it is the
unit's act. The `edited` flag is left out on purpose.
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from publishing.models import Status
from reports.periods import Period
from reports.registry import (
    COUNT,
    HIGH,
    Column,
    Figures,
    Provider,
)

from .models import CampaignPost

COLUMNS = (
    Column(
        "campaigns_localised",
        _("Bài chiến dịch đã bản địa hóa"),
        COUNT,
        good=HIGH,
        per_month=False,
        help=_("Số bài chiến dịch của đơn vị được đăng trên trang đơn vị trong kỳ."),
    ),
)


def campaigns_figures(*, unit_ids: list[int], period: Period, charts: bool) -> Figures:
    """Campaign posts each unit published in the period (one query, no chart)."""
    rows = (
        CampaignPost.objects.filter(
            unit_id__in=unit_ids,
            status__in=Status.EVER_PUBLISHED,
            published_at__gte=period.start_at,
            published_at__lt=period.end_at,
        )
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    return Figures(
        values={"campaigns_localised": {row["unit_id"]: row["n"] for row in rows}}
    )


CAMPAIGNS_PROVIDER = Provider("campaigns", COLUMNS, campaigns_figures, order=30)


def campaigns_dashboard_provider() -> Provider:
    """Registered under reports.registry.PROVIDERS_HOOK by CampaignsConfig.ready()."""
    return CAMPAIGNS_PROVIDER
