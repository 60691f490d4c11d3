"""Chainable filters over campaign posts and deliveries."""

from datetime import datetime, timedelta

from django.db import models

from publishing.querysets import PublishableQuerySet

# An attempt whose outcome is unknown (it timed out, or its worker died) is looked at
# again no sooner than this after it began: a platform that was still making the post
# has finished by then, so the check before re-sending finds it (the fault drill of a
# hung Facebook posted twice with a 4 s retry). Within one tick all the same (#12).
UNKNOWN_OUTCOME_SETTLE = timedelta(seconds=30)
# A delivery left "sending" that long may have lost its worker: the claim then asks
# for its lease (publishing.leases), which a live sender holds and a dead one lost
# with its connection, and takes it again, checking the platform first.
SENDING_LEASE_CHECK_AFTER = UNKNOWN_OUTCOME_SETTLE


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
