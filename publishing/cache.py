"""The public page cache: anonymous pages kept in the shared cache until content changes.

Every cached page's key carries a generation number; any publication, change or
expiry bumps it, so invalidation is one cache write and never misses a page that
showed the changed item. Coarse, and right for a site that changes a few times an hour.
With a local-memory cache (development, no Redis) pages are not cached at all: web,
worker and beat would each hold their own copy and the sweep could not invalidate it.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

GENERATION_KEY = "publishing:page-generation"


def page_cache_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def page_cache_enabled() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    return page_cache_seconds() > 0 and not backend.endswith("LocMemCache")


def page_cache_invalidate() -> None:
    """Forget every cached public page (after commit of any content change)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def page_cache_key(request) -> str:
    generation = cache.get(GENERATION_KEY, 0)
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"publishing:page:{generation}:{get_language()}:{path}"
