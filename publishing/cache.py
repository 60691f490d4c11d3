"""The public page cache: anonymous pages kept in the shared cache until content changes.

Every cached page's key carries a generation number; any publication, change or
expiry bumps it, so invalidation is one write and never misses a page that showed the
changed item. Coarse, and right for a site that changes a few times an hour.

The generation lives in the database (one row, `PageGeneration`), not in Redis, so a
Redis outage cannot lose an invalidation: a change committed while Redis was down bumps
the row like any other, and when Redis comes back every page cached before the change
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
from django.db.models import F
from django.utils.translation import get_language

from .circuits import Unavailable, cache_circuit

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
_memo = {"generation": 0, "read_at": float("-inf"), "bump_pending": False}


def _generation_read() -> int:
    from .models import PageGeneration

    value = PageGeneration.objects.filter(pk=PageGeneration.ROW).values_list(
        "value", flat=True
    )
    return value.first() or 0


def _generation_bump() -> None:
    from .models import PageGeneration

    rows = PageGeneration.objects.filter(pk=PageGeneration.ROW)
    if not rows.update(value=F("value") + 1):
        _row, created = PageGeneration.objects.get_or_create(
            pk=PageGeneration.ROW, defaults={"value": 1}
        )
        if not created:  # another process made the row in between
            rows.update(value=F("value") + 1)


def _generation() -> int:
    if _memo["bump_pending"]:
        page_cache_invalidate()
    now = time.monotonic()
    if now - _memo["read_at"] > GENERATION_MEMO_SECONDS:
        _memo["generation"], _memo["read_at"] = _generation_read(), now
    return _memo["generation"]


def page_cache_invalidate() -> None:
    """Forget every cached public page (after commit of any content change).

    One UPDATE of the generation row; never raises, because it runs after a commit
    and the save it follows has succeeded (#12). If the database refuses even that,
    this process retries before it next reads the generation, and every page expires
    after PAGE_CACHE_SECONDS in any case (the same bound a CDN's s-maxage gives).
    Does nothing while the page cache is off (no page is ever read then).
    """
    _memo["read_at"] = float("-inf")
    if not page_cache_enabled():
        return
    try:
        _generation_bump()
    except Exception:
        _memo["bump_pending"] = True
        logger.exception("page cache: could not bump the generation; retrying later")
    else:
        _memo["bump_pending"] = False


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
