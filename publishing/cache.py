"""The public page cache: anonymous pages kept in the shared cache until content changes.

Every cached page's key carries a generation number; any publication, change or
expiry bumps it, so invalidation is one cache write and never misses a page that
showed the changed item. Coarse, and right for a site that changes a few times an hour.
With a local-memory cache (development, no Redis) pages are not cached at all: web,
worker and beat would each hold their own copy and the sweep could not invalidate it.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

GENERATION_KEY = "publishing:page-generation"


def page_cache_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def page_cache_enabled() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    return page_cache_seconds() > 0 and not backend.endswith("LocMemCache")


# Each process remembers the generation for a second, saving a round trip to Redis on
# every page served from the cache (benchmarks/news_throughput.py); another process's
# publication therefore shows within a second, this process's own at once.
GENERATION_MEMO_SECONDS = 1.0
_memo = {"generation": 0, "read_at": float("-inf")}


def _generation() -> int:
    now = time.monotonic()
    if now - _memo["read_at"] > GENERATION_MEMO_SECONDS:
        _memo["generation"], _memo["read_at"] = cache.get(GENERATION_KEY, 0), now
    return _memo["generation"]


def page_cache_invalidate() -> None:
    """Forget every cached public page (after commit of any content change)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)
    _memo["read_at"] = float("-inf")


def page_cache_key(request) -> str:
    generation = _generation()
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"publishing:page:{generation}:{get_language()}:{path}"
