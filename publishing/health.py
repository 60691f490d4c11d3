"""Health checks behind /healthz: each returns (ok, detail) and never raises.

The cache and broker checks go to Redis whatever the circuits say (a health check
reports what is true now) with short socket timeouts, and tell the circuits what
they saw, so a recovery seen here closes them for the pages too. An unreachable
service reads `unreachable: <error>` and is listed in the report's reasons (#12).
"""

import logging
import uuid

import redis
from celery import current_app
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .circuits import broker_circuit, cache_circuit
from .selectors import overdue_counts, scheduler_state_get

logger = logging.getLogger(__name__)
BROKER_TIMEOUT_SECONDS = 1


class Unreachable(Exception):  # noqa: N818
    """A server that did not answer (as opposed to one that answered wrongly)."""


def _check(name, probe):
    try:
        return probe()
    except Unreachable as exc:
        logger.warning("health check %s: %s", name, exc)
        return False, str(exc)
    except Exception as exc:  # a health check reports failures, it does not raise
        logger.warning("health check %s failed: %s", name, exc)
        return False, f"{type(exc).__name__}: {exc}"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, connection.vendor


def _cache():
    key, value = "healthz:probe", uuid.uuid4().hex

    def round_trip():
        cache.set(key, value, timeout=10)
        return cache.get(key)

    try:
        answer = cache_circuit.probe(round_trip)
    except cache_circuit.errors as exc:
        raise Unreachable(f"unreachable: {type(exc).__name__}: {exc}") from exc
    return answer == value, cache.__class__.__name__


def _broker():
    url = current_app.conf.broker_url or ""

    def connect():
        if url.startswith(("redis://", "rediss://", "unix://")):
            # A PING with our own timeouts: kombu's connection would wait forever on
            # a server that accepts and never answers.
            client = redis.Redis.from_url(
                url,
                socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
                socket_timeout=BROKER_TIMEOUT_SECONDS,
            )
            try:
                client.ping()
            finally:
                client.close()
            return "redis"
        with current_app.connection_for_write() as conn:  # memory://, filesystem://
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
            return conn.transport_cls

    try:
        return True, broker_circuit.probe(connect)
    except broker_circuit.errors as exc:
        raise Unreachable(f"unreachable: {type(exc).__name__}: {exc}") from exc


def _scheduler():
    state = scheduler_state_get()
    detail = {
        "last_beat_at": state.last_beat_at.isoformat() if state.last_beat_at else None,
        "age_seconds": round(state.age_seconds, 1) if state.age_seconds else None,
    }
    return not state.stalled, detail


def _schedule():
    """Red when due work waits longer than two ticks (#12): beat may tick while a
    stuck worker or a poisoned row publishes nothing."""
    overdue = overdue_counts(now=timezone.now())
    return not overdue, {"overdue": overdue}


CHECKS = {
    "database": _database,
    "cache": _cache,
    "broker": _broker,
    "scheduler": _scheduler,
    "schedule": _schedule,
}


def _reason(name: str, detail) -> str:
    if isinstance(detail, str) and detail.startswith("unreachable"):
        return f"{name}: unreachable"
    if name == "scheduler":
        return "scheduler: stalled"
    if name == "schedule" and isinstance(detail, dict):
        return "schedule: overdue " + ", ".join(
            f"{label} {count}" for label, count in sorted(detail["overdue"].items())
        )
    return f"{name}: failing"


def health_report() -> tuple[bool, dict]:
    """Run every check; healthy only when all pass."""
    results = {}
    for name, probe in CHECKS.items():
        ok, detail = _check(name, probe)
        results[name] = {"ok": ok, "detail": detail}
    return all(r["ok"] for r in results.values()), results


def health_reasons(results: dict) -> list[str]:
    """One short line per failing check, e.g. "cache: unreachable"."""
    return [
        _reason(name, result["detail"])
        for name, result in results.items()
        if not result["ok"]
    ]
