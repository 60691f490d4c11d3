"""Issue #19: the outbox of #6 against the documented error mix, with two real workers.

500 campaign posts, each with a Facebook and a Zalo delivery (1,000 deliveries), go
live in one sweep. The local server (tests/support/social_servers.py) answers as the
platforms document, and on top of that:

- 10% of the deliveries are rate-limited on their first call: Facebook HTTP 429 with
  Retry-After: 7, Zalo error -32;
- 5% (the Zalo articles among them) are still being processed: verify answers -214
  twice before giving the id;
- 1% are duplicates: Facebook creates the post but the answer is lost (HTTP 503), so
  the next attempt is answered #506 and must be resolved to the existing post.

Retries back off from 1 s. Checked: every delivery "sent", each Page post, each Zalo
article and each broadcast exists exactly once, and #506 ids are the existing posts'.
"""

import time
from collections import Counter
from pathlib import Path

from benchmarks.campaigns_outbox import (
    TIMEOUT_SECONDS,
    marker_of,
    occurrence,
    office_unit,
    point_celery_at_redis,
    posts_bulk_create,
    workers,
)
from benchmarks.support import bench_database, redis_url, require

POSTS = 500
RATE_LIMITED, PROCESSING, DUPLICATE = 0.10, 0.05, 0.01


def chosen(items: list, share: float, *, offset: int = 0) -> set:
    step = round(1 / share)
    return {item for n, item in enumerate(items) if (n + offset) % step == 0}


def error_mix(server, *, limited: set, processing: set, duplicate: set) -> Counter:
    """Wrap the server's handler with the mix; returns live counts of what it did."""
    done: Counter = Counter()
    seen: set = set()
    normal = server.handle

    def first(tag: str, key: str) -> bool:
        with server._lock:
            if (tag, key) in seen:
                return False
            seen.add((tag, key))
            return True

    def handle(request):
        if request.method == "POST" and request.path.endswith("/feed"):
            key = marker_of((request.form or {}).get("message", ""))
            if key in limited and first("limit", key):
                done["facebook 429"] += 1
                with server._lock:
                    server._requests.append(request)
                return (
                    429,
                    {"error": {"message": "Too Many Requests"}},
                    {"Retry-After": "7"},
                )
            if key in duplicate and first("dup", key):
                normal(request)  # the post is made; its answer is lost
                done["facebook post made, answer lost"] += 1
                return 503, b"<html>Service Unavailable</html>", {}
            status, body, headers = normal(request)
            if isinstance(body, dict) and (body.get("error") or {}).get("code") == 506:
                done["facebook #506"] += 1
            return status, body, headers
        if request.path == "/v2.0/article/create":
            title = (request.json or {}).get("title", "")
            if title in limited and first("limit", title):
                done["zalo -32"] += 1
                with server._lock:
                    server._requests.append(request)
                return 200, {"error": -32, "message": "rate limit"}, {}
            reply = normal(request)
            if title in processing:
                token = reply[1].get("data", {}).get("token")
                with server._lock:
                    if token in server.zalo_articles:
                        server.zalo_articles[token]["processing"] = 2
            return reply
        reply = normal(request)
        if request.path == "/v2.0/article/verify" and reply[1].get("error") == -214:
            done["zalo -214"] += 1
        return reply

    server.handle = handle
    return done


def channels_for(server):
    from channels.models import SocialChannel
    from channels.services.credentials import social_channel_save

    facebook = social_channel_save(
        channel=SocialChannel(
            unit=office_unit(),
            kind=SocialChannel.Kind.FACEBOOK, name="Trang Facebook (benchmark)",
            page_id=server.page_id,
        ),
        access_token=server.facebook_token,
    )  # fmt: skip
    zalo = social_channel_save(
        channel=SocialChannel(
            unit=office_unit(),
            kind=SocialChannel.Kind.ZALO, name="Zalo OA (benchmark)",
            app_id=server.zalo_app_id, cover_url="https://congdoan.example.vn/a.jpg",
        ),
        access_token="zalo-access-1", refresh_token="zalo-refresh-1",
        app_secret=server.zalo_secret_key,
    )  # fmt: skip
    return facebook, zalo


def run() -> list[tuple[str, str]]:
    import tempfile
    from datetime import timedelta

    from django.utils import timezone

    from campaigns.models import CampaignPost
    from channels.models import Delivery
    from channels.tasks import deliveries_due_send
    from publishing.models import Status
    from publishing.workflow import publishing_sweep
    from tests.support.social_servers import social_server

    redis_url()
    with bench_database(__name__) as database, tempfile.TemporaryDirectory() as logs:
        point_celery_at_redis()
        with social_server() as server:
            facebook, zalo = channels_for(server)
            posts = posts_bulk_create(
                count=POSTS, occurrence=occurrence(), channels=[facebook, zalo],
                status=Status.SCHEDULED, publish_at=timezone.now() + timedelta(days=1),
            )  # fmt: skip
            deliveries = list(
                Delivery.objects.prefetch_related("target").order_by("pk")
            )
            total = len(deliveries)
            zalo_titles = [
                d.target.title for d in deliveries if d.channel_id == zalo.pk
            ]
            fb_keys = [
                d.idempotency_key for d in deliveries if d.channel_id == facebook.pk
            ]
            # 10% of each platform's deliveries (Zalo titles identify its articles).
            limited = chosen(fb_keys, RATE_LIMITED) | chosen(
                zalo_titles, RATE_LIMITED, offset=5
            )
            # 5% of all deliveries, all Zalo (half the deliveries): 10% of Zalo's.
            processing = chosen(zalo_titles, PROCESSING * 2, offset=3)
            # 1% of all deliveries, all Facebook: 2% of Facebook's.
            duplicate = chosen(fb_keys, DUPLICATE * 2, offset=7) - limited
            done = error_mix(
                server, limited=limited, processing=processing, duplicate=duplicate
            )
            with workers(database=database, server=server, count=2, log_dir=Path(logs)):
                start = time.monotonic()
                CampaignPost.objects.filter(pk__in=[p.pk for p in posts]).update(
                    publish_at=timezone.now()
                )
                publishing_sweep()
                last_wake = 0.0
                while time.monotonic() - start < TIMEOUT_SECONDS:
                    sent = Delivery.objects.filter(status=Delivery.Status.SENT).count()
                    if sent == total:
                        break
                    if time.monotonic() - last_wake >= 1.0:
                        deliveries_due_send.delay()  # what beat does every minute
                        last_wake = time.monotonic()
                    time.sleep(0.05)
                elapsed = time.monotonic() - start
            statuses = Counter(Delivery.objects.values_list("status", flat=True))
            per_marker = Counter(marker_of(p["message"]) for p in server.page_posts())
            per_title = Counter(a["title"] for a in server.zalo_articles.values())
            per_article = Counter(b["article_id"] for b in server.zalo_broadcasts)
            stored = set(
                Delivery.objects.filter(channel=facebook).values_list(
                    "external_id", flat=True
                )
            )
            max_attempts = max(Delivery.objects.values_list("attempts", flat=True))
    exactly_once = (
        statuses.get(Delivery.Status.SENT) == total
        and len(per_marker) == POSTS
        and set(per_marker.values()) == {1}
        and len(per_title) == POSTS
        and set(per_title.values()) == {1}
        and len(per_article) == POSTS
        and set(per_article.values()) == {1}
        and stored == {p["id"] for p in server.page_posts()}
    )
    require(
        done["facebook #506"] == len(duplicate),
        f"every duplicate answered #506 ({done})",
    )
    require(
        exactly_once, f"every delivery sent exactly once (statuses {dict(statuses)})"
    )
    return [
        ("setup", f"{POSTS} posts × (Facebook + Zalo) = {total:,} deliveries, "
                  "2 workers × concurrency 1, retry base 1 s"),
        ("error mix", f"{len(limited)} rate-limited ({len(limited) / total:.0%}), "
                      f"{len(processing)} processing ({len(processing) / total:.0%}), "
                      f"{len(duplicate)} duplicate ({len(duplicate) / total:.0%})"),
        ("answers given", ", ".join(f"{k}: {v}" for k, v in sorted(done.items()))),
        ("all sent in (time to drain)", f"{elapsed:.1f} s"),
        ("throughput", f"{total / elapsed:.0f} deliveries/s"),
        ("exactly once (posts, articles, broadcasts, #506 ids)", str(exactly_once)),
        ("most attempts of one delivery", str(max_attempts)),
    ]  # fmt: skip
