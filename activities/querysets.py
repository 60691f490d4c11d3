"""Chainable filters over activities and registrations."""

from datetime import datetime

from django.db import models

from publishing.querysets import PublishableQuerySet


class ActivityQuerySet(PublishableQuerySet):
    def for_unit(self, unit):
        return self.filter(unit=unit)

    def upcoming(self, now: datetime):
        """Not yet over: under way or still to come."""
        return self.filter(ends_at__gt=now)


class RegistrationQuerySet(models.QuerySet):
    def holding_place(self):
        """Registrations that take one of the activity's places."""
        return self.filter(status="confirmed")

    def waiting(self):
        return self.filter(status="waiting").order_by("created_at", "pk")

    def active(self):
        """Not cancelled: holding a place, waiting, or walked in."""
        return self.exclude(status="cancelled")

    def attended(self):
        return self.filter(checked_in_at__isnull=False)
