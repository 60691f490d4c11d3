"""A Facebook Page client (Graph API): publish to the feed, check the token, find posts,
read a post's reach back."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

from .base import (
    ChannelAuthError,
    ChannelDuplicate,
    ChannelRejected,
    ChannelUnavailable,
    HttpChannel,
    Post,
    PostResult,
    idempotency_marker,
    retry_after_seconds,
)

# Meta's error guide (https://developers.facebook.com/docs/graph-api/guides/error-handling)
# gives each code a recovery tactic; the outcome table in channels.clients follows it.
AUTH_ERROR_CODES = frozenset({102, 190, 10, *range(200, 300)})
# 4, 17, 32, 613, 80001: throttling ("wait and retry", see also
# https://developers.facebook.com/docs/graph-api/overview/rate-limiting); 341 (feed
# action limit) and 368 (temporarily blocked for policy) are "wait and retry" too.
RATE_LIMIT_ERROR_CODES = frozenset({4, 17, 32, 613, 80001, 341, 368})
TEMPORARY_ERROR_CODES = frozenset({1, 2})
DUPLICATE_POST_CODE = 506
POST_URL = "https://www.facebook.com/{post_id}"
# A Page post's message: at most 63,206 characters (Facebook's status limit).
MESSAGE_MAX_CHARS = 63206
# What a person can do about each code (shown on the delivery or the channel).
REASONS = {
    4: "Ứng dụng Facebook đã dùng hết lượt gọi API trong giờ; hệ thống sẽ tự thử lại.",
    17: "Tài khoản quản trị đã dùng hết lượt gọi API; hệ thống sẽ tự thử lại.",
    32: "Trang đã dùng hết lượt gọi API trong giờ; hệ thống sẽ tự thử lại.",
    613: "Facebook giới hạn tần suất gọi; hệ thống sẽ tự thử lại.",
    80001: "Trang đã dùng hết lượt gọi API trong giờ; hệ thống sẽ tự thử lại.",
    341: "Trang đã chạm giới hạn số bài đăng của Facebook; hệ thống sẽ tự thử lại sau.",
    368: (
        "Facebook tạm chặn Trang đăng bài (nghi vi phạm chính sách); hệ thống sẽ thử "
        "lại sau. Nếu kéo dài, xem mục Chất lượng Trang trên Facebook."
    ),
    190: (
        "Mã truy cập Trang Facebook đã hết hạn hoặc bị thu hồi: lấy mã Trang mới và "
        "nhập vào kênh mạng xã hội."
    ),
    102: "Phiên đăng nhập Facebook không còn hiệu lực: nhập mã truy cập Trang mới.",
    10: (
        "Ứng dụng không còn quyền đăng lên Trang: cấp lại quyền pages_manage_posts "
        "rồi nhập mã truy cập mới."
    ),
    100: "Facebook từ chối nội dung bài (tham số không hợp lệ): sửa bài rồi gửi lại.",
}
PERMISSION_REASON = REASONS[10]
# Reading the Page's own posts back: 100 a page, at most this many pages.
PUBLISHED_POSTS_PAGE_SIZE = 100
PUBLISHED_POSTS_MAX_PAGES = 20


# Reach read back (#14), as the Page Insights reference documents the post metrics
# (https://developers.facebook.com/docs/graph-api/reference/insights, "Page Posts"):
# post_impressions_unique is the post's reach (people who had it on screen),
# post_clicks its clicks, post_reactions_by_type_total its reactions by type, each
# with period "lifetime". The page warns that metrics are deprecated from time to
# time for every API version (post_engaged_users and post_clicks_unique went in
# 2024) and that a deprecated metric makes the call fail with (#100) "invalid
# metric"; on that answer the reactions come from the post's own reactions edge
# (https://developers.facebook.com/docs/graph-api/reference/object/reactions,
# summary total_count), and reach and clicks stay unknown.
INSIGHT_METRICS = (
    "post_impressions_unique",
    "post_clicks",
    "post_reactions_by_type_total",
)
INVALID_METRIC_CODE = 100


@dataclass(frozen=True)
class PostInsights:
    """What Graph says about one post; None where a metric was not given."""

    reach: int | None
    clicks: int | None
    reactions: int | None


def _metric_value(entry: dict[str, Any]) -> int | None:
    values = entry.get("values") or [{}]
    value = values[-1].get("value") if isinstance(values[-1], dict) else None
    if isinstance(value, dict):  # reactions by type: {"like": 10, "love": 2}
        value = sum(v for v in value.values() if isinstance(v, int | float))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return max(int(value), 0)


@dataclass(frozen=True)
class TokenInfo:
    is_valid: bool
    expires_at: datetime | None  # None: the token does not expire
    scopes: tuple[str, ...] = ()
    data_access_expires_at: datetime | None = None


def _timestamp(value: Any) -> datetime | None:
    try:
        seconds = int(value or 0)
    except (TypeError, ValueError):
        return None
    return datetime.fromtimestamp(seconds, tz=UTC) if seconds else None


def appsecret_proof(*, access_token: str, app_secret: str) -> str:
    """HMAC-SHA256 of the access token keyed by the app secret, hex
    (https://developers.facebook.com/docs/graph-api/guides/secure-requests)."""
    return hmac.new(
        app_secret.encode(), access_token.encode(), hashlib.sha256
    ).hexdigest()


class FacebookPageClient(HttpChannel):
    """Publishes to one Facebook Page with a Page access token.

    Exactly once: the Graph API takes no idempotency key, so the caller must

    1. record the delivery as "sending" in the database (committed) before `publish`;
    2. store `PostResult.external_id` as soon as `publish` returns;
    3. on ChannelUnavailable from a timeout or a lost connection, treat the outcome as
       unknown: before sending again, call `find_published_post(key, since=...)`.
       `publish` ends every message with `idempotency_marker(key)`; the lookup reads
       only the Page's own posts (`/published_posts`, never `/feed`, which also holds
       visitors' posts), back to the delivery's creation;
    4. on ChannelDuplicate (#506) do the same lookup: the post is live already.

    With the app's id and secret, every call carries `appsecret_proof` (needed when
    the app has "Require App Secret" on) and `token_info` inspects the Page token
    with the app token, as /debug_token requires.
    """

    platform = "Facebook"

    def __init__(
        self,
        page_id: str,
        access_token: str,
        *,
        app_id: str | None = None,
        app_secret: str | None = None,
        api_version: str = "v23.0",
        base_url: str = "https://graph.facebook.com",
        timeout: float = 10,
    ) -> None:
        super().__init__(timeout=timeout)
        self.page_id = page_id
        self.access_token = access_token
        self.app_id = app_id
        self.app_secret = app_secret
        self.api_version = api_version
        self.base_url = base_url.rstrip("/")

    def __repr__(self) -> str:  # never show the token
        return f"FacebookPageClient(page_id={self.page_id!r})"

    def _url(self, path: str) -> str:
        return f"{self.base_url}/{self.api_version}/{path}"

    def _auth_header(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    def _proof(self, access_token: str) -> dict[str, str]:
        if not self.app_secret:
            return {}
        return {
            "appsecret_proof": appsecret_proof(
                access_token=access_token, app_secret=self.app_secret
            )
        }

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
                **self._proof(self.access_token),
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

    def find_published_post(
        self, idempotency_key: str, *, since: datetime | None = None
    ) -> PostResult | None:
        """The Page's own post carrying `idempotency_key`'s marker, or None.

        Reads GET /{page-id}/published_posts (the Page's posts only; /feed would also
        return visitors' posts and posts tagging the Page) from `since` on, following
        the paging cursors, so an old delivery's post is found however many posts came
        after it. Only an exact marker at the end of a message matches.
        """
        marker = idempotency_marker(idempotency_key)
        params: dict[str, Any] = {
            "fields": "id,message,permalink_url,created_time,from",
            "limit": PUBLISHED_POSTS_PAGE_SIZE,
            **self._proof(self.access_token),
        }
        if since is not None:
            params["since"] = int(since.timestamp())
        url: str | None = self._url(f"{self.page_id}/published_posts")
        for _page in range(PUBLISHED_POSTS_MAX_PAGES):
            if url is None:
                break
            response = self._send(
                "GET", url, params=params, headers=self._auth_header()
            )
            payload = self._checked(response)
            for item in payload.get("data") or []:
                message = item.get("message") or ""
                author = (item.get("from") or {}).get("id", self.page_id)
                if (
                    isinstance(item.get("id"), str)
                    and author == self.page_id
                    and message.rstrip().endswith(marker)
                ):
                    link = item.get("permalink_url") or POST_URL.format(
                        post_id=item["id"]
                    )
                    return PostResult(external_id=item["id"], url=link)
            after = ((payload.get("paging") or {}).get("cursors") or {}).get("after")
            if not (payload.get("paging") or {}).get("next") or not after:
                break
            params = {**params, "after": after}
        return None

    def post_insights(self, post_id: str) -> PostInsights:
        """Reach, clicks and reactions of one of the Page's posts (INSIGHT_METRICS).

        GET /{post-id}/insights?metric=...&period=lifetime with the Page token. If
        Graph refuses a metric as invalid (deprecated), the reactions are read from
        GET /{post-id}?fields=reactions.summary(total_count).limit(0) instead.
        """
        try:
            payload = self._checked(
                self._send(
                    "GET",
                    self._url(f"{post_id}/insights"),
                    params={
                        "metric": ",".join(INSIGHT_METRICS),
                        "period": "lifetime",
                        **self._proof(self.access_token),
                    },
                    headers=self._auth_header(),
                )
            )
        except ChannelRejected as error:
            if error.code != INVALID_METRIC_CODE:
                raise
            return PostInsights(None, None, self._post_reactions(post_id))
        found = {
            entry.get("name"): _metric_value(entry)
            for entry in payload.get("data") or []
            if isinstance(entry, dict)
        }
        return PostInsights(
            reach=found.get("post_impressions_unique"),
            clicks=found.get("post_clicks"),
            reactions=found.get("post_reactions_by_type_total"),
        )

    def _post_reactions(self, post_id: str) -> int | None:
        payload = self._checked(
            self._send(
                "GET",
                self._url(post_id),
                params={
                    "fields": "reactions.summary(total_count).limit(0)",
                    **self._proof(self.access_token),
                },
                headers=self._auth_header(),
            )
        )
        total = ((payload.get("reactions") or {}).get("summary") or {}).get(
            "total_count"
        )
        return int(total) if isinstance(total, int) and total >= 0 else None

    def token_info(self) -> TokenInfo:
        """Whether the Page token is valid and when it and its data access expire.

        GET /debug_token?input_token=<page token> must be called with an app token
        ("{app-id}|{app-secret}") or an app developer's user token
        (https://developers.facebook.com/docs/graph-api/reference/debug_token); with a
        Page token inspecting itself Meta answers (#100). So this needs the app's id
        and secret. base.HttpChannel keeps the URL out of error messages.
        """
        if not (self.app_id and self.app_secret):
            raise ChannelAuthError(
                "Cần mã ứng dụng (App ID) và khóa bí mật ứng dụng Facebook để kiểm tra "
                "hạn của mã truy cập Trang.",
                code="no_app_credentials",
            )
        app_token = f"{self.app_id}|{self.app_secret}"
        response = self._send(
            "GET",
            self._url("debug_token"),
            params={"input_token": self.access_token, **self._proof(app_token)},
            headers={"Authorization": f"Bearer {app_token}"},
        )
        data = self._checked(response).get("data") or {}
        return TokenInfo(
            is_valid=bool(data.get("is_valid")),
            expires_at=_timestamp(data.get("expires_at")),
            scopes=tuple(data.get("scopes") or ()),
            data_access_expires_at=_timestamp(data.get("data_access_expires_at")),
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
        reason = REASONS.get(code)
        if code in AUTH_ERROR_CODES:
            reason = reason or PERMISSION_REASON
            raise ChannelAuthError(f"{reason} ({text})", code=code, status=status)
        if status == 429 or code in RATE_LIMIT_ERROR_CODES:
            raise ChannelUnavailable(
                f"{reason or 'Facebook đang giới hạn số lần gọi.'} ({text})",
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
        if code == DUPLICATE_POST_CODE:
            raise ChannelDuplicate(
                "Facebook báo bài trùng với một bài đã đăng trên Trang.",
                code=code,
                status=status,
            )
        user_text = error.get("error_user_msg") or text
        raise ChannelRejected(
            f"{reason or 'Facebook từ chối bài đăng.'} ({user_text})",
            code=code,
            status=status,
        )

    @staticmethod
    def _retry_after(response: requests.Response) -> float | None:
        """Retry-After, else the longest `estimated_time_to_regain_access` (minutes)
        of the X-Business-Use-Case-Usage header Pages are throttled with
        (https://developers.facebook.com/docs/graph-api/overview/rate-limiting).
        X-App-Usage carries percentages only, so the backoff decides there."""
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
