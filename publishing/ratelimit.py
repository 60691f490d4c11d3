"""A small, cheap rate limiter on the Django cache (Redis when configured).

Fixed windows: one counter per (name, key, window), created with `cache.add` and
bumped with `cache.incr`, which are SET NX and INCR on Redis: atomic across every web
node, one round trip per hit in the common case. A fixed window lets a client spend
its limit twice around a window boundary; for keeping floods out that is good enough,
and it costs a fraction of a sliding log. With the local-memory cache (no Redis) each
process counts on its own, which is the right degradation for a developer's machine.

When Redis cannot be reached (the cache circuit of publishing.circuits is open) the
same window is counted in the database instead (publishing.RateLimitCounter), so the
form keeps working and the limit still holds during an outage (#12). The two counts
are not added up: a client whose window started in Redis gets a fresh count in the
database, at most one extra limit per outage.

Keys are hashed, so an e-mail address never sits in the cache or the table in clear.
"""

import contextlib
import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .circuits import Unavailable, cache_circuit
from .models import RateLimitCounter


@dataclass(frozen=True)
class RateLimit:
    name: str
    limit: int
    window_seconds: int

    def _window(self, now: float | None) -> int:
        return int((time.time() if now is None else now) // self.window_seconds)

    def _cache_key(self, window: int, digest: str) -> str:
        return f"ratelimit:{self.name}:{window}:{digest}"

    def hit(self, key: str, *, now: float | None = None) -> bool:
        """Count one attempt for `key`; False when it is over the limit."""
        return self.attempt(key, now=now) <= self.limit

    def attempt(self, key: str, *, now: float | None = None) -> int:
        """Count one attempt for `key` and return how many this window has seen."""
        if self.limit <= 0:
            return 1
        window, digest = self._window(now), _digest(key)
        try:
            return cache_circuit.call(
                self._cache_attempt, self._cache_key(window, digest)
            )
        except Unavailable:
            return self._database_attempt(window, digest)

    def _cache_attempt(self, cache_key: str) -> int:
        try:
            return cache.incr(cache_key)
        except ValueError:  # first hit in this window
            if cache.add(cache_key, 1, timeout=self.window_seconds + 1):
                return 1
            return cache.incr(cache_key)  # another request created it in between

    def _database_attempt(self, window: int, digest: str) -> int:
        counters = RateLimitCounter.objects.filter(
            name=self.name, window=window, key_digest=digest
        )
        with transaction.atomic():
            # The UPDATE locks the row until commit: concurrent attempts queue up and
            # each reads its own count.
            if not counters.update(count=F("count") + 1):
                RateLimitCounter.objects.filter(expires_at__lt=timezone.now()).delete()
                expires_at = datetime.fromtimestamp(
                    (window + 1) * self.window_seconds + 1, tz=UTC
                )
                _counter, created = RateLimitCounter.objects.get_or_create(
                    name=self.name,
                    window=window,
                    key_digest=digest,
                    defaults={"count": 1, "expires_at": expires_at},
                )
                if created:
                    return 1
                counters.update(count=F("count") + 1)
            return counters.values_list("count", flat=True).get()

    def reset(self, key: str, *, now: float | None = None) -> None:
        window, digest = self._window(now), _digest(key)
        with contextlib.suppress(Unavailable):
            cache_circuit.call(cache.delete, self._cache_key(window, digest))
        RateLimitCounter.objects.filter(
            name=self.name, window=window, key_digest=digest
        ).delete()


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]
