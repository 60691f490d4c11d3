"""Writes of the publishing machinery."""

from django.utils import timezone

from .models import SchedulerHeartbeat


def scheduler_heartbeat_record(*, source: str = SchedulerHeartbeat.Source.BEAT) -> None:
    """Record that `source` is alive now; one row per source, updated in place."""
    SchedulerHeartbeat.objects.update_or_create(
        source=source, defaults={"beat_at": timezone.now()}
    )
