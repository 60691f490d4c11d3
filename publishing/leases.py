"""Leases: locks of periodic work and of social sends that a dead worker cannot keep.

`lease(name)` is a context manager that says whether this process got the lease;
`single_run(name)` wraps a periodic task so that a second run while one is going
does nothing. Used by every periodic task that must not overlap and by each social
delivery while it is sent (#12: a cache lock of 300 s, released only in `finally`,
outlived a killed worker and held every sweep for four minutes).

- On PostgreSQL a lease is `pg_try_advisory_xact_lock`, taken by a transaction on a
  connection of its own (the work's own commits must not release it). A killed
  worker's connection closes with it and PostgreSQL ends the transaction, so the lease
  is free again at once, whatever the work was doing.
- Elsewhere (SQLite: `make run`) it is a `Lease` row with an expiry of
  `LEASE_SECONDS`, renewed every `LEASE_RENEW_SECONDS` by a thread of the holder;
  a dead holder stops renewing and the row expires within `LEASE_SECONDS`.

Neither touches Redis: the sweep must run while the cache is down.
"""

import functools
import hashlib
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import (
    DEFAULT_DB_ALIAS,
    IntegrityError,
    connection,
    connections,
    transaction,
)
from django.db import connection as thread_connection
from django.utils import timezone

from .models import Lease

logger = logging.getLogger(__name__)
LEASE_SECONDS = 30
LEASE_RENEW_SECONDS = 10


def lease_key(name: str) -> int:
    """A signed 64-bit advisory-lock key for `name` (stable across processes)."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def lease(name: str) -> Iterator[bool]:
    """Hold the lease `name` for the block if nobody else does; yields whether held.

    Never waits: a lease someone holds yields False at once.
    """
    if connection.vendor == "postgresql":
        with _advisory_lease(name) as held:
            yield held
    else:
        with _row_lease(name) as held:
            yield held


@contextmanager
def _advisory_lease(name: str) -> Iterator[bool]:
    holder = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lease_key(name)])
            held = bool(cursor.fetchone()[0])
        yield held
    finally:
        try:
            holder.rollback()  # ends the transaction, and the lock with it
        except Exception:  # a terminated connection has let go already
            logger.warning("lease %s: its connection was lost", name)
        holder.close()


@contextmanager
def _row_lease(name: str) -> Iterator[bool]:
    token = uuid.uuid4().hex
    if not _row_take(Lease, name, token):
        yield False
        return
    stop = threading.Event()
    renewer = threading.Thread(
        target=_row_renew, args=(Lease, name, token, stop), daemon=True
    )
    renewer.start()
    try:
        yield True
    finally:
        stop.set()
        renewer.join()
        Lease.objects.filter(name=name, holder=token).delete()


def _row_take(model, name: str, token: str) -> bool:
    now = timezone.now()
    expires_at = now + timedelta(seconds=LEASE_SECONDS)
    if model.objects.filter(name=name, expires_at__lte=now).update(
        holder=token, expires_at=expires_at
    ):
        return True
    try:
        with transaction.atomic():
            model.objects.create(name=name, holder=token, expires_at=expires_at)
    except IntegrityError:
        return False  # held, and not expired
    return True


def _row_renew(model, name: str, token: str, stop: threading.Event) -> None:
    try:
        while not stop.wait(LEASE_RENEW_SECONDS):
            expires_at = timezone.now() + timedelta(seconds=LEASE_SECONDS)
            try:
                model.objects.filter(name=name, holder=token).update(
                    expires_at=expires_at
                )
            except Exception:  # the next renewal tries again; expiry is the bound
                logger.warning("lease %s: renewal failed", name, exc_info=True)
    finally:
        thread_connection.close()


def single_run(name: str):
    """Decorate a periodic task: its body runs only while holding the lease `name`.

    A second run (two beats, a slow run still going) returns None without running.
    """

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with lease(name) as held:
                if not held:
                    logger.info("%s: another run holds the lease; skipped", name)
                    return None
                return function(*args, **kwargs)

        return wrapper

    return decorate
