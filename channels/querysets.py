"""Chainable filters over deliveries."""

from datetime import datetime, timedelta

from django.db import models

# An attempt whose outcome is unknown (it timed out, or its worker died) is looked at
# again no sooner than this after it began: a platform that was still making the post
# has finished by then, so the check before re-sending finds it (the fault drill of a
# hung Facebook posted twice with a 4 s retry). Within one tick all the same (#12).
UNKNOWN_OUTCOME_SETTLE = timedelta(seconds=30)
# A delivery left "sending" that long may have lost its worker: the claim then asks
# for its lease (publishing.leases), which a live sender holds and a dead one lost
# with its connection, and takes it again, checking the platform first.
SENDING_LEASE_CHECK_AFTER = UNKNOWN_OUTCOME_SETTLE


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

    def of_items(self, *, model, pks):
        """The deliveries of these items of one model (a generic target)."""
        from django.contrib.contenttypes.models import ContentType

        return self.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=pks
        )

    def published_item_ids(self) -> list[int]:
        """Ids of these deliveries whose item is published: one query, plus one per
        content type among them (a generic target cannot be joined)."""
        from django.contrib.contenttypes.models import ContentType

        from publishing.models import Status

        by_type: dict[int, dict[int, list[int]]] = {}
        for pk, type_id, object_id in self.values_list(
            "pk", "content_type_id", "object_id"
        ):
            by_type.setdefault(type_id, {}).setdefault(object_id, []).append(pk)
        ids = []
        for type_id, items in by_type.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is None:
                continue
            for object_id in model._default_manager.filter(
                pk__in=items, status=Status.PUBLISHED
            ).values_list("pk", flat=True):
                ids += items[object_id]
        return ids
