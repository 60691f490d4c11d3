"""Issue #6: throughput of the social delivery outbox with two real Celery workers.

1,000 campaign posts, each with one Facebook delivery, go live in one sweep of the
harness; two worker processes (concurrency 1 each, PostgreSQL + Redis) send them to a
local Graph API server (tests/support/social_servers.py) that answers HTTP 503 to the
first attempt of 10% of them. The harness stands in for beat, waking the delivery sweep
every second; retries back off from 1 s (CAMPAIGNS_RETRY_BASE_SECONDS=1). Checked at
the end: every delivery "sent", and the server holds each post exactly once.
"""

import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from benchmarks.support import Skip, bench_database, database_url, redis_url, require

POSTS = 1_000
FAIL_SHARE = 0.10
TIMEOUT_SECONDS = 600


def marker_of(message: str) -> str:
    return message.rsplit("(mã tin ", 1)[-1].rstrip(")")


def fail_once(server, fail_keys: set[str]) -> set[str]:
    """Make `server` answer HTTP 503 to the first feed POST of each delivery whose
    idempotency key is in `fail_keys`; returns the keys failed so far (live)."""
    failed: set[str] = set()
    normal = server.handle

    def handle(request):
        if request.method == "POST" and request.path.endswith("/feed"):
            key = marker_of((request.form or {}).get("message", ""))
            with server._lock:
                if key in fail_keys and key not in failed:
                    failed.add(key)
                    server._requests.append(request)
                    return 503, b"<html>Service Unavailable</html>", {}
        return normal(request)

    server.handle = handle  # the request handler calls server.handle(request)
    return failed


def point_celery_at_redis() -> None:
    """The harness keeps tasks in memory; these benchmarks talk to real workers."""
    from unionportal.celery import app

    app.conf.broker_url = redis_url()
    app.conf.broker_transport_options = {}
    app.control.purge()


@contextmanager
def workers(*, database: str, server, count: int, log_dir: Path):
    """`count` Celery worker processes (concurrency 1) on the bench database."""
    from django.conf import settings

    from tests.support import processes

    env = processes.test_database_env()
    env.update(
        DATABASE_URL=database_url(database),
        REDIS_URL=redis_url(),
        DJANGO_ENV="test",
        DJANGO_SETTINGS_MODULE="tests.campaigns.worker_settings",
        FACEBOOK_GRAPH_URL=server.url,
        ZALO_OPENAPI_URL=server.url,
        ZALO_OAUTH_URL=server.url,
        CAMPAIGNS_RETRY_BASE_SECONDS="1",
    )
    started = []
    try:
        for n in range(count):
            started.append(
                processes.start(
                    [
                        processes.CELERY,
                        "-A",
                        "unionportal",
                        "worker",
                        "--loglevel=WARNING",
                        "--concurrency=1",
                        "-n",
                        f"bench{n}@%h",
                        "--without-gossip",
                        "--without-mingle",
                        "-Q",
                        settings.CELERY_TASK_DEFAULT_QUEUE,
                    ],
                    env=env,
                    log=log_dir / f"worker{n}.log",
                )  # fmt: skip
            )
        wait_for_workers(count)
        yield started
    finally:
        for process in started:
            processes.stop(process)


def wait_for_workers(count: int, timeout: float = 60) -> None:
    from unionportal.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if len(replies) >= count:
            return
    raise Skip(f"{count} Celery workers did not answer within {timeout:g} s")


def office_unit():
    """The office's own unit, which the benchmark's channels belong to (#14)."""
    from units.models import Unit
    from units.services import unit_save

    office = Unit.objects.filter(kind=Unit.Kind.OFFICE).first()
    return office or unit_save(
        unit=Unit(name="Công đoàn ĐHQG-HCM (benchmark)", kind=Unit.Kind.OFFICE)
    )


def channel_for(server):
    from channels.models import SocialChannel
    from channels.services.credentials import social_channel_save

    return social_channel_save(
        channel=SocialChannel(
            unit=office_unit(),
            kind=SocialChannel.Kind.FACEBOOK, name="Trang Facebook (benchmark)",
            page_id=server.page_id,
        ),
        access_token=server.facebook_token,
    )  # fmt: skip


def occurrence():
    import datetime

    from campaigns.models import Campaign, KeyDate, Occurrence

    key_date = KeyDate.objects.get(slug="ngay-thanh-lap-cong-doan-viet-nam")
    campaign = Campaign.objects.create(
        key_date=key_date, name="Benchmark", first_year=2026
    )
    return Occurrence.objects.create(
        campaign=campaign, year=2026, date=datetime.date(2026, 7, 28)
    )


def posts_bulk_create(*, count: int, occurrence, channels, status, publish_at):
    """Campaign posts with their (waiting) deliveries, in bulk."""
    from campaigns.models import CampaignPost
    from channels.models import Delivery

    posts = CampaignPost.objects.bulk_create(
        CampaignPost(
            occurrence=occurrence, title=f"Bài chiến dịch số {n}",
            slug=f"bai-chien-dich-so-{n}", body="<p>Chào mừng ngày Công đoàn.</p>",
            summary="Chào mừng ngày Công đoàn.", status=status,
            publish_at=publish_at(n) if callable(publish_at) else publish_at,
        )
        for n in range(count)
    )  # fmt: skip
    Delivery.objects.bulk_create(
        Delivery(target=post, channel=channel) for post in posts for channel in channels
    )
    return posts


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
            channel = channel_for(server)
            posts = posts_bulk_create(
                count=POSTS, occurrence=occurrence(), channels=[channel],
                status=Status.SCHEDULED, publish_at=timezone.now() + timedelta(days=1),
            )  # fmt: skip
            deliveries = list(Delivery.objects.order_by("pk"))
            fail_keys = {
                d.idempotency_key for d in deliveries[:: round(1 / FAIL_SHARE)]
            }
            failed = fail_once(server, fail_keys)
            with workers(database=database, server=server, count=2, log_dir=Path(logs)):
                start = time.monotonic()
                CampaignPost.objects.filter(pk__in=[p.pk for p in posts]).update(
                    publish_at=timezone.now()
                )
                publishing_sweep()  # publishes all; the signal releases 1,000 sends
                last_wake = 0.0
                while time.monotonic() - start < TIMEOUT_SECONDS:
                    sent = Delivery.objects.filter(status=Delivery.Status.SENT).count()
                    if sent == POSTS:
                        break
                    if time.monotonic() - last_wake >= 1.0:
                        deliveries_due_send.delay()  # what beat does every minute
                        last_wake = time.monotonic()
                    time.sleep(0.05)
                elapsed = time.monotonic() - start
            statuses = Counter(Delivery.objects.values_list("status", flat=True))
            per_marker = Counter(marker_of(p["message"]) for p in server.facebook_posts)
            feed_posts = len(server.requests_to("POST", "/feed"))
            max_attempts = max(Delivery.objects.values_list("attempts", flat=True))
    exactly_once = (
        statuses.get(Delivery.Status.SENT) == POSTS
        and len(per_marker) == POSTS
        and set(per_marker.values()) == {1}
    )
    require(
        len(failed) == len(fail_keys), "the server failed every chosen delivery once"
    )
    require(
        exactly_once, f"every delivery sent exactly once (statuses {dict(statuses)})"
    )
    return [
        ("setup", f"{POSTS:,} Facebook deliveries, 2 workers × concurrency 1, "
                  f"{len(fail_keys)} fail once (HTTP 503), retry after 1 s"),
        ("all sent in", f"{elapsed:.1f} s"),
        ("throughput", f"{POSTS / elapsed:.0f} deliveries/s"),
        ("feed POSTs seen by the server", f"{feed_posts:,} (= {POSTS:,} + {len(fail_keys)} failed first tries)"),
        ("posts on the Page", f"{sum(per_marker.values()):,}, each delivery exactly once: {exactly_once}"),
        ("most attempts of one delivery", str(max_attempts)),
    ]  # fmt: skip
