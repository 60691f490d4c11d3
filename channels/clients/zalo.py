"""A Zalo Official Account client: articles, broadcast and access-token refresh."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import requests

from .base import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelTokenExpired,
    ChannelUnavailable,
    HttpChannel,
    Post,
    PostResult,
    idempotency_marker,
    retry_after_seconds,
)

# No official Zalo page is in our reference store; the codes follow the OA API error
# table as quoted by https://glama.ai/mcp/connectors/vn.since98/zalo-business-reference/tools/error_lookup
# and integrations' notes (see tests/support/social_servers.py). -124 belongs to ZNS,
# not to the OA API, so it is not here.
TOKEN_EXPIRED_CODES = frozenset({-216, -220})  # invalid / expired access token
STOP_CODES = frozenset({-240})  # the endpoint was shut down: a person must act
RATE_LIMIT_ERROR_CODES = frozenset({-32})
QUOTA_EXCEEDED_CODE = -211  # broadcast quota used up: wait for the next period
ARTICLE_PROCESSING_CODE = -214  # the article is still being processed
REASONS = {
    -216: "Mã truy cập Zalo không hợp lệ.",
    -220: "Mã truy cập Zalo đã hết hạn.",
    -240: (
        "Zalo đã ngừng API này: cần cập nhật cách kết nối (liên hệ quản trị kỹ thuật); "
        "kênh tạm dừng."
    ),
    -32: "Zalo đang giới hạn số lần gọi; hệ thống sẽ tự thử lại.",
    -211: "OA đã dùng hết hạn mức gửi tin broadcast; hệ thống sẽ thử lại kỳ sau.",
    -214: "Zalo đang xử lý bài viết; hệ thống sẽ kiểm tra lại sau.",
    -201: "Zalo báo tham số không hợp lệ: kiểm tra tiêu đề, ảnh bìa và nội dung bài.",
}
# Limits of /v2.0/article/create (checked when the post is saved, #19).
TITLE_MAX_CHARS = 150
AUTHOR_MAX_CHARS = 50
COVER_MAX_BYTES = 1024 * 1024
ARTICLE_CREATE_PATH = "/v2.0/article/create"
ARTICLE_VERIFY_PATH = "/v2.0/article/verify"
# "Lấy danh sách bài viết": the OA's articles newest first, 10 at most a request.
# No official Zalo page is in our store: the endpoint, its parameters and data.medias
# follow https://frontend-f26.pages.dev/node/n8n-nodes-zalo-oa-integration-v2@0.5.14-zalooa/Zalo%20OA:L%E1%BA%A5y%20Danh%20S%C3%A1ch%20B%C3%A0i%20Vi%E1%BA%BFt
# and the limit an SDK's notes (tests/support/social_servers.py, ZALO_ARTICLE_LIST).
ARTICLE_LIST_PATH = "/v2.0/article/getslice"
ARTICLE_LIST_PAGE = 10
ARTICLE_LIST_MAX_PAGES = 10  # 100 articles: far more than an OA posts in a retry's time
# "Gửi tin Broadcast": a media template with one article, sent to the followers
# matching `recipient.target` (developers.zalo.me, Official Account API).
BROADCAST_PATH = "/v2.0/oa/message"
OAUTH_REFRESH_PATH = "/v4/oa/access_token"
# Everyone: "gender" 0 means all genders in Zalo's targeting criteria.
BROADCAST_TARGET_ALL = {"gender": "0"}
DESCRIPTION_MAX_CHARS = 300


def _description(post: Post) -> str:
    """The article's summary, ending with the delivery's marker (find_article)."""
    marker = idempotency_marker(post.idempotency_key) if post.idempotency_key else ""
    room = DESCRIPTION_MAX_CHARS - len(marker) - 1
    text = post.message if len(post.message) <= room else post.message[: room - 1] + "…"
    return f"{text} {marker}".strip()


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int  # seconds


class ZaloArticleProcessing(ChannelUnavailable):
    """verify answered -214: the article exists but Zalo has not finished it yet.
    Keep the token and verify again later (bounded by the outbox's attempts)."""


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
    -216 and -220 (invalid or expired access token) -> ChannelTokenExpired (refresh);
    -240 (endpoint shut down) -> ChannelAuthError (stop the channel); -32 (rate
    limit), -211 (broadcast quota) -> ChannelUnavailable; -214 (article still
    processing) -> ZaloArticleProcessing; any other non-zero code -> ChannelRejected;
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
                "description": _description(post),
                "body": body,
                "status": "show",
                "comment": "show",
            },
        )
        return self._field(data, "token")

    def find_article(self, idempotency_key: str, *, since: datetime) -> str | None:
        """The id of the OA's article carrying this delivery's marker, created since
        `since`, or None: asked before creating again after an attempt whose answer
        was lost, so that a timed-out create is adopted, not repeated (#19)."""
        marker = idempotency_marker(idempotency_key)
        oldest = since.timestamp() * 1000
        for page in range(ARTICLE_LIST_MAX_PAGES):
            data = self._get(
                ARTICLE_LIST_PATH,
                {
                    "offset": page * ARTICLE_LIST_PAGE,
                    "limit": ARTICLE_LIST_PAGE,
                    "type": "normal",
                },
            )
            medias = data.get("medias") or []
            for media in medias:
                if marker in str(media.get("description") or "") and media.get("id"):
                    return str(media["id"])
            created = [m.get("create_date") for m in medias]
            if len(medias) < ARTICLE_LIST_PAGE or any(
                isinstance(c, int | float) and c < oldest for c in created
            ):
                return None
        return None

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

    def _get(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        response = self._send(
            "GET",
            f"{self.base_url}{path}",
            params=params,
            headers={"access_token": self.access_token},
        )
        return self._answer(response)

    def _call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self._send(
            "POST",
            f"{self.base_url}{path}",
            json=body,
            headers={"access_token": self.access_token},
        )
        return self._answer(response)

    def _answer(self, response: requests.Response) -> dict[str, Any]:
        payload = self._payload(response)
        code = payload.get("error", 0)
        text = str(payload.get("message") or code)
        if code == 0:
            data = payload.get("data")
            return data if isinstance(data, dict) else {}
        reason = REASONS.get(code, "Zalo từ chối yêu cầu.")
        message, status = f"{reason} ({text})", response.status_code
        if code in TOKEN_EXPIRED_CODES:
            raise ChannelTokenExpired(message, code=code, status=status)
        if code in STOP_CODES:
            raise ChannelAuthError(message, code=code, status=status)
        if code == ARTICLE_PROCESSING_CODE:
            raise ZaloArticleProcessing(message, code=code, status=status)
        if code in RATE_LIMIT_ERROR_CODES or code == QUOTA_EXCEEDED_CODE:
            raise ChannelUnavailable(
                message,
                retry_after=retry_after_seconds(response),
                code=code,
                status=status,
            )
        raise ChannelRejected(message, code=code, status=status)

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
