"""Health checks behind /healthz: each returns (ok, detail) and never raises."""

import logging
import uuid

from celery import current_app
from django.core.cache import cache
from django.db import connection

from .selectors import scheduler_state_get

logger = logging.getLogger(__name__)


def _check(name, probe):
    try:
        return probe()
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
    cache.set(key, value, timeout=10)
    return cache.get(key) == value, cache.__class__.__name__


def _broker():
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return True, conn.transport_cls


def _scheduler():
    state = scheduler_state_get()
    detail = {
        "last_beat_at": state.last_beat_at.isoformat() if state.last_beat_at else None,
        "age_seconds": round(state.age_seconds, 1) if state.age_seconds else None,
    }
    return not state.stalled, detail


CHECKS = {
    "database": _database,
    "cache": _cache,
    "broker": _broker,
    "scheduler": _scheduler,
}


def health_report() -> tuple[bool, dict]:
    """Run every check; healthy only when all pass."""
    results = {}
    for name, probe in CHECKS.items():
        ok, detail = _check(name, probe)
        results[name] = {"ok": ok, "detail": detail}
    return all(r["ok"] for r in results.values()), results
