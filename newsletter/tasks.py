"""Celery adapters over newsletter services."""

from celery import shared_task

from publishing.leases import single_run


# 20,000 subscribers render in a couple of minutes; each batch commits on its own, so
# a killed run is finished by the next (keys already taken are skipped).
@shared_task(soft_time_limit=1200, time_limit=1260, ignore_result=True)
@single_run("newsletter.issue_send")
def issue_send(issue_id: int) -> None:
    from .services import issue_send as send

    send(issue_id=issue_id)


@shared_task(soft_time_limit=1200, time_limit=1260, ignore_result=True)
@single_run("newsletter.issue_send")
def newsletter_weekly_send() -> None:
    from .services import newsletter_weekly_send as send

    send()
