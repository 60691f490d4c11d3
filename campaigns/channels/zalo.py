"""A Zalo Official Account client: articles, broadcast and access-token refresh."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from .base import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    HttpChannel,
    Post,
    PostResult,
    retry_after_seconds,
)

AUTH_ERROR_CODES = frozenset({-216, -124})
RATE_LIMIT_ERROR_CODES = frozenset({-32})
ARTICLE_CREATE_PATH = "/v2.0/article/create"
ARTICLE_VERIFY_PATH = "/v2.0/article/verify"
# "Gửi tin Broadcast": a media template with one article, sent to the followers
# matching `recipient.target` (developers.zalo.me, Official Account API).
BROADCAST_PATH = "/v2.0/oa/message"
OAUTH_REFRESH_PATH = "/v4/oa/access_token"
# Everyone: "gender" 0 means all genders in Zalo's targeting criteria.
BROADCAST_TARGET_ALL = {"gender": "0"}
DESCRIPTION_MAX_CHARS = 300


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int  # seconds


class ZaloArticlePending(ChannelUnavailable):
    """The article was created but its id is not known yet: verify `token` later."""

    def __init__(self, message: str, *, token: str) -> None:
        super().__init__(message, code="article_pending")
        self.token = token


class ZaloOAClient(HttpChannel):
    """Publishes articles on one Zalo Official Account.

    Publishing is two steps on Zalo's side: `POST /v2.0/article/create` answers with a
    *token*, and `POST /v2.0/article/verify` turns that token into the article id.
    `publish` does both. If creation succeeded but verification failed, it raises
    ZaloArticlePending carrying the token: store it and call `verify_article(token)` on
    the next attempt instead of creating the article again.

    Broadcasting the article to followers (`broadcast`) is a separate delivery step: it
    is quota-limited, is not idempotent either, and must only run once the article id is
    stored.

    Tokens: an OA access token lives about 25 hours; `refresh_access_token` trades the
    refresh token for a new pair. Refresh tokens ROTATE: each refresh returns a new one
    and invalidates the old, so the caller must save both new tokens in one transaction
    (holding a row lock on the channel, so two workers never refresh with the same
    refresh token) before using them. Losing the new refresh token means an OA admin
    has to authorise the app again.

    Zalo answers HTTP 200 with {"error": 0, "message": ..., "data": {...}}. Error codes
    -216 and -124 (invalid or expired access token) -> ChannelAuthError; -32 (rate
    limit or quota) -> ChannelUnavailable; any other non-zero code -> ChannelRejected;
    HTTP 5xx, 429, timeouts and connection errors -> ChannelUnavailable.
    """

    platform = "Zalo"

    def __init__(
        self,
        access_token: str,
        *,
        base_url: str = "https://openapi.zalo.me",
        oauth_url: str = "https://oauth.zaloapp.com",
        app_id: str | None = None,
        secret_key: str | None = None,
        refresh_token: str | None = None,
        author: str = "",
        timeout: float = 10,
    ) -> None:
        super().__init__(timeout=timeout)
        self.access_token = access_token
        self.base_url = base_url.rstrip("/")
        self.oauth_url = oauth_url.rstrip("/")
        self.app_id = app_id
        self.secret_key = secret_key
        self.refresh_token = refresh_token
        self.author = author

    def __repr__(self) -> str:  # never show the tokens
        return f"ZaloOAClient(app_id={self.app_id!r})"

    def publish(self, post: Post) -> PostResult:
        """Create the article and verify it; returns the article id (no broadcast)."""
        token = self.create_article(post)
        try:
            article_id = self.verify_article(token)
        except ChannelError as exc:
            raise ZaloArticlePending(
                f"Đã tạo bài viết Zalo nhưng chưa lấy được mã bài: {exc.message}",
                token=token,
            ) from exc
        return PostResult(external_id=article_id, url=None)

    def create_article(self, post: Post) -> str:
        """POST /v2.0/article/create; returns the token to verify."""
        if not post.image_url:
            raise ChannelRejected("Bài viết Zalo cần ảnh bìa (image_url).")
        body = [{"type": "text", "content": post.message}]
        if post.link:
            body.append({"type": "text", "content": f"Xem chi tiết: {post.link}"})
        data = self._call(
            ARTICLE_CREATE_PATH,
            {
                "type": "normal",
                "title": post.title,
                "author": self.author,
                "cover": {
                    "cover_type": "photo",
                    "photo_url": post.image_url,
                    "status": "show",
                },
                "description": post.message[:DESCRIPTION_MAX_CHARS],
                "body": body,
                "status": "show",
                "comment": "show",
            },
        )
        return self._field(data, "token")

    def verify_article(self, token: str) -> str:
        """POST /v2.0/article/verify; returns the article id."""
        return self._field(self._call(ARTICLE_VERIFY_PATH, {"token": token}), "id")

    def broadcast(
        self, article_id: str, *, target: Mapping[str, str] | None = None
    ) -> str:
        """Send the article to the OA's followers; returns Zalo's message id."""
        data = self._call(
            BROADCAST_PATH,
            {
                "recipient": {"target": dict(target or BROADCAST_TARGET_ALL)},
                "message": {
                    "attachment": {
                        "type": "template",
                        "payload": {
                            "template_type": "media",
                            "elements": [
                                {"media_type": "article", "attachment_id": article_id}
                            ],
                        },
                    }
                },
            },
        )
        return self._field(data, "message_id")

    def refresh_access_token(self) -> TokenPair:
        """Trade the refresh token for a new pair and use it from now on.

        The old refresh token stops working: persist the returned pair atomically
        (see the module docstring) before doing anything else.
        """
        if not (self.app_id and self.secret_key and self.refresh_token):
            raise ChannelAuthError(
                "Thiếu app_id, secret_key hoặc refresh token để làm mới mã truy cập Zalo."
            )
        response = self._send(
            "POST",
            f"{self.oauth_url}{OAUTH_REFRESH_PATH}",
            headers={"secret_key": self.secret_key},
            data={
                "app_id": self.app_id,
                "refresh_token": self.refresh_token,
                "grant_type": "refresh_token",
            },
        )
        payload = self._payload(response)
        if not payload.get("access_token") or not payload.get("refresh_token"):
            # OAuth errors look like {"error": -14014, "error_name": ..., ...}.
            reason = payload.get("error_description") or payload.get("error_name")
            raise ChannelAuthError(
                f"Zalo không cấp lại mã truy cập: {reason or 'phản hồi không hợp lệ'}",
                code=payload.get("error"),
                status=response.status_code,
            )
        pair = TokenPair(
            access_token=str(payload["access_token"]),
            refresh_token=str(payload["refresh_token"]),
            expires_in=int(payload.get("expires_in") or 0),
        )
        self.access_token, self.refresh_token = pair.access_token, pair.refresh_token
        return pair

    def _call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self._send(
            "POST",
            f"{self.base_url}{path}",
            json=body,
            headers={"access_token": self.access_token},
        )
        payload = self._payload(response)
        code = payload.get("error", 0)
        text = str(payload.get("message") or code)
        if code == 0:
            data = payload.get("data")
            return data if isinstance(data, dict) else {}
        if code in AUTH_ERROR_CODES:
            raise ChannelAuthError(
                f"Mã truy cập Zalo không hợp lệ hoặc đã hết hạn: {text}",
                code=code,
                status=response.status_code,
            )
        if code in RATE_LIMIT_ERROR_CODES:
            raise ChannelUnavailable(
                f"Zalo đang giới hạn số lần gọi hoặc đã hết hạn mức: {text}",
                retry_after=retry_after_seconds(response),
                code=code,
                status=response.status_code,
            )
        raise ChannelRejected(
            f"Zalo từ chối yêu cầu: {text}", code=code, status=response.status_code
        )

    def _payload(self, response: requests.Response) -> dict[str, Any]:
        status = response.status_code
        if status == 429 or status >= 500:
            raise ChannelUnavailable(
                f"Zalo tạm thời không phục vụ được (HTTP {status}).",
                retry_after=retry_after_seconds(response),
                status=status,
            )
        return self._json(response)

    @staticmethod
    def _field(data: dict[str, Any], name: str) -> str:
        value = data.get(name)
        if value in (None, ""):
            raise ChannelUnavailable(f"Zalo không trả về trường {name!r}.")
        return str(value)
