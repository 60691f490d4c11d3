"""The public page cache: anonymous pages kept in the shared cache until content changes.

Every cached page's key carries a generation number; any publication, change or
expiry bumps it, so invalidation is one write and never misses a page that showed the
changed item. Coarse, and right for a site that changes a few times an hour.

The generation lives in the database (one row, `PageGeneration`), not in Redis, and is
bumped inside the transaction of the change, so neither a Redis outage nor a failing
after-commit callback can lose an invalidation: a change committed while Redis was down
bumps the row like any other, and when Redis comes back every page cached before the change
carries an old generation and is never read again (#12). Pages themselves live in
Redis behind the cache circuit (publishing.circuits): while it is open they are
rendered uncached, and nothing a request does waits on a dead socket.

With a local-memory cache (development, no Redis) pages are not cached at all: web,
worker and beat would each hold their own copy and the sweep could not invalidate it.
"""

import contextlib
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils.translation import get_language

from .circuits import Unavailable, cache_circuit
from .models import PageGeneration

logger = logging.getLogger(__name__)


def page_cache_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def page_cache_enabled() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    return page_cache_seconds() > 0 and not backend.endswith("LocMemCache")


# Each process remembers the generation for a second, saving a query on every page
# served from the cache (benchmarks/news_throughput.py); another process's publication
# therefore shows within a second, this process's own at once.
GENERATION_MEMO_SECONDS = 1.0
_memo = {"generation": 0, "read_at": float("-inf")}


def _generation_read() -> int:
    value = PageGeneration.objects.filter(pk=PageGeneration.ROW).values_list(
        "value", flat=True
    )
    return value.first() or 0


def _generation_bump() -> None:
    rows = PageGeneration.objects.filter(pk=PageGeneration.ROW)
    if not rows.update(value=F("value") + 1):
        _row, created = PageGeneration.objects.get_or_create(
            pk=PageGeneration.ROW, defaults={"value": 1}
        )
        if not created:  # another process made the row in between
            rows.update(value=F("value") + 1)


def _generation() -> int:
    now = time.monotonic()
    if now - _memo["read_at"] > GENERATION_MEMO_SECONDS:
        _memo["generation"], _memo["read_at"] = _generation_read(), now
    return _memo["generation"]


def _memo_forget() -> None:
    _memo["read_at"] = float("-inf")


def page_cache_invalidate() -> None:
    """Retire every cached public page, as part of the current transaction.

    One UPDATE of the generation row, written in the transaction of the change it
    follows: the two commit together or not at all, so no exception after the
    commit (nor a Redis outage) can leave stale pages behind (#12). Concurrent
    changes queue on the row for the rest of their transactions, which is cheap for a
    site that changes a few times an hour. This process reads the new generation as
    soon as it commits. Does nothing while the page cache is off (no page is read).
    """
    _memo["read_at"] = float("-inf")
    if not page_cache_enabled():
        return
    _generation_bump()
    transaction.on_commit(_after_commit, robust=True)


def _after_commit() -> None:
    _memo_forget()  # looked up when called, so a test can make it fail


def page_cache_key(request) -> str:
    generation = _generation()
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"publishing:page:{generation}:{get_language()}:{path}"


def page_cache_get(key: str):
    """The cached response, or None when absent or the cache is unreachable."""
    try:
        return cache_circuit.call(cache.get, key)
    except Unavailable:
        return None


def page_cache_set(key: str, response) -> None:
    """Keep `response`; quietly nothing when the cache is unreachable."""
    with contextlib.suppress(Unavailable):
        cache_circuit.call(cache.set, key, response, page_cache_seconds())
