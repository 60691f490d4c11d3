"""Celery adapters over publishing services: beat wakes them, the database decides."""

from celery import shared_task

from .models import SchedulerHeartbeat


@shared_task(soft_time_limit=10, time_limit=20, ignore_result=True)
def scheduler_heartbeat() -> None:
    """Run by beat every SCHEDULER_HEARTBEAT_SECONDS; its row proves beat is alive."""
    from .services import scheduler_heartbeat_record

    scheduler_heartbeat_record(source=SchedulerHeartbeat.Source.BEAT)


@shared_task(soft_time_limit=10, time_limit=20, ignore_result=True)
def worker_ping() -> None:
    """Sent from the admin's "check the worker" button; its row proves a worker runs."""
    from .services import scheduler_heartbeat_record

    scheduler_heartbeat_record(source=SchedulerHeartbeat.Source.WORKER)
