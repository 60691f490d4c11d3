"""The outcome table of channels.clients, tested row by row against the local server.

The rows are read from the module's docstring, so the table people read is the table
that is tested: each documented answer is produced by the server, the client must
classify it as the row says, and the outbox must then do what the outcome means.
"""

import re

import pytest
from django.utils import timezone

import channels.clients
from channels.clients import (
    ChannelError,
    FacebookPageClient,
    Outcome,
    Post,
    ZaloOAClient,
    idempotency_marker,
)
from channels.models import Delivery, SocialChannel
from channels.services.outbox import delivery_send
from tests.campaigns.factories import SocialChannelFactory
from tests.channels.test_outbox import published_post
from tests.support.social_servers import BEHAVIOURS

ROW = re.compile(
    r"^\s*\|\s*(?P<platform>facebook|zalo)\s*\|\s*(?P<answer>[^|]+?)\s*\|"
    r"\s*(?P<server>[^|\s]+)\s*\|\s*(?P<outcome>\w+)\s*\|\s*$"
)
TABLE = [
    match.groupdict()
    for line in channels.clients.__doc__.splitlines()
    if (match := ROW.match(line))
]
IDS = [f"{row['platform']}-{row['server']}" for row in TABLE]
POST = Post(
    title="Tin công đoàn",
    message="Nội dung.",
    link="https://congdoan.example.vn/tin",
    idempotency_key="outcome-1",
    image_url="https://congdoan.example.vn/media/a.jpg",
)
# Where in Zalo's sequence (create, verify, broadcast) an answer really comes.
ZALO_BEFORE = {"zalo:-214": ("ok",), "zalo:-211": ("ok", "ok")}


def test_the_table_covers_every_decided_outcome_and_known_behaviours():
    assert len(TABLE) >= 30
    assert {row["outcome"] for row in TABLE} == {o.value for o in Outcome}
    assert {row["server"] for row in TABLE} <= BEHAVIOURS
    for code in ("341", "368", "506", "190"):
        assert f"graph:{code}" in {row["server"] for row in TABLE}
    for code in ("-214", "-216", "-220", "-211", "-240"):
        assert f"zalo:{code}" in {row["server"] for row in TABLE}


def _client_call(row, server):
    if row["platform"] == "facebook":
        client = FacebookPageClient(
            server.page_id, server.facebook_token, base_url=server.url, timeout=0.3
        )
        return client, lambda: client.publish(POST)
    client = ZaloOAClient(
        "zalo-access-1",
        base_url=server.url,
        oauth_url=server.url,
        app_id=server.zalo_app_id,
        secret_key=server.zalo_secret_key,
        refresh_token="zalo-refresh-1",
        author="Công đoàn",
        timeout=0.3,
    )
    if row["server"] == "zalo:-14014":
        return client, client.refresh_access_token
    return client, lambda: client.create_article(POST)


@pytest.mark.parametrize("row", TABLE, ids=IDS)
def test_the_client_classifies_the_documented_answer(row, server):
    server.script(row["server"])
    client, call = _client_call(row, server)
    try:
        with pytest.raises(ChannelError) as caught:
            call()
    finally:
        client.close()
    assert caught.value.outcome == Outcome(row["outcome"])
    assert caught.value.message  # a reason in Vietnamese for the admin


def _channel(row, server):
    if row["platform"] == "facebook":
        return SocialChannelFactory(
            name="Trang", page_id=server.page_id, access_token=server.facebook_token
        )
    return SocialChannelFactory(
        name="Zalo", kind=SocialChannel.Kind.ZALO, page_id="",
        app_id=server.zalo_app_id, access_token="zalo-access-1",
        refresh_token="zalo-refresh-1", app_secret=server.zalo_secret_key,
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("row", TABLE, ids=IDS)
def test_the_outbox_does_what_the_outcome_says(
    row, server, django_capture_on_commit_callbacks
):
    channel = _channel(row, server)
    post = published_post(django_capture_on_commit_callbacks, channel)
    delivery = post.deliveries.get()
    behaviour = row["server"]
    if behaviour == "zalo:-14014":
        server.script("zalo:-216")  # the expiry that makes us refresh
    if behaviour == "graph:506":
        marker = idempotency_marker(delivery.idempotency_key)
        ours = server.add_post(f"{post.title}\n\n{marker}")
    server.script(*ZALO_BEFORE.get(behaviour, ()), behaviour)

    delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    channel.refresh_from_db()
    outcome = Outcome(row["outcome"])
    if outcome in (Outcome.REFRESH, Outcome.RESOLVE):
        assert delivery.status == Delivery.Status.SENT
        assert channel.rejected_at is None
        if outcome == Outcome.RESOLVE:
            assert delivery.external_id == ours["id"]
            assert len(server.page_posts()) == 1  # never posted twice
        else:
            assert channel.refresh_token == server.zalo_refresh_token
        return
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.last_error
    if outcome == Outcome.RETRY:
        assert delivery.next_attempt_at > timezone.now()
        assert channel.rejected_at is None
    elif outcome == Outcome.STOP:
        assert delivery.next_attempt_at is None
        assert channel.rejected_at is not None and channel.last_error
    else:  # FAIL: this delivery only
        assert delivery.next_attempt_at is None
        assert channel.rejected_at is None
