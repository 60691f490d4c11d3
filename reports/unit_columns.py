"""The units' own dashboard columns: social links and the annual plan and report."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reports.periods import Period
from reports.registry import (
    BOOL,
    HIGH,
    STATUS,
    Column,
    Figures,
    Provider,
)
from units.models import AnnualPlan, Unit
from units.services import annual_plan_default_deadline

PLAN_STATUSES = (
    ("accepted", _("Đã chấp nhận")),
    ("submitted", _("Chờ duyệt")),
    ("draft", _("Bản nháp")),
    ("missing", _("Chưa có")),
    ("returned", _("Bị trả lại")),
    ("overdue", _("Quá hạn")),
)
UNITS_COLUMNS = (
    Column(
        "units_facebook",
        _("Trang Facebook"),
        BOOL,
        good=HIGH,
        missing=False,
        threshold=True,  # every CĐCS has a Facebook page (the union's target)
    ),
    Column("units_zalo", _("Liên kết Zalo"), BOOL, good=HIGH, missing=False),
    Column(
        "units_plan",
        pgettext_lazy("dashboard column", "Kế hoạch năm"),
        STATUS,
        statuses=PLAN_STATUSES,
        missing="missing",
        threshold=("overdue", "returned"),
    ),
    Column(
        "units_report",
        pgettext_lazy("dashboard column", "Báo cáo năm"),
        STATUS,
        statuses=PLAN_STATUSES,
        missing="missing",
        threshold=("overdue",),
    ),
)


def _units_compute(*, unit_ids: list[int], period: Period, charts: bool) -> Figures:
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


UNITS_PROVIDER = Provider("units", UNITS_COLUMNS, _units_compute, order=900)


def units_dashboard_provider() -> Provider:
    """Registered by ReportsConfig.ready(): `units` itself may not import reports."""
    return UNITS_PROVIDER
