"""Facebook reach read back (#14): the outbox's sent posts, the documented insights
metrics of the local Graph API server, a periodic task and its command twin."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from channels.models import Delivery
from channels.reach import delivery_reach_refresh
from channels.services.outbox import delivery_send
from publishing.leases import lease
from publishing.models import PostReach
from publishing.workflow import Intent, content_save
from tests.campaigns.factories import CampaignPostFactory, SocialChannelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facebook(server):
    return SocialChannelFactory(
        name="Trang Facebook Công đoàn",
        page_id=server.page_id,
        access_token=server.facebook_token,
    )


def sent_post(facebook, django_capture_on_commit_callbacks, *, title="Chào 28/7"):
    """A campaign post published and sent to the Page through the outbox."""
    post = CampaignPostFactory(intent=Intent.DRAFT, title=title)
    delivery = Delivery.objects.create(target=post, channel=facebook)
    with django_capture_on_commit_callbacks(execute=True):
        content_save(obj=post, intent=Intent.PUBLISH)
    delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    return delivery


def test_reach_and_reactions_are_read_back_and_stored(
    server, facebook, django_capture_on_commit_callbacks
):
    delivery = sent_post(facebook, django_capture_on_commit_callbacks)
    server.set_insights(
        delivery.external_id, reach=812, clicks=40, reactions={"like": 30, "love": 5}
    )
    assert delivery_reach_refresh() == {"posts": 1, "refreshed": 1, "failed": 0}
    row = PostReach.objects.get()
    assert (row.platform, row.external_id) == ("facebook", delivery.external_id)
    assert (row.reach, row.reactions, row.clicks) == (812, 35, 40)
    assert (
        row.object_id == delivery.object_id and row.unit_id == delivery.target.unit_id
    )
    (call,) = server.requests_to("GET", f"/{delivery.external_id}/insights")
    assert call.query["metric"] == [
        "post_impressions_unique,post_clicks,post_reactions_by_type_total"
    ]
    assert call.query["period"] == ["lifetime"]
    assert call.headers["authorization"] == f"Bearer {server.facebook_token}"


def test_a_second_run_updates_the_same_row(
    server, facebook, django_capture_on_commit_callbacks
):
    delivery = sent_post(facebook, django_capture_on_commit_callbacks)
    server.set_insights(delivery.external_id, reach=100)
    delivery_reach_refresh()
    server.set_insights(delivery.external_id, reach=250, reactions={"like": 3})
    delivery_reach_refresh()
    row = PostReach.objects.get()
    assert (row.reach, row.reactions) == (250, 3)


def test_a_deprecated_metric_falls_back_to_the_reactions_edge(
    server, facebook, django_capture_on_commit_callbacks
):
    delivery = sent_post(facebook, django_capture_on_commit_callbacks)
    server.set_insights(delivery.external_id, reach=90, reactions={"wow": 4})
    delivery_reach_refresh()
    server.facebook_deprecated_metrics.add("post_impressions_unique")
    server.set_insights(delivery.external_id, reach=120, reactions={"wow": 9})
    assert delivery_reach_refresh()["refreshed"] == 1
    row = PostReach.objects.get()
    assert (row.reach, row.reactions) == (90, 9)  # reach unknown now: kept


def test_only_facebook_posts_of_the_last_days_are_asked_for(
    server, facebook, django_capture_on_commit_callbacks
):
    old = sent_post(facebook, django_capture_on_commit_callbacks, title="Cũ")
    Delivery.objects.filter(pk=old.pk).update(
        sent_at=timezone.now() - timedelta(days=29)
    )
    recent = sent_post(facebook, django_capture_on_commit_callbacks, title="Mới")
    assert delivery_reach_refresh(dry_run=True) == {
        "posts": 1,
        "refreshed": 0,
        "failed": 0,
    }
    assert server.requests_to("GET", "/insights") == []  # a dry run asks nothing
    delivery_reach_refresh()
    assert [r.path for r in server.requests_to("GET", "/insights")] == [
        f"/v23.0/{recent.external_id}/insights"
    ]


def test_a_revoked_token_skips_its_channel_and_keeps_the_figures(
    server, facebook, django_capture_on_commit_callbacks
):
    first = sent_post(facebook, django_capture_on_commit_callbacks, title="Một")
    sent_post(facebook, django_capture_on_commit_callbacks, title="Hai")
    server.set_insights(first.external_id, reach=70)
    delivery_reach_refresh()
    before = server.requests_to("GET", "/insights")
    server.script("graph:190")
    assert delivery_reach_refresh() == {"posts": 2, "refreshed": 0, "failed": 2}
    assert len(server.requests_to("GET", "/insights")) == len(before) + 1
    assert PostReach.objects.get(external_id=first.external_id).reach == 70


def test_a_passing_failure_skips_only_that_post(
    server, facebook, django_capture_on_commit_callbacks
):
    sent_post(facebook, django_capture_on_commit_callbacks, title="Một")
    sent_post(facebook, django_capture_on_commit_callbacks, title="Hai")
    server.script("server_error")
    assert delivery_reach_refresh() == {"posts": 2, "refreshed": 1, "failed": 1}


def test_a_run_while_another_holds_the_lease_does_nothing(
    server, facebook, django_capture_on_commit_callbacks
):
    sent_post(facebook, django_capture_on_commit_callbacks)
    with lease("channels.delivery_reach_refresh") as held:
        assert held
        assert delivery_reach_refresh()["refreshed"] == 0
    assert server.requests_to("GET", "/insights") == []


def test_nothing_sent_means_no_call(server):
    assert delivery_reach_refresh() == {"posts": 0, "refreshed": 0, "failed": 0}
    assert server.requests == []


def test_the_command_twin_reports_what_it_did(
    server, facebook, django_capture_on_commit_callbacks, capsys
):
    delivery = sent_post(facebook, django_capture_on_commit_callbacks)
    server.set_insights(delivery.external_id, reach=5)
    call_command("delivery_reach_refresh", "--dry-run")
    assert "Có 1 bài Facebook trong 28 ngày qua." in capsys.readouterr().out
    assert not PostReach.objects.exists()
    later = timezone.now() + timedelta(days=10)
    with time_machine.travel(later, tick=False):
        call_command("delivery_reach_refresh", "--days", "7")
    assert "Đã cập nhật 0/0 bài Facebook" in capsys.readouterr().out
    call_command("delivery_reach_refresh")
    assert "Đã cập nhật 1/1 bài Facebook; 0 bài chưa đọc được." in (
        capsys.readouterr().out
    )
    assert PostReach.objects.get().reach == 5


def test_the_task_runs_the_service(
    server, facebook, django_capture_on_commit_callbacks
):
    from channels.tasks import delivery_reach_refresh as task

    delivery = sent_post(facebook, django_capture_on_commit_callbacks)
    server.set_insights(delivery.external_id, reach=12)
    task.apply()
    assert PostReach.objects.get().reach == 12
