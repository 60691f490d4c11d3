"""The activity figures of the office dashboard (reports): three aggregate queries.

Activities held by a unit in the period (published, started in the period) and the
people checked in at them: the plan's target for direct communication. And the
union officers trained (#15 point 2): people of each unit (the CĐCS they gave when
registering, or the walk-in's) checked in at a training course (a kind marked
"là khóa tập huấn") in the period, each person once however many courses they took
(a person is their e-mail, else their phone, else their name).
"""

from django.db.models import Case, Count, F, Q, When
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from publishing.models import Status
from reports.periods import Period
from reports.registry import COUNT, HIGH, Column, Figures, Provider

from .models import Activity, Registration

COLUMNS = (
    Column(
        "activities_held",
        _("Hoạt động đã tổ chức"),
        COUNT,
        good=HIGH,
        per_month=True,
        # No default light: the office sets its target for direct communication in
        # settings.DASHBOARD_THRESHOLDS["activities_held"] (per month, scaled).
        help=_("Số hoạt động của đơn vị bắt đầu trong kỳ (đã đăng)."),
    ),
    Column(
        "activities_trained",
        _("Cán bộ đã tập huấn"),
        COUNT,
        good=HIGH,
        help=_(
            "Số người của đơn vị đã điểm danh ở các khóa tập huấn trong kỳ (mỗi "
            "người tính một lần)."
        ),
    ),
    Column(
        "activities_attendance",
        _("Lượt tham dự hoạt động"),
        COUNT,
        good=HIGH,
        help=_("Số người đã điểm danh ở các hoạt động của đơn vị trong kỳ."),
    ),
)


def activities_figures(*, unit_ids: list[int], period: Period, charts: bool) -> Figures:
    """Two figures per unit: activities started in the period, and their attendance."""
    held = (
        Activity.objects.filter(
            unit_id__in=unit_ids,
            status__in=Status.EVER_PUBLISHED,
            starts_at__gte=period.start_at,
            starts_at__lt=period.as_of,
        )
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    attended = (
        Registration.objects.filter(
            activity__unit_id__in=unit_ids,
            activity__status__in=Status.EVER_PUBLISHED,
            activity__starts_at__gte=period.start_at,
            activity__starts_at__lt=period.as_of,
        )
        .order_by()
        .values("activity__unit_id")
        .annotate(n=Count("pk", filter=Q(checked_in_at__isnull=False)))
    )
    trained = (
        Registration.objects.filter(
            unit_id__in=unit_ids,
            checked_in_at__gte=period.start_at,
            checked_in_at__lt=period.as_of,
            activity__kind__is_training=True,
            activity__status__in=Status.EVER_PUBLISHED,
        )
        .annotate(person=_person())
        .order_by()
        .values("unit_id")
        .annotate(n=Count("person", distinct=True))
    )
    return Figures(
        values={
            "activities_trained": {row["unit_id"]: row["n"] for row in trained},
            "activities_held": {row["unit_id"]: row["n"] for row in held},
            "activities_attendance": {
                row["activity__unit_id"]: row["n"] for row in attended
            },
        }
    )


def _person():
    """Who a registration is, for counting people once: e-mail, else phone, else name."""
    return Case(
        When(~Q(email=""), then=Lower("email")),
        When(~Q(phone=""), then=F("phone")),
        default=Lower("name"),
    )


ACTIVITIES_PROVIDER = Provider("activities", COLUMNS, activities_figures, order=50)


def activities_dashboard_provider() -> Provider:
    """Registered under reports.registry.PROVIDERS_HOOK by ActivitiesConfig.ready()."""
    return ACTIVITIES_PROVIDER
