"""Reads of the publishing machinery: scheduler state, admin warnings, overdue work.

Other apps add to the last two through hooks registered in their AppConfig.ready():

    hooks.register(selectors.WARNINGS_HOOK, warnings)  # fn(*, now) -> list[str]
    hooks.register(selectors.OVERDUE_HOOK, overdue)    # fn(*, now, grace) -> {label: n}
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import hooks
from .models import SchedulerHeartbeat
from .outbox import outbox_overdue_count
from .workflow import publishable_models


@dataclass(frozen=True)
class SchedulerState:
    last_beat_at: datetime | None
    age_seconds: float | None
    stalled: bool


def scheduler_state_get(*, now: datetime | None = None) -> SchedulerState:
    """Whether beat has ticked within SCHEDULER_STALL_SECONDS."""
    now = now or timezone.now()
    beat = SchedulerHeartbeat.objects.filter(
        source=SchedulerHeartbeat.Source.BEAT
    ).first()
    if beat is None:
        return SchedulerState(last_beat_at=None, age_seconds=None, stalled=True)
    age = (now - beat.beat_at).total_seconds()
    return SchedulerState(
        last_beat_at=beat.beat_at,
        age_seconds=age,
        stalled=age > settings.SCHEDULER_STALL_SECONDS,
    )


WARNINGS_HOOK = "admin_warnings"
OVERDUE_HOOK = "overdue_counts"


def admin_warning_list(*, now: datetime | None = None) -> list[str]:
    """Warnings shown on top of the admin index, most urgent first."""
    warnings = []
    state = scheduler_state_get(now=now)
    if state.stalled:
        if state.last_beat_at is None:
            warnings.append(
                _(
                    "Bộ lập lịch (Celery beat) chưa chạy lần nào: bài hẹn giờ sẽ "
                    "không được đăng. Hãy khởi động bộ lập lịch và tiến trình nền."
                )
            )
        else:
            minutes = int(state.age_seconds // 60)
            warnings.append(
                _(
                    "Bộ lập lịch (Celery beat) đã ngừng %(minutes)d phút: bài hẹn "
                    "giờ sẽ không được đăng cho đến khi nó chạy lại."
                )
                % {"minutes": minutes}
            )
    for fn in hooks.get_hooks(WARNINGS_HOOK):
        warnings.extend(fn(now=now or timezone.now()))
    overdue = overdue_count(now=now or timezone.now())
    if overdue:
        warnings.append(
            ngettext(
                "%(count)d việc đã quá hạn hơn 2 phút mà chưa được làm (bài chưa đăng, "
                "lượt gửi hoặc tác vụ chưa gửi): kiểm tra tiến trình nền và bộ lập lịch, hoặc chạy "
                "“manage.py publishing_sweep”.",
                "%(count)d việc đã quá hạn hơn 2 phút mà chưa được làm (bài chưa đăng, "
                "lượt gửi hoặc tác vụ chưa gửi): kiểm tra tiến trình nền và bộ lập lịch, hoặc chạy "
                "“manage.py publishing_sweep”.",
                overdue,
            )
            % {"count": overdue}
        )
    return warnings


# Two ticks of the sweep: anything due longer ago than this was missed by one (#12).
OVERDUE_GRACE = timedelta(minutes=2)


def overdue_counts(*, now: datetime) -> dict[str, int]:
    """What is overdue by kind: scheduled content (one query per content type), the
    task outbox, and the counts other apps return under OVERDUE_HOOK (their work due
    and not done, e.g. social deliveries), keyed by model label."""
    counts = {
        model._meta.label: model._default_manager.overdue(
            now, grace=OVERDUE_GRACE
        ).count()
        for model in publishable_models()
    }
    counts["publishing.OutboxTask"] = outbox_overdue_count(now=now, grace=OVERDUE_GRACE)
    for fn in hooks.get_hooks(OVERDUE_HOOK):
        counts.update(fn(now=now, grace=OVERDUE_GRACE))
    return {name: count for name, count in counts.items() if count}


def overdue_count(*, now: datetime) -> int:
    return sum(overdue_counts(now=now).values())
