"""Chainable filters over questions and FAQ entries."""

from datetime import datetime

from django.db import models

from publishing.querysets import PublishableQuerySet

from .timeliness import overdue_before


class QuestionQuerySet(models.QuerySet):
    def open(self):
        """Waiting for an answer: new or assigned."""
        return self.filter(status__in=("new", "assigned"))

    def overdue(self, now: datetime | None = None, *, days: int | None = None):
        """Open questions older than the allowed number of working days."""
        return self.open().filter(created_at__lt=overdue_before(now=now, days=days))

    def answered(self):
        return self.filter(answered_at__isnull=False)

    def assigned_to_unit(self, unit):
        return self.filter(assigned_unit=unit)


class FaqQuerySet(PublishableQuerySet):
    def for_topic(self, topic):
        return self.filter(topic=topic)
