"""Chainable filters over campaign posts and deliveries."""

from datetime import datetime, timedelta

from django.db import models

from publishing.querysets import PublishableQuerySet

# A delivery left "sending" may have lost its worker: after this long the claim asks
# for its lease (publishing.leases), which a live sender holds and a dead one has lost,
# and takes it again, checking the platform before anything is re-sent. Not sooner,
# so that a fresh claim is not asked about on every pass (#12).
SENDING_LEASE_CHECK_AFTER = timedelta(seconds=10)


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
        """Ready to send now: released and due, failed and due for a retry, or in
        "sending" past SENDING_LEASE_CHECK_AFTER (taken only if its lease is free)."""
        from .models import Delivery

        return self.filter(
            models.Q(
                status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED],
                next_attempt_at__lte=now,
            )
            | models.Q(
                status=Delivery.Status.SENDING,
                sending_started_at__lte=now - SENDING_LEASE_CHECK_AFTER,
            )
        )
