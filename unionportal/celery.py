"""The Celery app: configured from Django settings (CELERY_*), tasks found in each app."""

from celery import Celery

app = Celery("unionportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
