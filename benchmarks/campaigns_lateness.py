"""Issue #6: lateness of scheduled campaign posts with a real worker.

100 campaign posts are scheduled 20-70 s ahead (one every 0.5 s), each with a Facebook
and a Zalo OA delivery. The harness does what beat does once a minute: it runs the
delivery sweep's first step, campaigns.services.posts.campaign_posts_publish_soon, which
lines up an ETA task at each due time. One Celery worker (concurrency 2, PostgreSQL +
Redis) publishes the posts through publishing's shared sweep and sends the released
deliveries to a local Graph API / Zalo OA server (tests/support/social_servers.py).
Lateness of a post = when it was seen live on the site (the harness polls every 20 ms)
or when its last delivery was stored as sent, minus its due time (publish_at).
"""

import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.campaigns_outbox import (
    channel_for,
    occurrence,
    office_unit,
    point_celery_at_redis,
    posts_bulk_create,
    workers,
)
from benchmarks.support import bench_database, percentile, redis_url, require

POSTS = 100
FIRST_DUE_SECONDS = 20
SPACING_SECONDS = 0.5
POLL_SECONDS = 0.02


def run() -> list[tuple[str, str]]:
    from django.utils import timezone

    from campaigns.models import CampaignPost
    from campaigns.services.posts import campaign_posts_publish_soon
    from channels.models import Delivery, SocialChannel
    from channels.services.credentials import social_channel_save
    from publishing.models import Status
    from tests.support.social_servers import social_server

    redis_url()
    load_before = os.getloadavg()[0]
    with bench_database(__name__) as database, tempfile.TemporaryDirectory() as logs:
        point_celery_at_redis()
        with social_server() as server:
            facebook = channel_for(server)
            zalo = social_channel_save(
                channel=SocialChannel(
                    unit=office_unit(),
                    kind=SocialChannel.Kind.ZALO, name="Zalo OA (benchmark)",
                    app_id=server.zalo_app_id, cover_url="https://example.vn/bia.jpg",
                ),
                access_token="zalo-access-1", refresh_token="zalo-refresh-1",
                app_secret=server.zalo_secret_key,
            )  # fmt: skip
            with workers(database=database, server=server, count=1, log_dir=Path(logs)):
                base = timezone.now() + timedelta(seconds=FIRST_DUE_SECONDS)
                posts = posts_bulk_create(
                    count=POSTS, occurrence=occurrence(), channels=[facebook, zalo],
                    status=Status.SCHEDULED,
                    publish_at=lambda n: base + timedelta(seconds=n * SPACING_SECONDS),
                )  # fmt: skip
                # Beat's tick: 75 s ahead, so all 100 are lined up by this one call.
                lined_up = campaign_posts_publish_soon()
                due = {p.pk: p.publish_at for p in posts}
                live_at: dict[int, float] = {}
                deadline = (
                    time.time() + FIRST_DUE_SECONDS + POSTS * SPACING_SECONDS + 120
                )
                while time.time() < deadline:
                    now = time.time()
                    for pk in (
                        CampaignPost.objects.filter(status=Status.PUBLISHED)
                        .exclude(pk__in=list(live_at))
                        .values_list("pk", flat=True)
                    ):
                        live_at[pk] = now
                    sent = Delivery.objects.filter(status=Delivery.Status.SENT).count()
                    if len(live_at) == POSTS and sent == 2 * POSTS:
                        break
                    time.sleep(POLL_SECONDS)
            last_sent = {}
            for post_id, sent_at in Delivery.objects.values_list(
                "object_id", "sent_at"
            ):
                if sent_at is not None:
                    last_sent[post_id] = max(sent_at, last_sent.get(post_id, sent_at))
            facebook_posts = len(server.facebook_posts)
            broadcasts = len(server.zalo_broadcasts)
    require(len(live_at) == POSTS, f"all posts published ({len(live_at)}/{POSTS})")
    require(len(last_sent) == POSTS, f"all deliveries sent ({len(last_sent)} posts)")
    site = [live_at[pk] - due[pk].timestamp() for pk in due]
    channels = [(last_sent[pk] - due[pk]).total_seconds() for pk in due]

    def ms(value):
        return f"{value * 1000:.0f} ms"

    return [
        ("setup", f"{POSTS} posts × (Facebook + Zalo), 1 worker × concurrency 2, "
                  f"{lined_up} ETA sweeps lined up; {os.cpu_count()} CPUs, load "
                  f"average before {load_before:.1f}"),
        ("due -> live on the site, p50", ms(percentile(site, 50))),
        ("due -> live on the site, max", ms(max(site))),
        ("due -> sent to both channels, p50", ms(percentile(channels, 50))),
        ("due -> sent to both channels, max", ms(max(channels))),
        ("sent exactly once", f"{facebook_posts} Page posts, {broadcasts} Zalo broadcasts"),
    ]  # fmt: skip
