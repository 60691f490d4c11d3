"""A small, cheap rate limiter on the Django cache (Redis when configured).

Fixed windows: one counter per (name, key, window), created with `cache.add` and
bumped with `cache.incr`, which are SET NX and INCR on Redis: atomic across every web
node, one round trip per hit in the common case. A fixed window lets a client spend
its limit twice around a window boundary; for keeping floods out that is good enough,
and it costs a fraction of a sliding log. With the local-memory cache (no Redis) each
process counts on its own, which is the right degradation for a developer's machine.

Keys are hashed, so an e-mail address never sits in the cache in clear.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class RateLimit:
    name: str
    limit: int
    window_seconds: int

    def _cache_key(self, key: str, now: float) -> str:
        window = int(now // self.window_seconds)
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        return f"ratelimit:{self.name}:{window}:{digest}"

    def hit(self, key: str, *, now: float | None = None) -> bool:
        """Count one attempt for `key`; False when it is over the limit."""
        return self.attempt(key, now=now) <= self.limit

    def attempt(self, key: str, *, now: float | None = None) -> int:
        """Count one attempt for `key` and return how many this window has seen."""
        if self.limit <= 0:
            return 1
        cache_key = self._cache_key(key, time.time() if now is None else now)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # first hit in this window
            if cache.add(cache_key, 1, timeout=self.window_seconds + 1):
                count = 1
            else:  # another request created it in between
                count = cache.incr(cache_key)
        return count

    def reset(self, key: str, *, now: float | None = None) -> None:
        cache.delete(self._cache_key(key, time.time() if now is None else now))
