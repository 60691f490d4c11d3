"""Places never exceed the capacity, whatever the concurrency (PostgreSQL row locks)."""

import threading
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, connections

from activities import services
from activities.models import Registration

from .factories import ActivityFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def kinds():
    """transaction=True flushes the tables: seed the kinds again as the migration does."""
    import_module("activities.migrations.0002_activity_kinds_seed").kinds_seed(
        apps, None
    )


def _at_once(count, work):
    """Run work(i) in `count` threads released together; return their errors."""
    barrier = threading.Barrier(count)
    errors = []

    def run(i):
        try:
            barrier.wait()
            work(i)
        except ValidationError as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_forty_registrations_at_once_for_ten_places_hold_exactly_ten():
    assert connection.vendor == "postgresql"
    activity = ActivityFactory(capacity=10)
    errors = _at_once(
        40,
        lambda i: services.registration_create(
            activity_id=activity.pk, name=f"Người {i}", email=f"n{i}@example.edu.vn"
        ),
    )
    assert errors == []
    registrations = Registration.objects.filter(activity=activity)
    assert registrations.filter(status="confirmed").count() == 10
    assert registrations.filter(status="waiting").count() == 30
    # The first ten to get the lock hold the places: the waiting list is in order.
    confirmed = list(
        registrations.filter(status="confirmed").values_list("pk", flat=True)
    )
    waiting = list(registrations.filter(status="waiting").values_list("pk", flat=True))
    assert max(confirmed) < min(waiting)


def test_cancellations_and_registrations_at_once_never_overfill():
    activity = ActivityFactory(capacity=5)
    holders = [
        services.registration_create(
            activity_id=activity.pk, name=f"Giữ {i}", email=f"g{i}@example.edu.vn"
        )
        for i in range(5)
    ]

    def work(i):
        if i < 5:
            services.registration_cancel(registration_id=holders[i].pk)
        else:
            services.registration_create(
                activity_id=activity.pk, name=f"Mới {i}", email=f"m{i}@example.edu.vn"
            )

    errors = _at_once(20, work)
    assert errors == []
    registrations = Registration.objects.filter(activity=activity)
    assert registrations.filter(status="confirmed").count() == 5
    assert registrations.filter(status="cancelled").count() == 5
    assert registrations.filter(status="waiting").count() == 10


def test_the_same_contact_twice_at_once_registers_once():
    activity = ActivityFactory(capacity=10)
    errors = _at_once(
        6,
        lambda i: services.registration_create(
            activity_id=activity.pk, name="Trùng", email="trung@example.edu.vn"
        ),
    )
    assert len(errors) == 5
    assert Registration.objects.filter(activity=activity).count() == 1
