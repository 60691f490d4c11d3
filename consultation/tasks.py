"""Celery adapters over the consultation e-mail services: ids in, quiet when gone."""

from celery import shared_task

# Sending one e-mail through a slow SMTP relay takes seconds, not minutes.
EMAIL_TASK_LIMITS = {"soft_time_limit": 30, "time_limit": 45}
# The SMTP relay may be down for a while: retry with backoff, at most for ~1 hour.
EMAIL_RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": 30,
    "retry_backoff_max": 900,
    "max_retries": 6,
}


@shared_task(ignore_result=True, **EMAIL_TASK_LIMITS, **EMAIL_RETRY)
def question_tracking_link_send(question_id: int) -> None:
    """Enqueued on commit by services.question_submit."""
    from .services import question_tracking_link_send as send

    send(question_id=question_id)


@shared_task(ignore_result=True, **EMAIL_TASK_LIMITS, **EMAIL_RETRY)
def question_answer_notify(question_id: int) -> None:
    """Enqueued on commit by services.question_answer and question_mark_duplicate."""
    from .services import question_answer_notify as notify

    notify(question_id=question_id)
