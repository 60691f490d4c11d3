"""Circuit breakers for Redis (cache and broker): degrade at once, never wait on a dead socket.

Each process keeps one circuit per service. While it is closed every call goes through.
A connection error opens it: for `REDIS_CIRCUIT_OPEN_SECONDS` every call is refused at
once with `Unavailable` (the caller serves the page uncached, counts in the database,
leaves the task to the sweep), then one call is let through as a probe; its success
closes the circuit, its failure opens it again. So during an outage a process touches
the dead server once every few seconds instead of on every request (DESIGN.md, 7).

The state is per process on purpose: it is a memo of what this process saw, not shared
state, and a fresh process simply learns it again on its first call.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from django.conf import settings
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)
T = TypeVar("T")

# What an unreachable, restarting or overloaded Redis raises (redis-py wraps socket
# errors in ConnectionError/TimeoutError; "LOADING" and "OOM" are RedisErrors too).
CACHE_ERRORS: tuple[type[BaseException], ...] = (redis.RedisError, OSError)
# kombu wraps the broker's connection errors in OperationalError.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    redis.RedisError,
    OSError,
)


class Unavailable(Exception):  # noqa: N818 (reads as `except Unavailable:`)
    """The service is down, or was a moment ago: take the fallback."""


class Circuit:
    def __init__(self, name: str, errors: tuple[type[BaseException], ...]):
        self.name = name
        self.errors = errors
        self._lock = threading.Lock()
        self._open_until: float | None = None  # monotonic; None while closed
        self._probing = False

    @property
    def open_seconds(self) -> float:
        return float(getattr(settings, "REDIS_CIRCUIT_OPEN_SECONDS", 5.0))

    @property
    def is_open(self) -> bool:
        return self._open_until is not None

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`fn(*args, **kwargs)`, or Unavailable without calling it while open."""
        if not self._admit():
            raise Unavailable(self.name)
        try:
            result = fn(*args, **kwargs)
        except self.errors as error:
            self.record_failure(error)
            raise Unavailable(self.name) from error
        except BaseException:
            # Not an outage (a bug, a bad value): says nothing about the server.
            self._end_probe()
            raise
        self.record_success()
        return result

    def probe(self, fn: Callable[[], T]) -> T:
        """Call `fn` whatever the state (health checks) and record what it showed."""
        try:
            result = fn()
        except self.errors as error:
            self.record_failure(error)
            raise
        self.record_success()
        return result

    def _admit(self) -> bool:
        if self._open_until is None:
            return True
        with self._lock:
            if self._open_until is None:
                return True
            if self._probing or time.monotonic() < self._open_until:
                return False
            self._probing = True  # this caller is the one probe; others keep skipping
            return True

    def _end_probe(self) -> None:
        with self._lock:
            self._probing = False

    def record_failure(self, error: BaseException) -> None:
        with self._lock:
            was_closed = self._open_until is None
            self._open_until = time.monotonic() + self.open_seconds
            self._probing = False
        if was_closed:
            logger.warning(
                "%s unreachable (%s: %s): skipped, tried again every %.0f s",
                self.name,
                type(error).__name__,
                error,
                self.open_seconds,
            )

    def record_success(self) -> None:
        if self._open_until is None:
            return
        with self._lock:
            was_open = self._open_until is not None
            self._open_until = None
            self._probing = False
        if was_open:
            logger.warning("%s reachable again", self.name)

    def reset(self) -> None:
        """Forget what was seen (tests)."""
        with self._lock:
            self._open_until, self._probing = None, False


cache_circuit = Circuit("cache", CACHE_ERRORS)
broker_circuit = Circuit("broker", BROKER_ERRORS)


def task_enqueue(task, *args: Any, **kwargs: Any) -> bool:
    """Send `task.delay(*args, **kwargs)`; log and return False when the broker is down.

    For work the database already records (a pending delivery, a campaign to
    materialise, an e-mail whose "sent at" is empty...), so that a request never fails
    because the broker did (#12). A sweep re-drives it where one exists (deliveries
    every minute, campaign posts daily); elsewhere this warning is the only trace.
    """
    try:
        broker_circuit.call(task.delay, *args, **kwargs)
    except Unavailable:
        logger.warning("broker unavailable: %s%r not sent", task.name, args)
        return False
    except Exception:
        # Called after a commit: whatever went wrong, the save itself succeeded.
        logger.exception("could not send %s%r", task.name, args)
        return False
    return True
