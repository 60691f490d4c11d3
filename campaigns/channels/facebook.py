"""A Facebook Page client (Graph API): publish to the feed, check the token, find posts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

from .base import (
    ChannelAuthError,
    ChannelRejected,
    ChannelUnavailable,
    HttpChannel,
    Post,
    PostResult,
    idempotency_marker,
    retry_after_seconds,
)

AUTH_ERROR_CODES = frozenset({102, 190, 10, *range(200, 300)})
RATE_LIMIT_ERROR_CODES = frozenset({4, 17, 32, 613, 80001})
TEMPORARY_ERROR_CODES = frozenset({1, 2})
POST_URL = "https://www.facebook.com/{post_id}"


@dataclass(frozen=True)
class TokenInfo:
    is_valid: bool
    expires_at: datetime | None  # None: the token does not expire
    scopes: tuple[str, ...] = ()


class FacebookPageClient(HttpChannel):
    """Publishes to one Facebook Page with a Page access token.

    Exactly once: the Graph API takes no idempotency key, so the caller must

    1. record the delivery as "sending" in the database (committed) before `publish`;
    2. store `PostResult.external_id` as soon as `publish` returns;
    3. on ChannelUnavailable from a timeout or a lost connection, treat the outcome as
       unknown: before sending again, call `find_recent_post(post.idempotency_key)`.
       `publish` ends every message with `idempotency_marker(key)`, so a post that did
       go out is found among the Page's latest posts and its id stored instead.

    Error mapping (https://developers.facebook.com/docs/graph-api/guides/error-handling):
    code 190 (OAuthException) and 102 -> ChannelAuthError, and so are the permission
    codes 10 and 200-299, which also need someone to fix the token; 4, 17, 32, 613, 80001
    and HTTP 429 are rate limits and 1, 2, `is_transient` errors and HTTP 5xx are
    temporary -> ChannelUnavailable; any other 4xx -> ChannelRejected.
    """

    platform = "Facebook"

    def __init__(
        self,
        page_id: str,
        access_token: str,
        *,
        api_version: str = "v23.0",
        base_url: str = "https://graph.facebook.com",
        timeout: float = 10,
    ) -> None:
        super().__init__(timeout=timeout)
        self.page_id = page_id
        self.access_token = access_token
        self.api_version = api_version
        self.base_url = base_url.rstrip("/")

    def __repr__(self) -> str:  # never show the token
        return f"FacebookPageClient(page_id={self.page_id!r})"

    def _url(self, path: str) -> str:
        return f"{self.base_url}/{self.api_version}/{path}"

    def _auth_header(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    def publish(self, post: Post) -> PostResult:
        """POST /{page-id}/feed with the message and the link; the token goes in the
        body. Returns the new post's id ("PAGEID_POSTID")."""
        message = "\n\n".join(
            part
            for part in (
                post.title,
                post.message,
                idempotency_marker(post.idempotency_key),
            )
            if part
        )
        response = self._send(
            "POST",
            self._url(f"{self.page_id}/feed"),
            data={
                "message": message,
                "link": post.link,
                "access_token": self.access_token,
            },
        )
        payload = self._checked(response)
        post_id = payload.get("id")
        if not isinstance(post_id, str) or not post_id:
            raise ChannelUnavailable(
                "Facebook không trả về mã bài đăng; cần kiểm tra lại trước khi gửi lại.",
                status=response.status_code,
            )
        return PostResult(external_id=post_id, url=POST_URL.format(post_id=post_id))

    def find_recent_post(
        self, idempotency_key: str, *, limit: int = 25
    ) -> PostResult | None:
        """The Page's latest post carrying `idempotency_key`'s marker, or None.

        Reads GET /{page-id}/feed?fields=id,message,permalink_url&limit=...
        """
        response = self._send(
            "GET",
            self._url(f"{self.page_id}/feed"),
            params={"fields": "id,message,permalink_url", "limit": limit},
            headers=self._auth_header(),
        )
        marker = idempotency_marker(idempotency_key)
        for item in self._checked(response).get("data") or []:
            message = item.get("message") or ""
            if isinstance(item.get("id"), str) and message.rstrip().endswith(marker):
                url = item.get("permalink_url") or POST_URL.format(post_id=item["id"])
                return PostResult(external_id=item["id"], url=url)
        return None

    def token_info(self) -> TokenInfo:
        """Whether the Page token is valid and when it expires (GET /debug_token).

        The Graph API wants the inspected token as `input_token` in the query string;
        the calling token goes in the Authorization header. base.HttpChannel keeps the
        URL out of error messages.
        """
        response = self._send(
            "GET",
            self._url("debug_token"),
            params={"input_token": self.access_token},
            headers=self._auth_header(),
        )
        data = self._checked(response).get("data") or {}
        expires_at = data.get("expires_at") or 0
        return TokenInfo(
            is_valid=bool(data.get("is_valid")),
            expires_at=datetime.fromtimestamp(expires_at, tz=UTC)
            if expires_at
            else None,
            scopes=tuple(data.get("scopes") or ()),
        )

    def _checked(self, response: requests.Response) -> dict[str, Any]:
        """The JSON body of a successful call, or the matching ChannelError."""
        status = response.status_code
        if status < 400:
            return self._json(response)
        try:
            error = response.json().get("error") or {}
        except (ValueError, AttributeError):
            error = {}
        code = error.get("code")
        text = str(error.get("message") or f"HTTP {status}")
        if code in AUTH_ERROR_CODES:
            raise ChannelAuthError(
                f"Mã truy cập Facebook hết hạn hoặc không đủ quyền: {text}",
                code=code,
                status=status,
            )
        if status == 429 or code in RATE_LIMIT_ERROR_CODES:
            raise ChannelUnavailable(
                f"Facebook đang giới hạn số lần gọi: {text}",
                retry_after=self._retry_after(response),
                code=code,
                status=status,
            )
        if status >= 500 or code in TEMPORARY_ERROR_CODES or error.get("is_transient"):
            raise ChannelUnavailable(
                f"Facebook tạm thời gặp lỗi: {text}",
                retry_after=retry_after_seconds(response),
                code=code,
                status=status,
            )
        raise ChannelRejected(
            f"Facebook từ chối bài đăng: {text}", code=code, status=status
        )

    @staticmethod
    def _retry_after(response: requests.Response) -> float | None:
        """Retry-After, else the longest `estimated_time_to_regain_access` (minutes)
        of the X-Business-Use-Case-Usage header Pages are throttled with."""
        seconds = retry_after_seconds(response)
        if seconds is not None:
            return seconds
        try:
            usage = json.loads(response.headers.get("X-Business-Use-Case-Usage", ""))
            minutes = max(
                float(entry.get("estimated_time_to_regain_access") or 0)
                for entries in usage.values()
                for entry in entries
            )
        except (ValueError, TypeError, AttributeError):
            return None
        return minutes * 60 if minutes > 0 else None
