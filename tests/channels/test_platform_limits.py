"""Content that would not fit Zalo or Facebook is refused when it is saved in the
admin, with a Vietnamese error and a shortened title to take (#19)."""

import pytest

from campaigns.models import CampaignPost, KeyDate, shortened
from channels.clients.zalo import TITLE_MAX_CHARS
from channels.models import SocialChannel
from tests.campaigns.factories import CampaignPostFactory
from tests.campaigns.test_admin import campaign_form, channel_form
from tests.support.forms import form_data

pytestmark = pytest.mark.django_db
LONG_TITLE = "Chào mừng " + "kỷ niệm ngày thành lập Công đoàn Việt Nam " * 5


def _post_change(office_client, post, **changes):
    url = f"/admin/campaigns/campaignpost/{post.pk}/change/"
    data = form_data(office_client.get(url).text)
    data.update({name: [value] for name, value in changes.items()})
    return office_client.post(url, data)


def test_a_campaign_post_title_over_150_characters_is_refused_with_a_shorter_one(
    office_client,
):
    post = CampaignPostFactory(title="Tin ngắn")
    response = _post_change(office_client, post, title=LONG_TITLE)
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Zalo chỉ nhận tối đa {TITLE_MAX_CHARS}" in text
    assert shortened(LONG_TITLE, TITLE_MAX_CHARS) in text
    post.refresh_from_db()
    assert post.title == "Tin ngắn"


def test_a_title_of_exactly_150_characters_is_accepted(office_client):
    post = CampaignPostFactory(title="Tin ngắn")
    title = ("Công đoàn " * 20)[:TITLE_MAX_CHARS].strip().ljust(TITLE_MAX_CHARS, "x")
    response = _post_change(office_client, post, title=title)
    assert response.status_code == 302
    assert CampaignPost.objects.get(pk=post.pk).title == title


def test_shortened_cuts_at_a_word_and_fits():
    short = shortened(LONG_TITLE, TITLE_MAX_CHARS)
    assert len(short) <= TITLE_MAX_CHARS and short.endswith("…")
    assert LONG_TITLE.startswith(short[:-1])
    assert shortened("Ngắn", TITLE_MAX_CHARS) == "Ngắn"


def test_a_plan_whose_filled_title_is_too_long_is_refused_at_save(office_client):
    union_day = KeyDate.objects.get(slug="ngay-thanh-lap-cong-doan-viet-nam")
    response = office_client.post(
        "/admin/campaigns/campaign/add/",
        campaign_form(union_day, title_template=LONG_TITLE[:120] + " {ten} {ngay}"),
    )
    assert response.status_code == 200
    assert "Zalo chỉ nhận tối đa" in response.content.decode()


def test_a_zalo_channel_whose_author_name_is_too_long_is_refused(
    office_client, settings
):
    settings.ORGANIZATION = {**settings.ORGANIZATION, "short_name": "C" * 51}
    response = office_client.post(
        "/admin/channels/socialchannel/add/",
        channel_form(
            kind="zalo", page_id="", cover_url="https://congdoan.example.vn/a.jpg"
        ),
    )
    assert response.status_code == 200
    assert "ORG_SHORT_NAME" in response.content.decode()
    assert not SocialChannel.objects.exists()


@pytest.mark.parametrize(
    ("size", "refused"), [(1024 * 1024, False), (1024 * 1024 + 1, True)]
)
def test_a_zalo_cover_over_1_mb_among_our_files_is_refused(
    office_client, settings, tmp_path, size, refused
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("covers/bia.jpg", ContentFile(b"\xff" * size))
    try:
        response = office_client.post(
            "/admin/channels/socialchannel/add/",
            channel_form(
                kind="zalo", page_id="", cover_url=f"{settings.SITE_URL}/media/{name}"
            ),
        )
    finally:
        default_storage.delete(name)
    assert (response.status_code == 200) is refused
    if refused:
        assert "tối đa 1 MB" in response.content.decode()
    assert SocialChannel.objects.exists() is not refused
