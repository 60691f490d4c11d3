"""A real local HTTP server speaking enough Graph API and Zalo OA for channel tests."""

# The default credentials are the fake server's own, not secrets.
# ruff: noqa: S107

from __future__ import annotations

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

BEHAVIOURS = frozenset(
    {"ok", "rate_limit", "too_many_requests", "expired_token", "server_error", "slow"}
)
GRAPH_FEED = re.compile(r"^/v\d+\.\d+/(?P<page_id>[^/]+)/feed$")
GRAPH_DEBUG_TOKEN = re.compile(r"^/v\d+\.\d+/debug_token$")
ZALO_PATHS = {
    "/v2.0/article/create",
    "/v2.0/article/verify",
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
    - "expired_token": Graph error 190; Zalo error -124 (-14014 on the OAuth endpoint);
    - "server_error": HTTP 503 (Graph) or 502 (Zalo) with a non-JSON body;
    - "slow": wait `slow_seconds` (2 s by default), then answer normally, so a client
      with a shorter timeout gives up while the server still acts on the request.
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
        slow_seconds: float = 2.0,
    ) -> None:
        self.page_id = page_id
        self.facebook_token = facebook_token
        self.facebook_token_expires_at = facebook_token_expires_at
        self.zalo_app_id = zalo_app_id
        self.zalo_secret_key = zalo_secret_key
        self.zalo_refresh_token = zalo_refresh_token
        self.zalo_access_tokens = {zalo_access_token}
        self.slow_seconds = slow_seconds
        self.facebook_posts: list[dict[str, str]] = []
        self.zalo_articles: dict[str, dict[str, Any]] = {}  # verify token -> article
        self.zalo_broadcasts: list[dict[str, Any]] = []
        self._requests: list[RecordedRequest] = []
        self._behaviours: deque[str] = deque()
        self._counter = itertools.count(1)
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
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
                return 200, {"error": -124, "message": "Access token has expired"}, {}
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

    def _route(self, request: RecordedRequest) -> Reply:
        if request.path in ZALO_PATHS:
            return self._zalo(request)
        if GRAPH_DEBUG_TOKEN.match(request.path) and request.method == "GET":
            return self._graph_debug_token(request)
        feed = GRAPH_FEED.match(request.path)
        if feed:
            return self._graph_feed(request, feed["page_id"])
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
            limit = int((request.query.get("limit") or ["25"])[0])
            return 200, {"data": list(reversed(self.facebook_posts))[:limit]}, {}
        form = request.form or {}
        if not form.get("message") and not form.get("link"):
            return 400, _graph_error(100, "(#100) Missing message or attachment"), {}
        number = next(self._counter)
        post = {
            "id": f"{self.page_id}_{number}",
            "message": form.get("message", ""),
            "permalink_url": f"https://www.facebook.com/{self.page_id}/posts/{number}",
        }
        self.facebook_posts.append(post)
        return 200, {"id": post["id"]}, {}

    def _graph_debug_token(self, request: RecordedRequest) -> Reply:
        if self._graph_token(request) != self.facebook_token:
            return 400, _graph_error(190, "Invalid OAuth access token."), {}
        input_token = (request.query.get("input_token") or [""])[0]
        valid = input_token == self.facebook_token
        data = {
            "type": "PAGE",
            "profile_id": self.page_id,
            "is_valid": valid,
            "expires_at": self.facebook_token_expires_at if valid else 0,
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
        if request.path == "/v2.0/article/create":
            required = ("type", "title", "author", "cover", "description", "body")
            if any(not body.get(field) for field in required):
                return 200, _zalo_invalid_params(), {}
            number = next(self._counter)
            token = f"article-token-{number}"
            self.zalo_articles[token] = {**body, "id": f"article-{number}"}
            return 200, _zalo_ok({"token": token}), {}
        if request.path == "/v2.0/article/verify":
            article = self.zalo_articles.get(body.get("token", ""))
            if article is None:
                return 200, _zalo_invalid_params(), {}
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
        message_id = f"broadcast-{next(self._counter)}"
        self.zalo_broadcasts.append(
            {
                "message_id": message_id,
                "article_id": element["attachment_id"],
                "target": target,
            }
        )
        return 200, _zalo_ok({"message_id": message_id}), {}

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
        # Rotation: the refresh token just used is dead from now on.
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
