"""A real local HTTP server speaking enough Graph API and Zalo OA for channel tests."""

# The default credentials are the fake server's own, not secrets.
# ruff: noqa: S107

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import secrets
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

# Every simulated answer follows a page; where the page is not Meta's or Zalo's own
# it is the best one in our reference store, and says so.
ERROR_GUIDE = "https://developers.facebook.com/docs/graph-api/guides/error-handling"
RATE_LIMITS = (
    "https://developers.facebook.com/docs/graph-api/overview/rate-limiting?locale=de_DE"
)
# Zalo: no page of developers.zalo.me is in the store. The OA API error table is
# quoted from this lookup of it (third party), and the article and broadcast flows
# from integrations that document them (third party too).
ZALO_ERROR_TABLE = "https://glama.ai/mcp/connectors/vn.since98/zalo-business-reference/tools/error_lookup"
ZALO_ARTICLE_CREATE = "https://frontend-f26.pages.dev/node/n8n-nodes-zalo-oa-integration@0.5.15-zalooa/Zalo%20OA:T%E1%BA%A1o%20B%C3%A0i%20Vi%E1%BA%BFt"
ZALO_REFRESH = "https://www.hexasync.vn/zalo-oa-api-huong-dan-cach-lay-access-token-tu-refresh-token/"
# "Lấy danh sách bài viết": GET /v2.0/article/getslice?offset=&limit=&type=normal,
# newest first, the list in data.medias (each with its id, title, description...);
# at most 10 a request (the second page: an SDK's notes on the same endpoint).
ZALO_ARTICLE_LIST = "https://frontend-f26.pages.dev/node/n8n-nodes-zalo-oa-integration-v2@0.5.14-zalooa/Zalo%20OA:L%E1%BA%A5y%20Danh%20S%C3%A1ch%20B%C3%A0i%20Vi%E1%BA%BFt"
ZALO_ARTICLE_LIMITS = "https://app.unpkg.com/@warriorteam/redai-zalo-sdk@1.32.17/files/dist/services/article.service.js"

# code -> (HTTP status, message, error_subcode, extra error fields), per ERROR_GUIDE.
GRAPH_ERRORS: dict[str, tuple[int, str, int | None, dict[str, Any]]] = {
    "1": (500, "An unknown error has occurred.", None, {"is_transient": True}),
    "2": (503, "Service temporarily unavailable", None, {"is_transient": True}),
    "4": (400, "(#4) Application request limit reached", None, {}),
    "17": (400, "(#17) User request limit reached", None, {}),
    "32": (400, "(#32) Page request limit reached", None, {}),
    "613": (400, "(#613) Calls to this api have exceeded the rate limit.", None, {}),
    "80001": (400, "(#80001) There have been too many calls to this Page.", None, {}),
    # ERROR_GUIDE: 341 "Application limit reached ... wait and retry"; 368
    # "Temporarily blocked for policies violations ... wait and retry".
    "341": (400, "(#341) Feed action request limit reached", None, {}),
    "368": (
        400,
        "The action attempted has been deemed abusive or is otherwise disallowed",
        1390008,
        {},
    ),
    "190": (
        400,
        "Error validating access token: Session has expired.",
        463,
        {},
    ),
    "190/458": (400, "Error validating access token: App not installed.", 458, {}),
    "102": (400, "API Session: the login status or access token is invalid", None, {}),
    "10": (403, "(#10) Application does not have permission for this action", None, {}),
    "200": (403, "(#200) Permissions error", None, {}),
    # The #506 shape as Graph answers it (third party record of a real answer):
    # https://github.com/michaelkamleitner/galileo-facebook-programmierung/blob/master/3.12-graphapi-batch-result.txt
    "506": (400, "(#506) Duplicate status message", None, {}),
    "100": (
        400,
        "(#100) Invalid parameter",
        None,
        {
            "error_user_title": "Nội dung không hợp lệ",
            "error_user_msg": "Liên kết trong bài không hợp lệ.",
        },
    ),
}
# code -> message, per ZALO_ERROR_TABLE; -14014 is the OAuth endpoint's (ZALO_REFRESH).
ZALO_ERRORS: dict[str, str] = {
    "-216": "Access token is invalid",
    "-220": "Access token has expired",
    "-240": "This API has been shut down",
    "-32": "The request exceeded the rate limit",
    "-211": "Out of quota",
    "-214": "Article is being processed",
    "-201": "Parameters are invalid",
    "-14014": "Invalid refresh token",
}
BEHAVIOURS = frozenset(
    {"ok", "rate_limit", "too_many_requests", "expired_token", "server_error", "slow"}
    | {f"graph:{code}" for code in GRAPH_ERRORS}
    | {f"zalo:{code}" for code in ZALO_ERRORS}
)
GRAPH_FEED = re.compile(r"^/v\d+\.\d+/(?P<page_id>[^/]+)/feed$")
GRAPH_PUBLISHED = re.compile(r"^/v\d+\.\d+/(?P<page_id>[^/]+)/published_posts$")
GRAPH_DEBUG_TOKEN = re.compile(r"^/v\d+\.\d+/debug_token$")
GRAPH_POST_INSIGHTS = re.compile(r"^/v\d+\.\d+/(?P<post_id>\d+_\d+)/insights$")
GRAPH_POST = re.compile(r"^/v\d+\.\d+/(?P<post_id>\d+_\d+)$")
# Page post insights as the reference documents them
# (https://developers.facebook.com/docs/graph-api/reference/insights): each metric a
# {"name", "period", "values": [{"value"}], "title", "description", "id"} entry;
# post_reactions_by_type_total's value is a {type: count} object.
GRAPH_POST_METRICS = {
    "post_impressions_unique": "Lifetime Post Total Reach",
    "post_clicks": "Lifetime Post Clicks",
    "post_reactions_by_type_total": "Lifetime Total post Reactions by Type.",
}
ZALO_PATHS = {
    "/v2.0/article/create",
    "/v2.0/article/verify",
    "/v2.0/article/getslice",
    "/v2.0/oa/message",
    "/v4/oa/access_token",
}

Reply = tuple[int, Any, dict[str, str]]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # without the query string
    target: str  # exactly as requested, query string included
    query: dict[str, list[str]]
    headers: dict[str, str]  # names lower-cased
    body: bytes
    form: dict[str, str] | None
    json: Any


class SocialServer:
    """A fake Facebook Graph API and Zalo OA on 127.0.0.1, on a random free port.

        with social_server() as server:
            client = FacebookPageClient(server.page_id, server.facebook_token,
                                        base_url=server.url)
            server.script("rate_limit")  # how the next request is answered
            ...
            assert len(server.requests_to("POST", "/feed")) == 1

    Every request is recorded (method, path, query, headers, form or JSON body) before
    it is answered, so tests can count deliveries. Behaviours, consumed one per request
    in order, the rest answered normally ("ok"):

    - "ok": behave like the platform;
    - "rate_limit": Graph error 32 with X-Business-Use-Case-Usage saying 2 minutes;
      Zalo error -32;
    - "too_many_requests": HTTP 429 with Retry-After: 7;
    - "expired_token": Graph error 190; Zalo error -216 (-14014 on the OAuth endpoint);
    - "server_error": HTTP 503 (Graph) or 502 (Zalo) with a non-JSON body;
    - "slow": wait `slow_seconds` (2 s by default), then answer normally, so a client
      with a shorter timeout gives up while the server still acts on the request;
    - "graph:<code>" / "zalo:<code>": that documented error in its documented shape
      (GRAPH_ERRORS, ZALO_ERRORS), with the rate-limit headers Meta sends.

    Besides scripted errors it behaves as documented: Zalo articles are processed
    asynchronously (`zalo_verify_processing` verifies answer -214 first), broadcasts
    wait `zalo_moderation_seconds` for moderation, refresh tokens rotate, a Page
    post whose message repeats an earlier one is answered #506, /feed holds visitors'
    posts while /published_posts holds the Page's own, /debug_token wants an app
    token, and `require_appsecret_proof` makes every Graph call need the proof.
    """

    def __init__(
        self,
        *,
        page_id: str = "1234567890",
        facebook_token: str = "fb-page-token",
        facebook_token_expires_at: int = 0,
        zalo_access_token: str = "zalo-access-1",
        zalo_refresh_token: str = "zalo-refresh-1",
        zalo_app_id: str = "zalo-app-id",
        zalo_secret_key: str = "zalo-secret-key",
        facebook_app_id: str = "4242",
        facebook_app_secret: str = "fb-app-secret",
        facebook_data_access_expires_at: int = 0,
        require_appsecret_proof: bool = False,
        zalo_verify_processing: int = 0,
        zalo_moderation_seconds: float = 0.0,
        slow_seconds: float = 2.0,
        port: int = 0,
    ) -> None:
        self.page_id = page_id
        self.facebook_token = facebook_token
        self.facebook_token_expires_at = facebook_token_expires_at
        self.facebook_app_id = facebook_app_id
        self.facebook_app_secret = facebook_app_secret
        self.facebook_data_access_expires_at = facebook_data_access_expires_at
        self.require_appsecret_proof = require_appsecret_proof
        self.zalo_verify_processing = zalo_verify_processing
        self.zalo_moderation_seconds = zalo_moderation_seconds
        self.zalo_app_id = zalo_app_id
        self.zalo_secret_key = zalo_secret_key
        self.zalo_refresh_token = zalo_refresh_token
        self.zalo_access_tokens = {zalo_access_token}
        self.slow_seconds = slow_seconds
        self.facebook_posts: list[dict[str, Any]] = []  # the Page's and visitors'
        # post id -> {"reach", "clicks", "reactions": {type: n}} for /insights.
        self.facebook_insights: dict[str, dict[str, Any]] = {}
        # Metrics answered (#100) "invalid metric", as after a deprecation.
        self.facebook_deprecated_metrics: set[str] = set()
        self.clock: Callable[[], float] = time.time
        self.zalo_articles: dict[str, dict[str, Any]] = {}  # verify token -> article
        self.zalo_broadcasts: list[dict[str, Any]] = []
        self._requests: list[RecordedRequest] = []
        self._behaviours: deque[str] = deque()
        self._counter = itertools.count(1)
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.app = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="social-server",
            daemon=True,
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> SocialServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes "slow" handlers
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SocialServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- what tests use ---

    def script(self, *behaviours: str) -> None:
        """Answer the next requests with these behaviours, one each, in order."""
        unknown = set(behaviours) - BEHAVIOURS
        if unknown:
            raise ValueError(f"unknown behaviours: {sorted(unknown)}")
        with self._lock:
            self._behaviours.extend(behaviours)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, method: str, path_suffix: str) -> list[RecordedRequest]:
        return [
            r
            for r in self.requests
            if r.method == method and r.path.endswith(path_suffix)
        ]

    def page_posts(self) -> list[dict[str, Any]]:
        """The posts the Page itself published (not visitors')."""
        with self._lock:
            return [p for p in self.facebook_posts if p["from"]["id"] == self.page_id]

    def add_post(
        self, message: str, *, by: str | None = None, age_seconds: float = 0
    ) -> dict[str, Any]:
        """Put a post on the Page: by the Page itself, or a visitor's (`by`)."""
        with self._lock:
            return self._store_post(message, by=by or self.page_id, age=age_seconds)

    def set_insights(
        self,
        post_id: str,
        *,
        reach: int,
        clicks: int = 0,
        reactions: dict[str, int] | None = None,
    ) -> None:
        """What /{post_id}/insights answers for one of the Page's posts."""
        with self._lock:
            self.facebook_insights[post_id] = {
                "reach": reach,
                "clicks": clicks,
                "reactions": dict(reactions or {}),
            }

    def zalo_broadcasts_delivered(self) -> list[dict[str, Any]]:
        """Broadcasts past moderation, i.e. reaching followers now."""
        now = self.clock()
        with self._lock:
            return [b for b in self.zalo_broadcasts if b["deliver_at"] <= now]

    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        """Block until `condition()` holds (checked after each handled request)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("the social server never reached that state")
                self._changed.wait(remaining)

    # --- request handling (server threads) ---

    def handle(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self._requests.append(request)
            behaviour = self._behaviours.popleft() if self._behaviours else "ok"
            self._changed.notify_all()
        if behaviour == "slow":
            self._stopping.wait(self.slow_seconds)
            behaviour = "ok"
        zalo = request.path in ZALO_PATHS
        if behaviour != "ok":
            return self._misbehave(behaviour, zalo=zalo, request=request)
        with self._lock:
            reply = self._route(request)
            self._changed.notify_all()
        return reply

    def _misbehave(
        self, behaviour: str, *, zalo: bool, request: RecordedRequest
    ) -> Reply:
        platform, _, code = behaviour.partition(":")
        if platform == "graph":
            return self._graph_documented_error(code)
        if platform == "zalo":
            if code == "-14014":
                return 200, _zalo_oauth_error(), {}
            # ZALO_ERROR_TABLE: HTTP 200, {"error": <code>, "message": ...}.
            return 200, {"error": int(code), "message": ZALO_ERRORS[code]}, {}
        if behaviour == "too_many_requests":
            return (
                429,
                {"error": {"message": "Too Many Requests"}},
                {"Retry-After": "7"},
            )
        if behaviour == "server_error":
            return (502 if zalo else 503), b"<html>Service Unavailable</html>", {}
        if behaviour == "expired_token":
            if request.path == "/v4/oa/access_token":
                return 200, _zalo_oauth_error(), {}
            if zalo:
                return 200, {"error": -216, "message": ZALO_ERRORS["-216"]}, {}
            return (
                400,
                _graph_error(
                    190,
                    "Error validating access token: Session has expired.",
                    subcode=463,
                ),
                {},
            )
        # rate_limit
        if zalo:
            return (
                200,
                {"error": -32, "message": "The request exceeded the rate limit"},
                {},
            )
        usage = {
            self.page_id: [
                {
                    "type": "pages",
                    "call_count": 100,
                    "estimated_time_to_regain_access": 2,
                }
            ]
        }
        return (
            400,
            _graph_error(32, "Page request limit reached"),
            {"X-Business-Use-Case-Usage": json.dumps(usage)},
        )

    def _graph_documented_error(self, code: str) -> Reply:
        status, message, subcode, extra = GRAPH_ERRORS[code]
        body = _graph_error(int(code.split("/")[0]), message, subcode=subcode)
        body["error"].update(extra)
        headers: dict[str, str] = {}
        if code in ("4", "17"):
            # RATE_LIMITS: app-level throttling reports X-App-Usage percentages.
            headers["X-App-Usage"] = json.dumps(
                {"call_count": 100, "total_cputime": 40, "total_time": 60}
            )
        if code in ("32", "80001"):
            # RATE_LIMITS: Page tokens are throttled per business use case; the
            # header says when access comes back, in minutes.
            usage = [
                {
                    "type": "pages",
                    "call_count": 100,
                    "total_cputime": 20,
                    "total_time": 30,
                    "estimated_time_to_regain_access": 3,
                }
            ]
            headers["X-Business-Use-Case-Usage"] = json.dumps({self.page_id: usage})
        return status, body, headers

    def _route(self, request: RecordedRequest) -> Reply:
        if request.path in ZALO_PATHS:
            return self._zalo(request)
        refused = self._graph_proof_refused(request)
        if refused is not None:
            return refused
        if GRAPH_DEBUG_TOKEN.match(request.path) and request.method == "GET":
            return self._graph_debug_token(request)
        feed = GRAPH_FEED.match(request.path)
        if feed:
            return self._graph_feed(request, feed["page_id"])
        published = GRAPH_PUBLISHED.match(request.path)
        if published and request.method == "GET":
            return self._graph_published_posts(request, published["page_id"])
        insights = GRAPH_POST_INSIGHTS.match(request.path)
        if insights and request.method == "GET":
            return self._graph_post_insights(request, insights["post_id"])
        post = GRAPH_POST.match(request.path)
        if post and request.method == "GET":
            return self._graph_post(request, post["post_id"])
        return 404, {"error": {"message": "Unknown path", "code": 803}}, {}

    # --- Facebook Graph API ---

    def _graph_token(self, request: RecordedRequest) -> str | None:
        auth = request.headers.get("authorization", "")
        for scheme in ("Bearer ", "OAuth "):
            if auth.startswith(scheme):
                return auth.removeprefix(scheme)
        if request.form and "access_token" in request.form:
            return request.form["access_token"]
        return (request.query.get("access_token") or [None])[0]

    def _graph_feed(self, request: RecordedRequest, page_id: str) -> Reply:
        if self._graph_token(request) != self.facebook_token:
            return 400, _graph_error(190, "Invalid OAuth access token."), {}
        if page_id != self.page_id:
            return 400, _graph_error(100, "Unsupported request: unknown object"), {}
        if request.method == "GET":
            # /feed: the Page's posts AND posts by others on it or tagging it
            # (https://developers.facebook.com/docs/graph-api/reference/page/feed).
            limit = int((request.query.get("limit") or ["25"])[0])
            return 200, {"data": list(reversed(self.facebook_posts))[:limit]}, {}
        form = request.form or {}
        if not form.get("message") and not form.get("link"):
            return 400, _graph_error(100, "(#100) Missing message or attachment"), {}
        message = form.get("message", "")
        if any(p["message"] == message for p in self.page_posts()):
            return self._graph_documented_error("506")
        post = self._store_post(message, by=self.page_id, age=0)
        return 200, {"id": post["id"]}, {}

    def _store_post(self, message: str, *, by: str, age: float) -> dict[str, Any]:
        number = next(self._counter)
        post = {
            "id": f"{self.page_id}_{number}",
            "message": message,
            "permalink_url": f"https://www.facebook.com/{self.page_id}/posts/{number}",
            "created_time": int(self.clock() - age),
            "from": {"id": by},
        }
        self.facebook_posts.append(post)
        self.facebook_posts.sort(key=lambda p: p["created_time"])
        return post

    def _graph_published_posts(self, request: RecordedRequest, page_id: str) -> Reply:
        """The Page's own posts only, newest first, from `since` on, 25 a page with
        cursor paging (https://developers.facebook.com/docs/graph-api/reference/page/published_posts/
        and https://developers.facebook.com/docs/graph-api/results for the cursors)."""
        if self._graph_token(request) != self.facebook_token:
            return 400, _graph_error(190, "Invalid OAuth access token."), {}
        if page_id != self.page_id:
            return 400, _graph_error(100, "Unsupported request: unknown object"), {}
        limit = min(int((request.query.get("limit") or ["25"])[0]), 100)
        since = int((request.query.get("since") or ["0"])[0])
        start = int((request.query.get("after") or ["0"])[0])
        posts = [p for p in reversed(self.page_posts()) if p["created_time"] >= since]
        chunk = posts[start : start + limit]
        body: dict[str, Any] = {"data": chunk}
        if start + limit < len(posts):
            body["paging"] = {
                "cursors": {"before": str(start), "after": str(start + limit)},
                "next": f"{self.url}{request.path}?after={start + limit}",
            }
        return 200, body, {}

    def _graph_post_figures(self, request: RecordedRequest, post_id: str):
        if self._graph_token(request) != self.facebook_token:
            return None, (400, _graph_error(190, "Invalid OAuth access token."), {})
        if not any(p["id"] == post_id for p in self.page_posts()):
            message = f"(#100) Object with ID '{post_id}' does not exist"
            return None, (400, _graph_error(100, message, subcode=33), {})
        return self.facebook_insights.get(
            post_id, {"reach": 0, "clicks": 0, "reactions": {}}
        ), None

    def _graph_post_insights(self, request: RecordedRequest, post_id: str) -> Reply:
        """GET /{post-id}/insights?metric=a,b&period=lifetime (GRAPH_POST_METRICS)."""
        figures, refused = self._graph_post_figures(request, post_id)
        if refused:
            return refused
        asked = [
            m for m in (request.query.get("metric") or [""])[0].split(",") if m.strip()
        ]
        if not asked:
            message = "No metric was specified to be fetched."
            return 400, _graph_error(3001, message, subcode=1504028), {}
        invalid = [
            m
            for m in asked
            if m not in GRAPH_POST_METRICS or m in self.facebook_deprecated_metrics
        ]
        if invalid:
            message = "(#100) The value must be a valid insights metric"
            return 400, _graph_error(100, message), {}
        values = {
            "post_impressions_unique": figures["reach"],
            "post_clicks": figures["clicks"],
            "post_reactions_by_type_total": figures["reactions"],
        }
        data = [
            {
                "name": metric,
                "period": "lifetime",
                "values": [{"value": values[metric]}],
                "title": GRAPH_POST_METRICS[metric],
                "description": GRAPH_POST_METRICS[metric],
                "id": f"{post_id}/insights/{metric}/lifetime",
            }
            for metric in asked
        ]
        return 200, {"data": data}, {}

    def _graph_post(self, request: RecordedRequest, post_id: str) -> Reply:
        """GET /{post-id}?fields=reactions.summary(total_count).limit(0)
        (https://developers.facebook.com/docs/graph-api/reference/object/reactions)."""
        figures, refused = self._graph_post_figures(request, post_id)
        if refused:
            return refused
        body: dict[str, Any] = {"id": post_id}
        if "reactions" in (request.query.get("fields") or [""])[0]:
            total = sum(figures["reactions"].values())
            body["reactions"] = {"data": [], "summary": {"total_count": total}}
        return 200, body, {}

    def _graph_proof_refused(self, request: RecordedRequest) -> Reply | None:
        """With "Require App Secret" on, each call needs appsecret_proof =
        HMAC-SHA256(app secret, access token)
        (https://developers.facebook.com/docs/graph-api/guides/secure-requests);
        the error texts are Graph's as quoted in
        https://github.com/markbates/goth/issues/96 and
        https://github.com/Kdyby/Facebook/pull/22."""
        if not self.require_appsecret_proof:
            return None
        token = self._graph_token(request) or ""
        proof = (request.form or {}).get("appsecret_proof") or (
            request.query.get("appsecret_proof") or [""]
        )[0]
        if not proof:
            message = "API calls from the server require an appsecret_proof argument"
            return 400, _graph_error(100, message), {}
        expected = hmac.new(
            self.facebook_app_secret.encode(), token.encode(), hashlib.sha256
        ).hexdigest()
        if not hmac.compare_digest(proof, expected):
            message = "Invalid appsecret_proof provided in the API argument"
            return 400, _graph_error(100, message), {}
        return None

    def _graph_debug_token(self, request: RecordedRequest) -> Reply:
        """An app token or an app developer's user token must make the call
        (https://developers.facebook.com/docs/graph-api/reference/debug_token, and
        https://hexdocs.pm/facebook_updated/Facebook-function-debug_token.html which
        quotes that requirement); a Page token inspecting itself gets (#100)."""
        if self._graph_token(request) != (
            f"{self.facebook_app_id}|{self.facebook_app_secret}"
        ):
            message = (
                "(#100) You must provide an app access token, or a user access token "
                "that is an owner or developer of the app"
            )
            return 400, _graph_error(100, message), {}
        input_token = (request.query.get("input_token") or [""])[0]
        valid = input_token == self.facebook_token
        data = {
            "app_id": self.facebook_app_id,
            "type": "PAGE",
            "profile_id": self.page_id,
            "is_valid": valid,
            "expires_at": self.facebook_token_expires_at if valid else 0,
            "data_access_expires_at": self.facebook_data_access_expires_at,
            "scopes": ["pages_manage_posts", "pages_read_engagement"] if valid else [],
        }
        return 200, {"data": data}, {}

    # --- Zalo OA ---

    def _zalo(self, request: RecordedRequest) -> Reply:
        if request.path == "/v4/oa/access_token":
            return self._zalo_refresh(request)
        if request.headers.get("access_token") not in self.zalo_access_tokens:
            return 200, {"error": -216, "message": "Access token is invalid"}, {}
        body = request.json if isinstance(request.json, dict) else {}
        if request.path == "/v2.0/article/getslice":
            return self._zalo_article_list(request)
        if request.path == "/v2.0/article/create":
            required = ("type", "title", "author", "cover", "description", "body")
            if any(not body.get(field) for field in required):
                return 200, _zalo_invalid_params(), {}
            # ZALO_ARTICLE_CREATE: create answers a token; the article is processed
            # asynchronously and verify gives its id once done (-214 until then,
            # ZALO_ERROR_TABLE).
            number = next(self._counter)
            token = f"article-token-{number}"
            self.zalo_articles[token] = {
                **body,
                "id": f"article-{number}",
                "processing": self.zalo_verify_processing,
                "create_date": int(self.clock() * 1000),
            }
            return 200, _zalo_ok({"token": token}), {}
        if request.path == "/v2.0/article/verify":
            article = self.zalo_articles.get(body.get("token", ""))
            if article is None:
                return 200, _zalo_invalid_params(), {}
            if article["processing"] > 0:
                article["processing"] -= 1
                return 200, {"error": -214, "message": ZALO_ERRORS["-214"]}, {}
            return 200, _zalo_ok({"id": article["id"]}), {}
        # broadcast
        try:
            element = body["message"]["attachment"]["payload"]["elements"][0]
            target = body["recipient"]["target"]
        except (KeyError, IndexError, TypeError):
            return 200, _zalo_invalid_params(), {}
        known = {a["id"] for a in self.zalo_articles.values()}
        if (
            element.get("media_type") != "article"
            or element.get("attachment_id") not in known
        ):
            return 200, _zalo_invalid_params(), {}
        # A broadcast is accepted at once (message_id) but reaches followers only
        # after Zalo's moderation; the answer does not wait for it
        # (ZALO_ERROR_TABLE's broadcast section; no official page in the store).
        message_id = f"broadcast-{next(self._counter)}"
        self.zalo_broadcasts.append(
            {
                "message_id": message_id,
                "article_id": element["attachment_id"],
                "target": target,
                "deliver_at": self.clock() + self.zalo_moderation_seconds,
            }
        )
        return 200, _zalo_ok({"message_id": message_id}), {}

    def _zalo_article_list(self, request: RecordedRequest) -> Reply:
        """ZALO_ARTICLE_LIST: the OA's articles, newest first, `limit` (at most 10,
        ZALO_ARTICLE_LIMITS) from `offset`, of one `type`."""
        try:
            offset = int((request.query.get("offset") or ["0"])[0])
            limit = int((request.query.get("limit") or ["10"])[0])
        except ValueError:
            return 200, _zalo_invalid_params(), {}
        kind = (request.query.get("type") or ["normal"])[0]
        if offset < 0 or not 1 <= limit <= 10 or kind not in ("normal", "video"):
            return 200, _zalo_invalid_params(), {}
        articles = [a for a in self.zalo_articles.values() if a.get("type") == kind]
        articles.sort(key=lambda a: a["create_date"], reverse=True)
        medias = [
            {
                "id": a["id"],
                "type": a["type"],
                "title": a.get("title", ""),
                "description": a.get("description", ""),
                "status": a.get("status", "show"),
                "create_date": a["create_date"],
            }
            for a in articles[offset : offset + limit]
        ]
        return 200, _zalo_ok({"medias": medias, "total": len(articles)}), {}

    def _zalo_refresh(self, request: RecordedRequest) -> Reply:
        form = request.form or {}
        if (
            request.headers.get("secret_key") != self.zalo_secret_key
            or form.get("app_id") != self.zalo_app_id
            or form.get("grant_type") != "refresh_token"
        ):
            return (
                200,
                {
                    "error": -14002,
                    "error_name": "Invalid app",
                    "error_description": "Ứng dụng không hợp lệ",
                },
                {},
            )
        if form.get("refresh_token") != self.zalo_refresh_token:
            return 200, _zalo_oauth_error(), {}
        access_token = f"zalo-access-{secrets.token_hex(8)}"
        # Rotation (ZALO_REFRESH): "Refresh token chỉ có thể sử dụng 1 lần", so the
        # refresh token just used is dead from now on, even if this reply is lost.
        self.zalo_refresh_token = f"zalo-refresh-{secrets.token_hex(8)}"
        self.zalo_access_tokens.add(access_token)
        pair = {
            "access_token": access_token,
            "refresh_token": self.zalo_refresh_token,
            "expires_in": "90000",  # Zalo sends it as a string
        }
        return 200, pair, {}


def _graph_error(
    code: int, message: str, *, subcode: int | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AbCdEf123",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


def _zalo_ok(data: dict[str, Any]) -> dict[str, Any]:
    return {"error": 0, "message": "Success", "data": data}


def _zalo_invalid_params() -> dict[str, Any]:
    return {"error": -201, "message": "Parameters are invalid"}


def _zalo_oauth_error() -> dict[str, Any]:
    return {
        "error": -14014,
        "error_name": "Invalid refresh token",
        "error_reason": "Refresh token is invalid or has been used",
        "error_description": "Refresh token không hợp lệ hoặc đã được sử dụng",
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    app: SocialServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out has hung up before a "slow" answer: expected.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def _serve(self) -> None:
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        content_type = self.headers.get("Content-Type", "")
        form = None
        parsed_json = None
        if content_type.startswith("application/x-www-form-urlencoded"):
            form = {
                key: values[-1]
                for key, values in parse_qs(
                    body.decode(), keep_blank_values=True
                ).items()
            }
        elif content_type.startswith("application/json"):
            parsed_json = json.loads(body or b"null")
        request = RecordedRequest(
            method=self.command,
            path=split.path,
            target=self.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
            form=form,
            json=parsed_json,
        )
        status, payload, headers = self.server.app.handle(request)
        if isinstance(payload, bytes):
            data, content = payload, "text/html"
        else:
            data, content = json.dumps(payload).encode(), "application/json"
        self.send_response(status)
        self.send_header("Content-Type", content)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


@contextmanager
def social_server(**options: Any) -> Iterator[SocialServer]:
    """Start a SocialServer for the duration of a `with` block (or a fixture)."""
    server = SocialServer(**options)
    with server:
        yield server


if __name__ == "__main__":
    # The demo's channels (channels/demo.py) hold this server's ids and tokens: run
    # `python -m tests.support.social_servers [port]` beside `make run` and point
    # FACEBOOK_GRAPH_URL, ZALO_OPENAPI_URL and ZALO_OAUTH_URL at it (README).
    running = SocialServer(port=int(sys.argv[1]) if len(sys.argv) > 1 else 8765)
    running.start()
    print(f"Graph API and Zalo OA stand-in on {running.url} (Ctrl-C stops it)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        running.stop()
