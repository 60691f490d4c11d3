"""Chainable filters over campaign posts and deliveries."""

from datetime import datetime, timedelta

from django.db import models

from publishing.querysets import PublishableQuerySet

# A delivery left "sending" this long was interrupted (worker killed): its outcome is
# unknown, so it is claimed again and checked before anything is re-sent. Longer than
# the send task's hard time limit.
SENDING_STALE_AFTER = timedelta(minutes=5)


class CampaignPostQuerySet(PublishableQuerySet):
    def of_office(self):
        return self.filter(unit__isnull=True)

    def for_unit(self, unit):
        return self.filter(unit=unit)

    def on_site(self):
        """Public: published office posts meant for the site."""
        return self.published().of_office().filter(to_site=True)


class DeliveryQuerySet(models.QuerySet):
    def due(self, now: datetime):
        """Ready to send now: released and due, failed and due for a retry, or stuck
        in "sending" past SENDING_STALE_AFTER."""
        from .models import Delivery

        return self.filter(
            models.Q(
                status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED],
                next_attempt_at__lte=now,
            )
            | models.Q(
                status=Delivery.Status.SENDING,
                sending_started_at__lte=now - SENDING_STALE_AFTER,
            )
        )
