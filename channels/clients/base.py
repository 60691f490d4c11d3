"""What every social channel client shares: the post, the result, errors, HTTP plumbing."""

from __future__ import annotations

import email.utils
import enum
import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any

import requests


class Outcome(enum.StrEnum):
    """What the outbox does with an answer (the table in channels.clients)."""

    RETRY = "retry"  # later, with backoff (and Retry-After when given)
    REFRESH = "refresh"  # refresh the access token, then send again at once
    STOP = "stop"  # mark the channel rejected, warn in the admin; no more tries
    FAIL = "fail"  # this delivery fails with a reason a person can act on
    RESOLVE = "resolve"  # the post exists already: find it and store its id


class ChannelError(Exception):
    """A social channel refused or failed a call; the message is for staff (Vietnamese).

    `code` is the platform's own error code, `status` the HTTP status, when known.
    """

    outcome = Outcome.FAIL

    def __init__(
        self, message: str, *, code: int | str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class ChannelUnavailable(ChannelError):
    """Temporary: 5xx, timeout, connection error or rate limit. Retry later.

    `retry_after` is how many seconds the platform asked us to wait, if it said.
    A timeout is ambiguous: the platform may have acted on the request.
    """

    outcome = Outcome.RETRY

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        code: int | str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.retry_after = retry_after


class ChannelAuthError(ChannelError):
    """The access token is expired, revoked or lacks a permission, or the app or the
    endpoint is gone: stop the channel until staff fix its credentials."""

    outcome = Outcome.STOP


class ChannelTokenExpired(ChannelAuthError):
    """The access token expired: refresh it and send again, where a refresh path
    exists (Zalo); without one it stops the channel like any ChannelAuthError."""

    outcome = Outcome.REFRESH


class ChannelRejected(ChannelError):
    """Permanent: the platform refused this post (bad payload, policy). Do not retry."""


class ChannelDuplicate(ChannelRejected):
    """The platform says this post exists already (Graph #506): after an ambiguous
    attempt it is ours, so look it up by its marker instead of failing."""

    outcome = Outcome.RESOLVE


@dataclass(frozen=True)
class Post:
    """What to publish. `idempotency_key` is stable across retries of one delivery."""

    title: str
    message: str  # plain text
    link: str
    idempotency_key: str
    image_url: str | None = None

    def __post_init__(self) -> None:
        if not self.idempotency_key.strip():
            raise ValueError("A post needs an idempotency key to be sent exactly once.")


@dataclass(frozen=True)
class PostResult:
    external_id: str
    url: str | None


def idempotency_marker(key: str) -> str:
    """The short tag put at the end of a post so a later check can find it again."""
    return f"(mã tin {key})"


def idempotency_key_for(*, secret: str, name: str) -> str:
    """An unguessable, stable key for `name` (a delivery): HMAC-SHA256 under the
    site's secret, so nobody can post a look-alike marker before we do (#19)."""
    digest = hmac.new(secret.encode(), name.encode(), hashlib.sha256).hexdigest()
    return digest[:20]


def retry_after_seconds(response: requests.Response) -> float | None:
    """The standard Retry-After header (seconds or an HTTP date), if present."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class HttpChannel:
    """A requests session with explicit timeouts whose errors never carry tokens.

    requests' own exception messages include the full URL; the few Graph API calls
    that must put a token in the query string would leak it into logs and tracebacks.
    So transport errors are re-raised with a fixed message and without the cause.
    """

    platform = ""

    def __init__(self, *, timeout: float) -> None:
        self.timeout = timeout
        self.session = requests.Session()

    def close(self) -> None:
        self.session.close()

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        try:
            return self.session.request(
                method, url, timeout=(self.timeout, self.timeout), **kwargs
            )
        except requests.Timeout:
            error: ChannelError = ChannelUnavailable(
                f"{self.platform} không phản hồi sau {self.timeout:g} giây; "
                "yêu cầu có thể đã được thực hiện.",
                code="timeout",
            )
        except requests.ConnectionError:
            error = ChannelUnavailable(
                f"Không kết nối được tới {self.platform}.", code="connection_error"
            )
        except requests.RequestException as exc:
            error = ChannelRejected(
                f"Yêu cầu tới {self.platform} không hợp lệ ({type(exc).__name__})."
            )
        raise error from None

    def _json(self, response: requests.Response) -> dict[str, Any]:
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            return payload
        if response.status_code >= 500 or response.status_code < 400:
            # A 2xx we cannot read may still mean the post went out: retry carefully.
            raise ChannelUnavailable(
                f"{self.platform} trả về phản hồi không đọc được "
                f"(HTTP {response.status_code}).",
                status=response.status_code,
            )
        raise ChannelRejected(
            f"{self.platform} từ chối yêu cầu (HTTP {response.status_code}).",
            status=response.status_code,
        )
