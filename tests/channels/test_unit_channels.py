"""Channels belong to a unit (#14 point 1): its editors enter and renew the
credentials (encrypted, write-only, a masked tail and the renewal time shown), see
its warnings on their admin home, and its localised campaign drafts go to it;
nobody else can. Office staff manage every channel. Everything through the admin
forms as rendered (tests/support/forms.py)."""

import pytest
from django.utils import timezone

from campaigns.models import CampaignPost
from campaigns.services.posts import campaign_posts_materialise
from channels.models import Delivery, SocialChannel
from channels.services.credentials import channel_rejected
from channels.services.outbox import deliveries_due_send
from tests.campaigns.factories import (
    OccurrenceFactory,
    PlannedPostFactory,
    SocialChannelFactory,
)
from tests.support.forms import form_data, select_options
from tests.units.factories import office_unit
from units import permissions

pytestmark = pytest.mark.django_db
LIST = "/admin/channels/socialchannel/"
TOKEN = "EAAB-new-page-token-of-bk-a1b2"


def change(channel) -> str:
    return f"{LIST}{channel.pk}/change/"


@pytest.fixture
def channels(unit_a, unit_b):
    return {
        "office": SocialChannelFactory(name="Trang Văn phòng"),
        "a": SocialChannelFactory(name="Trang Bách khoa", unit=unit_a),
        "b": SocialChannelFactory(name="Trang Tự nhiên", unit=unit_b),
    }


def test_an_editor_lists_and_opens_only_their_units_channels(editor_client, channels):
    listing = editor_client.get(LIST).text
    assert "Trang Bách khoa" in listing
    assert "Trang Tự nhiên" not in listing and "Trang Văn phòng" not in listing
    assert editor_client.get(change(channels["a"])).status_code == 200
    assert editor_client.get(change(channels["b"])).status_code == 404
    assert editor_client.get(change(channels["office"])).status_code == 404


def test_office_staff_list_every_channel(office_client, channels):
    listing = office_client.get(LIST).text
    for name in ("Trang Bách khoa", "Trang Tự nhiên", "Trang Văn phòng"):
        assert name in listing


def test_an_editor_renews_their_channels_token_which_is_never_shown_again(
    editor_client, channels
):
    channel = channels["a"]
    data = form_data(editor_client.get(change(channel)).text)
    data["access_token_input"] = [TOKEN]
    assert editor_client.post(change(channel), data).status_code == 302
    channel.refresh_from_db()
    assert channel.access_token == TOKEN
    assert channel.credentials_updated_at is not None
    page = editor_client.get(change(channel)).text
    assert TOKEN not in page and TOKEN[:-4] not in page
    assert "…a1b2" in page
    renewed = timezone.localtime(channel.credentials_updated_at)
    assert f"Gia hạn lần cuối lúc {renewed:%H:%M %d/%m/%Y}." in page


def test_an_editor_cannot_move_a_channel_to_another_unit_by_forging_the_form(
    editor_client, channels, unit_b
):
    channel = channels["a"]
    html = editor_client.get(change(channel)).text
    assert select_options(html, "unit") == [str(channel.unit_id)]
    data = form_data(html)
    data["unit"] = [str(unit_b.pk)]
    response = editor_client.post(change(channel), data)
    assert response.status_code == 200  # the form says the choice is not valid
    channel.refresh_from_db()
    assert channel.unit_id != unit_b.pk


def test_an_editor_cannot_add_a_channel_for_another_unit(editor_client, unit_b):
    data = form_data(editor_client.get(f"{LIST}add/").text)
    data.update(
        unit=[str(unit_b.pk)], kind=["facebook"], name=["Trang giả"],
        page_id=["1234567890"], access_token_input=[TOKEN],
    )  # fmt: skip
    assert editor_client.post(f"{LIST}add/", data).status_code == 200
    assert not SocialChannel.objects.filter(name="Trang giả").exists()


def test_an_editor_cannot_renew_another_units_token_by_forged_post(
    editor_client, channels
):
    other = channels["b"]
    data = form_data(editor_client.get(change(channels["a"])).text)
    data.update(access_token_input=[TOKEN], name=[other.name])
    assert editor_client.post(change(other), data).status_code == 404
    other.refresh_from_db()
    assert other.access_token != TOKEN


def test_editors_see_their_channels_warnings_on_their_admin_home(
    editor_client, channels
):
    channel_rejected(channel=channels["a"], error="Mã bị thu hồi (#190)")
    channel_rejected(channel=channels["b"], error="Mã bị thu hồi (#190)")
    Delivery.objects.create(
        target=CampaignPost.objects.create(
            occurrence=OccurrenceFactory(), title="Bài lỗi", slug="bai-loi",
            body="<p>x</p>",
        ),
        channel=channels["a"], status=Delivery.Status.FAILED,
    )  # fmt: skip
    home = editor_client.get("/admin/").text
    assert "Kênh mạng xã hội cần chú ý" in home
    assert "Trang Bách khoa" in home and "Mã bị thu hồi (#190)" in home
    assert "Trang Tự nhiên" not in home
    assert "Lượt gửi mạng xã hội bị lỗi, cần người xử lý" in home


def test_the_permission_rule_answers_who_posts_to_which_channel(
    unit_editor, office_staff, channels
):
    everything = SocialChannel.objects.all()
    assert set(
        permissions.channels_postable_by(user=unit_editor, queryset=everything)
    ) == {channels["a"]}
    assert set(
        permissions.channels_postable_by(user=office_staff, queryset=everything)
    ) == set(channels.values())
    assert permissions.user_can_post_to_channel(user=unit_editor, channel=channels["a"])
    assert not permissions.user_can_post_to_channel(
        user=unit_editor, channel=channels["b"]
    )


def test_a_cdcs_localised_draft_goes_to_that_cdcs_channels_once(
    server, editor_client, unit_a, unit_b, django_capture_on_commit_callbacks
):
    mine = SocialChannelFactory(
        name="Trang Bách khoa", unit=unit_a, page_id=server.page_id,
        access_token=server.facebook_token,
    )  # fmt: skip
    SocialChannelFactory(name="Trang Tự nhiên", unit=unit_b)
    SocialChannelFactory(name="Trang Văn phòng", unit=office_unit())
    plan = PlannedPostFactory(unit_drafts=True, offset_days=3)
    occurrence = OccurrenceFactory(
        campaign=plan.campaign, date=timezone.localdate() + timezone.timedelta(days=3)
    )
    occurrence.campaign.units.add(unit_a)
    campaign_posts_materialise(campaign_id=plan.campaign_id)
    copy = CampaignPost.objects.get(unit=unit_a)
    assert [d.channel for d in copy.deliveries.all()] == [mine]
    assert copy.deliveries.get().status == Delivery.Status.WAITING

    url = f"/admin/campaigns/campaignpost/{copy.pk}/change/"
    data = form_data(editor_client.get(url).text)
    data["intent"] = ["publish"]
    data["publish_at"] = [""]
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    copy.refresh_from_db()
    assert copy.status == "published"
    deliveries_due_send()
    deliveries_due_send()
    delivery = copy.deliveries.get()
    assert delivery.status == Delivery.Status.SENT
    assert len(server.page_posts()) == 1


def test_the_demo_has_channels_for_the_office_and_two_cdcs(server):
    import io

    from django.core.management import call_command

    call_command("demo_load", stdout=io.StringIO())
    call_command("demo_load", stdout=io.StringIO())  # twice changes nothing
    by_unit = {c.name: c.unit.slug for c in SocialChannel.objects.all()}
    assert sorted(by_unit.values()) == [
        "bach-khoa", "cong-doan-dhqg-hcm", "cong-doan-dhqg-hcm", "khoa-hoc-tu-nhien",
    ]  # fmt: skip
    # Pointed at the local protocol server, each channel's token is accepted.
    from channels.services.credentials import social_channels_check

    outcomes = social_channels_check()
    assert set(outcomes.values()) <= {
        "valid",
        "fresh",
        "refreshed",
        "no app credentials",
    }
    assert not SocialChannel.objects.filter(rejected_at__isnull=False).exists()
