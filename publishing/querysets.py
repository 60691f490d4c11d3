"""Chainable filters every publishable content type shares."""

from datetime import datetime

from django.db import models

from .models import Status


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def due(self, now: datetime):
        """Scheduled rows whose time has come."""
        return self.filter(status=Status.SCHEDULED, publish_at__lte=now)

    def expired(self, now: datetime):
        """Published rows whose expiry has passed."""
        return self.filter(status=Status.PUBLISHED, unpublish_at__lte=now)

    def overdue(self, now: datetime, *, grace):
        """Due longer than `grace` ago and still not published: the sweep is stuck."""
        return self.filter(status=Status.SCHEDULED, publish_at__lte=now - grace)
