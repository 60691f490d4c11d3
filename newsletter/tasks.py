"""Celery adapters over newsletter services."""

from celery import shared_task

from publishing.leases import single_run

from . import services


# 20,000 subscribers render in a couple of minutes; each batch commits on its own, so
# a killed run is finished by the next (keys already taken are skipped). No lease:
# two runs of one issue are safe (a key is inserted once), and one issue must not
# make another published at the same moment wait for the next wake-up.
@shared_task(soft_time_limit=1200, time_limit=1260, ignore_result=True)
def issue_send(issue_id: int) -> None:
    services.issue_send(issue_id=issue_id)


@shared_task(soft_time_limit=1200, time_limit=1260, ignore_result=True)
@single_run("newsletter.weekly_send")
def newsletter_weekly_send() -> None:
    services.newsletter_weekly_send()
